// Trees on disk as overlay layers: writing what a tree holds beyond an earlier tree
// (files, and whiteouts for what it no longer holds), and reading back what an
// overlay's upper layer says a step changed, without reading the files' bytes.
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmdirSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { diskNode, symlinkNode, type Node, type Tree } from "./tree.ts";

export function writeNode(abs: string, node: Node): void {
  if (node.link !== undefined) return symlinkSync(node.link, abs);
  if (node.path !== undefined) {
    // A layer's file never changes, and a lower layer is never written: share it.
    try {
      return linkSync(node.path, abs);
    } catch {
      // another filesystem: copy below
    }
  }
  writeFileSync(abs, node.data, { mode: node.mode });
  chmodSync(abs, node.mode); // the umask must not narrow it
}

function run(command: string, args: string[]): void {
  const r = spawnSync(command, args, { encoding: "utf8" });
  if (r.status !== 0)
    throw new Error(
      `testkit: ${command} ${args.slice(0, 3).join(" ")} failed: ${r.stderr}`,
    );
}

/** Overlayfs whiteouts (0:0 character devices): they hide a path of the layers below. */
export function writeWhiteouts(dir: string, paths: readonly string[]): void {
  if (paths.length === 0) return;
  for (const p of paths) mkdirSync(dirname(join(dir, p)), { recursive: true });
  run("sh", [
    "-c",
    'for p; do mknod "$p" c 0 0; done',
    "sh",
    ...paths.map((p) => join(dir, p)),
  ]);
}

/** Every folder of a tree, implied by its files or kept as an empty one, without "/". */
export function folders(tree: Tree): Set<string> {
  const dirs = new Set<string>();
  for (const key of tree.keys()) {
    const parts = key.replace(/\/$/, "").split("/");
    const last = key.endsWith("/") ? parts.length : parts.length - 1;
    for (let i = 1; i <= last; i++) dirs.add(parts.slice(0, i).join("/"));
  }
  return dirs;
}

/**
 * Writes into `dir` a layer that, laid over the layers holding `base`, holds exactly
 * `tree`: what is new or different, and whiteouts for what is gone.
 */
export function writeDelta(dir: string, base: Tree, tree: Tree): void {
  mkdirSync(dir, { recursive: true });
  for (const [path, node] of tree) {
    if (base.get(path) === node) continue;
    const abs = join(dir, path);
    if (path.endsWith("/")) {
      mkdirSync(abs, { recursive: true });
      continue;
    }
    mkdirSync(dirname(abs), { recursive: true });
    writeNode(abs, node);
  }
  writeWhiteouts(dir, gone(base, tree));
}

/** The topmost paths `base` holds and `tree` does not. */
function gone(base: Tree, tree: Tree): string[] {
  let missing = false;
  for (const key of base.keys()) if (!tree.has(key)) missing = true;
  if (!missing) return [];
  const dirsNow = folders(tree);
  const removed = new Set<string>();
  for (const key of base.keys())
    if (!key.endsWith("/") && !tree.has(key) && !dirsNow.has(key))
      removed.add(key);
  for (const dir of folders(base)) if (!dirsNow.has(dir)) removed.add(dir);
  // Below a removed folder, or a folder that became a file, nothing needs hiding.
  const covered = (p: string) => {
    const parts = p.split("/");
    for (let i = 1; i < parts.length; i++) {
      const up = parts.slice(0, i).join("/");
      if (removed.has(up) || tree.has(up)) return true;
    }
    return false;
  };
  return [...removed].filter((p) => !covered(p) && !tree.has(p)).sort();
}

/** What a step's upper layer holds, relative to it. */
export interface UpperChanges {
  written: Map<string, Node>;
  /** Paths the step removed (whiteouts). */
  removed: string[];
  /** Empty folders the step made. */
  made: string[];
  /** Folders that are in the upper layer and were folders before: they may be opaque. */
  merged: string[];
}

/**
 * Reads an upper layer: files as nodes that stay on disk, symlinks, whiteouts, and
 * empty folders, except those the layout made to mount something on (`mountPoints`
 * names them and every folder above them). `foldersBefore` are the folders the layer
 * was laid over.
 */
export function readUpper(
  upper: string,
  mountPoints: ReadonlySet<string>,
  foldersBefore: ReadonlySet<string>,
): UpperChanges {
  const changes: UpperChanges = {
    written: new Map(),
    removed: [],
    made: [],
    merged: [],
  };
  const walk = (rel: string): boolean => {
    let found = false;
    for (const entry of readdirSync(join(upper, rel), {
      withFileTypes: true,
    })) {
      const path = rel === "" ? entry.name : `${rel}/${entry.name}`;
      const abs = join(upper, path);
      if (entry.isDirectory()) {
        if (foldersBefore.has(path)) changes.merged.push(path);
        const inside = walk(path);
        if (!inside && !mountPoints.has(path)) changes.made.push(path);
        found ||= inside || !mountPoints.has(path);
      } else if (entry.isSymbolicLink()) {
        changes.written.set(path, symlinkNode(readlinkSync(abs)));
        found = true;
      } else if (entry.isFile()) {
        const st = lstatSync(abs);
        changes.written.set(path, diskNode(abs, st.mode & 0o7777, st.size));
        found = true;
      } else if (entry.isCharacterDevice() && lstatSync(abs).rdev === 0) {
        changes.removed.push(path);
        found = true;
      }
    }
    return found;
  };
  walk("");
  return changes;
}

/** Folders overlayfs marked opaque: the step removed them and made them anew. */
export function opaqueFolders(
  upper: string,
  candidates: readonly string[],
): Set<string> {
  if (candidates.length === 0) return new Set();
  const r = spawnSync(
    "python3",
    [
      "-c",
      [
        "import os, sys",
        "for p in sys.stdin.read().split('\\0'):",
        "    try:",
        "        if os.getxattr(os.path.join(sys.argv[1], p), 'trusted.overlay.opaque', follow_symlinks=False) == b'y': print(p)",
        "    except OSError: pass",
      ].join("\n"),
      upper,
    ],
    { input: candidates.join("\0"), encoding: "utf8" },
  );
  if (r.status !== 0)
    throw new Error(`testkit: reading overlay attributes failed: ${r.stderr}`);
  return new Set(r.stdout.split("\n").filter(Boolean));
}

/** Moves what `from` holds into `to`, folder by folder where both have one. */
export function moveInto(from: string, to: string): void {
  let target: ReturnType<typeof lstatSync> | undefined;
  try {
    target = lstatSync(to);
  } catch {
    mkdirSync(dirname(to), { recursive: true });
    return renameSync(from, to);
  }
  if (target.isDirectory() && readdirSync(to).length === 0) {
    rmdirSync(to);
    return renameSync(from, to);
  }
  for (const name of readdirSync(from)) {
    const child = join(from, name);
    if (lstatSync(child).isDirectory()) moveInto(child, join(to, name));
    else renameSync(child, join(to, name));
  }
}
