// Directory fields: reads (entries, glob, exists, digest, files, subdirectories), writes that
// derive a new tree, and changes() against an earlier tree.
import type { Session } from "../session.ts";
import * as tree from "../tree.ts";
import type { Value } from "../values.ts";
import {
  optionalEnum,
  optionalNumber,
  optionalString,
  patterns,
  string,
  strings,
  type Args,
} from "./args.ts";
import {
  derive,
  fileIn,
  forceArg,
  newFile,
  sync,
  type Resolvers,
} from "./resolver.ts";

type Self = Value<tree.Tree>;

/** A directory derived from `self` by `field(args)`. */
function directory(
  s: Session,
  self: Self,
  field: string,
  args: Args,
  f: (t: tree.Tree) => tree.Tree | Promise<tree.Tree>,
) {
  return derive(s, self, field, args, "Directory", async () =>
    f(await s.force(self)),
  );
}

function dirIn(t: tree.Tree, path: string): tree.Tree {
  if (!tree.isDir(t, path))
    throw new Error(`${path}: no such file or directory`);
  return tree.subtree(t, path);
}

export const Directory: Resolvers<tree.Tree> = {
  entries: async (s, self, a) =>
    tree.entries(await s.force(self), optionalString(a, "path") ?? ""),
  digest: async (s, self) => `sha256:${tree.treeDigest(await s.force(self))}`,
  glob: async (s, self, a) =>
    tree.glob(await s.force(self), string(a, "pattern")),
  exists: async (s, self, a) => {
    const t = await s.force(self);
    const path = string(a, "path");
    const type = optionalEnum(a, "expectedType", [
      "DIRECTORY_TYPE",
      "REGULAR_TYPE",
      "SYMLINK_TYPE",
    ]);
    if (type === "DIRECTORY_TYPE") return tree.isDir(t, path);
    if (type === "REGULAR_TYPE") return tree.isFile(t, path);
    return tree.isDir(t, path) || tree.isFile(t, path);
  },
  file: (s, self, a) =>
    derive(s, self, "file", a, "File", async () =>
      fileIn(await s.force(self), string(a, "path")),
    ),
  directory: (s, self, a) =>
    directory(s, self, "directory", a, (t) => dirIn(t, string(a, "path"))),
  filter: (s, self, a) =>
    directory(s, self, "filter", a, (t) => tree.filter(t, patterns(a))),
  withNewFile: (s, self, a) =>
    directory(s, self, "withNewFile", a, (t) =>
      tree.withFile(
        t,
        string(a, "path"),
        newFile(string(a, "contents"), optionalNumber(a, "permissions")),
      ),
    ),
  withNewDirectory: (s, self, a) =>
    directory(s, self, "withNewDirectory", a, (t) =>
      tree.withEmptyDirectory(t, string(a, "path")),
    ),
  withFile: (s, self, a) =>
    directory(s, self, "withFile", a, async (t) => {
      const { node } = await forceArg(s, a.source, "File");
      const permissions = optionalNumber(a, "permissions");
      return tree.withFile(
        t,
        string(a, "path"),
        permissions === undefined ? node : tree.withMode(node, permissions),
      );
    }),
  withDirectory: (s, self, a) =>
    directory(s, self, "withDirectory", a, async (t) => {
      const source = await forceArg(s, a.source, "Directory");
      return tree.merge(t, string(a, "path"), tree.filter(source, patterns(a)));
    }),
  withoutFile: (s, self, a) =>
    directory(s, self, "withoutFile", a, (t) =>
      tree.without(t, string(a, "path")),
    ),
  withoutDirectory: (s, self, a) =>
    directory(s, self, "withoutDirectory", a, (t) =>
      tree.without(t, string(a, "path")),
    ),
  withoutFiles: (s, self, a) =>
    directory(s, self, "withoutFiles", a, (t) =>
      strings(a, "paths").reduce((acc, p) => tree.without(acc, p), t),
    ),
  changes: (s, self, a) =>
    derive(s, self, "changes", a, "Changeset", async () => ({
      before: await forceArg(s, a.from, "Directory"),
      after: await s.force(self),
    })),
  sync,
};
