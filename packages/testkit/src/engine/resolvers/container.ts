// Container fields: each with* field derives a new container state, directory() and
// file() read what a step can see, and the output fields read the last exec.
import {
  dirExists,
  removePath,
  resolve,
  view,
  withMount,
  withoutMount,
  writeTree,
  type ContainerState,
} from "../container.ts";
import { imageDefaults } from "../images.ts";
import type { Session } from "../session.ts";
import * as tree from "../tree.ts";
import type { Value } from "../values.ts";
import {
  flag,
  optionalEnum,
  optionalNumber,
  patterns,
  string,
  strings,
  type Args,
} from "./args.ts";
import { expand, runExec } from "./exec.ts";
import {
  derive,
  fileIn,
  forceArg,
  newFile,
  sync,
  type Resolvers,
} from "./resolver.ts";

type Self = Value<ContainerState>;

/** A container derived from `self` by `field(args)`. */
function container(
  s: Session,
  self: Self,
  field: string,
  args: Args,
  f: (st: ContainerState) => ContainerState | Promise<ContainerState>,
) {
  return derive(s, self, field, args, "Container", async () =>
    f(await s.force(self)),
  );
}

async function lastExec(s: Session, self: Self) {
  const st = await s.force(self);
  if (!st.lastExec) throw new Error("no command has been set");
  return st.lastExec;
}

export const Container: Resolvers<ContainerState> = {
  from: (s, self, a) =>
    container(s, self, "from", a, (st) => {
      const address = string(a, "address");
      const image = imageDefaults(address, s.host?.images);
      return {
        ...st,
        image: address,
        rootfs: image.rootfs,
        imageEnv: image.env,
        imageBinds: image.binds,
        removedFromImage: [],
        entrypoint: image.entrypoint,
      };
    }),
  withExec: (s, self, a) =>
    container(s, self, "withExec", a, (st) => runExec(s, st, a)),
  withEnvVariable: (s, self, a) =>
    container(s, self, "withEnvVariable", a, (st) => {
      const value = string(a, "value");
      return {
        ...st,
        env: {
          ...st.env,
          [string(a, "name")]: flag(a, "expand")
            ? expand(value, { ...st.imageEnv, ...st.env })
            : value,
        },
      };
    }),
  withoutEnvVariable: (s, self, a) =>
    container(s, self, "withoutEnvVariable", a, (st) => {
      const env = { ...st.env };
      delete env[string(a, "name")];
      return { ...st, env };
    }),
  withSecretVariable: (s, self, a) =>
    container(s, self, "withSecretVariable", a, async (st) => {
      const secret = await forceArg(s, a.secret, "Secret");
      return {
        ...st,
        secretEnv: { ...st.secretEnv, [string(a, "name")]: secret },
      };
    }),
  withWorkdir: (s, self, a) =>
    container(s, self, "withWorkdir", a, (st) => ({
      ...st,
      workdir: `/${resolve(st, string(a, "path"))}`,
    })),
  withUser: (s, self, a) =>
    container(s, self, "withUser", a, (st) => ({
      ...st,
      user: string(a, "name"),
    })),
  withEntrypoint: (s, self, a) =>
    container(s, self, "withEntrypoint", a, (st) => ({
      ...st,
      entrypoint: strings(a, "args"),
    })),
  withMountedCache: (s, self, a) =>
    container(s, self, "withMountedCache", a, async (st) =>
      withMount(st, string(a, "path"), {
        type: "cache",
        volume: await forceArg(s, a.cache, "CacheVolume"),
        sharing:
          optionalEnum(a, "sharing", ["SHARED", "PRIVATE", "LOCKED"]) ??
          "SHARED",
      }),
    ),
  withMountedDirectory: (s, self, a) =>
    container(s, self, "withMountedDirectory", a, async (st) =>
      withMount(st, string(a, "path"), {
        type: "directory",
        tree: await forceArg(s, a.source, "Directory"),
        readOnly: flag(a, "readOnly"),
      }),
    ),
  withMountedFile: (s, self, a) =>
    container(s, self, "withMountedFile", a, async (st) =>
      withMount(st, string(a, "path"), {
        type: "file",
        node: (await forceArg(s, a.source, "File")).node,
      }),
    ),
  withMountedTemp: (s, self, a) =>
    container(s, self, "withMountedTemp", a, (st) =>
      withMount(st, string(a, "path"), { type: "temp" }),
    ),
  withMountedSecret: (s, self, a) =>
    container(s, self, "withMountedSecret", a, async (st) =>
      withMount(st, string(a, "path"), {
        type: "secret",
        secret: await forceArg(s, a.source, "Secret"),
      }),
    ),
  withoutMount: (s, self, a) =>
    container(s, self, "withoutMount", a, (st) =>
      withoutMount(st, string(a, "path")),
    ),
  withDirectory: (s, self, a) =>
    container(s, self, "withDirectory", a, async (st) => {
      const source = await forceArg(s, a.source, "Directory");
      return writeTree(st, string(a, "path"), tree.filter(source, patterns(a)));
    }),
  withFile: (s, self, a) =>
    container(s, self, "withFile", a, async (st) => {
      const file = await forceArg(s, a.source, "File");
      const permissions = optionalNumber(a, "permissions");
      const node =
        permissions === undefined
          ? file.node
          : tree.withMode(file.node, permissions);
      return writeTree(
        st,
        "/",
        new Map([[resolve(st, string(a, "path")), node]]),
      );
    }),
  withNewFile: (s, self, a) =>
    container(s, self, "withNewFile", a, (st) =>
      writeTree(
        st,
        "/",
        new Map([
          [
            resolve(st, string(a, "path")),
            newFile(string(a, "contents"), optionalNumber(a, "permissions")),
          ],
        ]),
      ),
    ),
  withoutFile: (s, self, a) =>
    container(s, self, "withoutFile", a, (st) =>
      removePath(st, string(a, "path")),
    ),
  withoutDirectory: (s, self, a) =>
    container(s, self, "withoutDirectory", a, (st) =>
      removePath(st, string(a, "path")),
    ),
  directory: (s, self, a) =>
    derive(s, self, "directory", a, "Directory", async () => {
      const st = await s.force(self);
      const path = string(a, "path");
      if (!dirExists(st, path))
        throw new Error(`${path}: no such file or directory`);
      return view(st, path);
    }),
  file: (s, self, a) =>
    derive(s, self, "file", a, "File", async () => {
      const st = await s.force(self);
      return fileIn(view(st, "/"), resolve(st, string(a, "path")));
    }),
  exitCode: async (s, self) => (await lastExec(s, self)).exitCode,
  stdout: async (s, self) => (await lastExec(s, self)).stdout,
  stderr: async (s, self) => (await lastExec(s, self)).stderr,
  combinedOutput: async (s, self) => {
    const last = await lastExec(s, self);
    return last.stdout + last.stderr;
  },
  envVariable: async (s, self, a) =>
    (await s.force(self)).env[string(a, "name")] ?? null,
  workdir: async (s, self) => (await s.force(self)).workdir,
  sync,
};
