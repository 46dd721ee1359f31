// Trees on disk: writing a tree into a folder for a step to see, and reading back what
// an overlay's upper layer says the step changed.
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { fileNode, symlinkNode, type Node, type Tree } from "./tree.ts";

/** Writes every entry of a tree below `dir`, with its mode; symlinks as symlinks. */
export function writeTreeTo(dir: string, tree: Tree): void {
  mkdirSync(dir, { recursive: true });
  for (const [path, node] of tree) {
    const abs = join(dir, path);
    if (path.endsWith("/")) {
      mkdirSync(abs, { recursive: true });
      continue;
    }
    mkdirSync(dirname(abs), { recursive: true });
    writeNode(abs, node);
  }
}

export function writeNode(abs: string, node: Node): void {
  if (node.link !== undefined) return symlinkSync(node.link, abs);
  writeFileSync(abs, node.data, { mode: node.mode });
  chmodSync(abs, node.mode); // the umask must not narrow it
}

export interface UpperChanges {
  written: Map<string, Node>;
  /** Paths the step removed (overlayfs whiteouts). */
  removed: string[];
}

/**
 * What an overlay's upper folder holds after a step: files and symlinks written, and
 * whiteouts (0:0 character devices) for removed paths. Folders the step only created
 * to mount something on are not changes; empty folders are left out.
 */
export function readUpper(upper: string): UpperChanges {
  const changes: UpperChanges = { written: new Map(), removed: [] };
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(upper, rel), {
      withFileTypes: true,
    })) {
      const path = rel === "" ? entry.name : `${rel}/${entry.name}`;
      const abs = join(upper, path);
      if (entry.isDirectory()) walk(path);
      else if (entry.isSymbolicLink())
        changes.written.set(path, symlinkNode(readlinkSync(abs)));
      else if (entry.isFile())
        changes.written.set(
          path,
          fileNode(readFileSync(abs), lstatSync(abs).mode & 0o7777),
        );
      else if (entry.isCharacterDevice() && lstatSync(abs).rdev === 0)
        changes.removed.push(path);
    }
  };
  walk("");
  return changes;
}
