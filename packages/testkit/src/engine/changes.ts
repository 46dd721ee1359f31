// Changesets between two trees, as Directory.changes(before) reports them, and the
// git-style patch Changeset.asPatch() returns.
import { structuredPatch } from "diff";
import { files, type Tree } from "./tree.ts";

export interface Changes {
  added: string[];
  modified: string[];
  removed: string[];
}

/** Every directory of a tree, as "dir/" and "dir/sub/". */
function directories(tree: Tree): Set<string> {
  const dirs = new Set<string>();
  for (const key of tree.keys()) {
    const parts = key.split("/");
    for (let i = 1; i < parts.length; i++)
      dirs.add(`${parts.slice(0, i).join("/")}/`);
  }
  return dirs;
}

/**
 * Paths as the engine reports them: relative, directories with a trailing slash; an
 * added directory is listed with its files, a removed one alone, without its children.
 */
export function changes(before: Tree, after: Tree): Changes {
  const was = new Set(files(before));
  const now = new Set(files(after));
  const dirsWere = directories(before);
  const dirsNow = directories(after);
  const removedDirs = [...dirsWere].filter((d) => !dirsNow.has(d));
  const underRemovedDir = (p: string) =>
    removedDirs.some((d) => p !== d && p.startsWith(d));
  return {
    added: [
      ...[...now].filter((p) => !was.has(p)),
      ...[...dirsNow].filter((d) => !dirsWere.has(d)),
    ].sort(),
    modified: [...now]
      .filter((p) => was.has(p) && before.get(p) !== after.get(p))
      .sort(),
    removed: [...[...was].filter((p) => !now.has(p)), ...removedDirs]
      .filter((p) => !underRemovedDir(p))
      .sort(),
  };
}

export function isEmpty(c: Changes): boolean {
  return c.added.length + c.modified.length + c.removed.length === 0;
}

function hunks(oldText: string, newText: string): string {
  const patch = structuredPatch("a", "b", oldText, newText, "", "", {
    context: 3,
  });
  return patch.hunks
    .map((h) =>
      [
        `@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`,
        ...h.lines,
      ].join("\n"),
    )
    .join("\n");
}

// An empty range names the line before it: "-0,0" for a file that did not exist.
function range(start: number, lines: number): string {
  if (lines === 0) return `${Math.max(start - 1, 0)},0`;
  return lines === 1 ? `${start}` : `${start},${lines}`;
}

/** A patch `git apply` accepts: one section per changed file, in path order. */
export function gitPatch(before: Tree, after: Tree): string {
  const was = new Set(files(before));
  const now = new Set(files(after));
  const sections: string[] = [];
  const paths = [...new Set([...was, ...now])]
    .filter((p) => before.get(p) !== after.get(p))
    .sort();
  for (const path of paths) {
    const header = [`diff --git a/${path} b/${path}`];
    const oldText = before.get(path) ?? "";
    const newText = after.get(path) ?? "";
    if (!was.has(path))
      header.push("new file mode 100644", "--- /dev/null", `+++ b/${path}`);
    else if (!now.has(path))
      header.push("deleted file mode 100644", `--- a/${path}`, "+++ /dev/null");
    else header.push(`--- a/${path}`, `+++ b/${path}`);
    const body = hunks(oldText, newText);
    sections.push(
      body ? `${header.join("\n")}\n${body}\n` : `${header.join("\n")}\n`,
    );
  }
  return sections.join("");
}
