// Changeset fields: the paths added, modified and removed between two trees, the
// git-style patch `dagger generate` applies, and the trees themselves.
import { changes, gitPatch, isEmpty } from "../changes.ts";
import type { Session } from "../session.ts";
import * as tree from "../tree.ts";
import type { Value } from "../values.ts";
import {
  derive,
  newFile,
  sync,
  type ChangesetValue,
  type Resolvers,
} from "./resolver.ts";

type Self = Value<ChangesetValue>;

async function changesOf(s: Session, self: Self) {
  const { before, after } = await s.force(self);
  return changes(before, after);
}

/** The tree holding only the added and modified files. */
function layer({ before, after }: ChangesetValue): tree.Tree {
  const c = changes(before, after);
  return tree.filter(after, { include: [...c.added, ...c.modified] });
}

export const Changeset: Resolvers<ChangesetValue> = {
  addedPaths: async (s, self) => (await changesOf(s, self)).added,
  modifiedPaths: async (s, self) => (await changesOf(s, self)).modified,
  removedPaths: async (s, self) => (await changesOf(s, self)).removed,
  isEmpty: async (s, self) => isEmpty(await changesOf(s, self)),
  asPatch: (s, self, a) =>
    derive(s, self, "asPatch", a, "File", async () => {
      const { before, after } = await s.force(self);
      return { name: "diff.patch", node: newFile(gitPatch(before, after)) };
    }),
  before: (s, self, a) =>
    derive(s, self, "before", a, "Directory", async () => {
      return (await s.force(self)).before;
    }),
  after: (s, self, a) =>
    derive(s, self, "after", a, "Directory", async () => {
      return (await s.force(self)).after;
    }),
  layer: (s, self, a) =>
    derive(s, self, "layer", a, "Directory", async () =>
      layer(await s.force(self)),
    ),
  sync,
};
