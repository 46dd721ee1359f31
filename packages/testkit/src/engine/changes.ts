// Changesets between two trees, as Directory.changes(before) reports them, and the
// git-style patch Changeset.asPatch() returns.
import { structuredPatch } from "diff";
import { files, sameNode, type Node, type Tree } from "./tree.ts";

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
      .filter((p) => was.has(p) && !sameNode(before.get(p), after.get(p)))
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

/** Git's mode of a node: 120000 for a symlink, 100755 for an executable, else 100644. */
function gitMode(node: Node): string {
  if (node.link !== undefined) return "120000";
  return node.mode & 0o111 ? "100755" : "100644";
}

/** What git diffs of a node: a symlink's target, else its bytes. */
function body(node: Node | undefined): Buffer {
  if (!node) return Buffer.alloc(0);
  return node.link !== undefined ? Buffer.from(node.link) : node.data;
}

/** A patch `git apply` accepts: one section per changed file, in path order. */
export function gitPatch(before: Tree, after: Tree): string {
  const paths = [...new Set([...files(before), ...files(after)])]
    .filter((p) => !sameNode(before.get(p), after.get(p)))
    .sort();
  return paths.map((p) => section(p, before.get(p), after.get(p))).join("");
}

function section(path: string, was?: Node, now?: Node): string {
  const header = [`diff --git a/${path} b/${path}`];
  if (!was) header.push(`new file mode ${gitMode(now!)}`);
  else if (!now) header.push(`deleted file mode ${gitMode(was)}`);
  else if (gitMode(was) !== gitMode(now))
    header.push(`old mode ${gitMode(was)}`, `new mode ${gitMode(now)}`);
  const oldData = body(was);
  const newData = body(now);
  if (oldData.equals(newData)) return `${header.join("\n")}\n`;
  if (oldData.includes(0) || newData.includes(0))
    return `${header.join("\n")}\nBinary files ${was ? `a/${path}` : "/dev/null"} and ${now ? `b/${path}` : "/dev/null"} differ\n`;
  header.push(was ? `--- a/${path}` : "--- /dev/null");
  header.push(now ? `+++ b/${path}` : "+++ /dev/null");
  const text = hunks(oldData.toString("utf8"), newData.toString("utf8"));
  return text ? `${header.join("\n")}\n${text}\n` : `${header.join("\n")}\n`;
}
