// Virtual file trees: the contents of a Directory as the engine double sees it.
// A tree maps posix paths relative to its root ("src/a.ts") to nodes: a file's bytes
// and permission bits, or a symlink's target. Directories are implied by the files
// below them; an empty directory is kept as an entry ending in "/" so that
// withNewDirectory and exists() behave.
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import picomatch from "picomatch";

export interface Node {
  readonly data: Buffer;
  /** Permission bits (0o644, 0o755). */
  readonly mode: number;
  /** Set for a symlink: its target, as written. */
  readonly link?: string;
}

export type Tree = ReadonlyMap<string, Node>;

export const emptyTree: Tree = new Map();

const dirMarker: Node = { data: Buffer.alloc(0), mode: 0o755 };

/** A regular file node. */
export function fileNode(contents: string | Buffer, mode = 0o644): Node {
  return {
    data: typeof contents === "string" ? Buffer.from(contents) : contents,
    mode,
  };
}

export function symlinkNode(target: string): Node {
  return { data: Buffer.alloc(0), mode: 0o777, link: target };
}

/** A file's contents as UTF-8 text. */
export function text(node: Node): string {
  return node.data.toString("utf8");
}

export function sameNode(a: Node | undefined, b: Node | undefined): boolean {
  if (!a || !b) return a === b;
  return a.mode === b.mode && a.link === b.link && a.data.equals(b.data);
}

/** A tree from path → text, for tests and literals. */
export function fromText(entries: Record<string, string>): Tree {
  return new Map(
    Object.entries(entries).map(([p, c]) => [
      p,
      p.endsWith("/") ? dirMarker : fileNode(c),
    ]),
  );
}

/** Normalises "./a//b/", "/a/b" and "a/b" to "a/b"; the root is "". */
export function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return parts.join("/");
}

export function join2(dir: string, path: string): string {
  return normalize(`${dir}/${path}`);
}

/**
 * Reads a folder on disk into a tree: files with their bytes and permission bits,
 * symlinks as links. Special files (sockets, devices) are skipped; `skip` names
 * relative paths not to descend into.
 */
export function readTree(
  root: string,
  skip: (path: string) => boolean = () => false,
): Tree {
  const tree = new Map<string, Node>();
  const walk = (rel: string) => {
    const entries = readdirSync(join(root, rel), { withFileTypes: true });
    if (entries.length === 0 && rel !== "") tree.set(`${rel}/`, dirMarker);
    for (const entry of entries) {
      const path = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (skip(path)) continue;
      const abs = join(root, path);
      if (entry.isDirectory()) walk(path);
      else if (entry.isSymbolicLink())
        tree.set(path, symlinkNode(readlinkSync(abs)));
      else if (entry.isFile())
        tree.set(
          path,
          fileNode(readFileSync(abs), lstatSync(abs).mode & 0o7777),
        );
    }
  };
  walk("");
  return tree;
}

export function files(tree: Tree): string[] {
  return [...tree.keys()].filter((p) => !p.endsWith("/")).sort();
}

export function isDir(tree: Tree, path: string): boolean {
  const p = normalize(path);
  if (p === "") return true;
  for (const key of tree.keys()) if (key.startsWith(`${p}/`)) return true;
  return false;
}

export function isFile(tree: Tree, path: string): boolean {
  return tree.has(normalize(path)) && !normalize(path).endsWith("/");
}

/** The tree below `path`, re-rooted there. */
export function subtree(tree: Tree, path: string): Tree {
  const p = normalize(path);
  if (p === "") return tree;
  const out = new Map<string, Node>();
  for (const [key, value] of tree) {
    if (key.startsWith(`${p}/`) && key.length > p.length + 1)
      out.set(key.slice(p.length + 1), value);
  }
  return out;
}

/** Immediate children of `path`, directories with a trailing slash, as Directory.entries. */
export function entries(tree: Tree, path = ""): string[] {
  const p = normalize(path);
  const prefix = p === "" ? "" : `${p}/`;
  const names = new Set<string>();
  for (const key of tree.keys()) {
    if (!key.startsWith(prefix) || key === prefix) continue;
    const [name, ...below] = key.slice(prefix.length).split("/");
    names.add(below.length > 0 ? `${name}/` : name!);
  }
  return [...names].sort();
}

export function withFile(tree: Tree, path: string, node: Node): Tree {
  const out = new Map(tree);
  const p = normalize(path);
  out.set(p, node);
  // A file placed into a directory that was empty makes its marker redundant.
  const parent = p.split("/").slice(0, -1).join("/");
  if (parent) out.delete(`${parent}/`);
  return out;
}

export function withEmptyDirectory(tree: Tree, path: string): Tree {
  const p = normalize(path);
  if (p === "" || isDir(tree, p)) return tree;
  return new Map(tree).set(`${p}/`, dirMarker);
}

/** Removes a file, or a directory and everything below it. */
export function without(tree: Tree, path: string): Tree {
  const p = normalize(path);
  const out = new Map<string, Node>();
  for (const [key, value] of tree) {
    if (key === p || key === `${p}/` || key.startsWith(`${p}/`)) continue;
    out.set(key, value);
  }
  return out;
}

/** Copies `source` into `tree` at `path`, over what is there (like Dagger's withDirectory). */
export function merge(tree: Tree, path: string, source: Tree): Tree {
  let out: Tree = tree;
  const p = normalize(path);
  if (source.size === 0) return withEmptyDirectory(out, p);
  for (const [key, value] of source) {
    const target = join2(p, key);
    out = key.endsWith("/")
      ? withEmptyDirectory(out, target)
      : withFile(out, target, value);
  }
  return out;
}

/**
 * Dockerignore-style pattern matching, as Dagger's ignore and Directory.filter use:
 * patterns are relative to the root, `*` stays within a path segment, `**` crosses
 * segments, a pattern that matches a directory matches everything below it, and a
 * later `!pattern` re-includes what an earlier one excluded.
 */
export function matcher(
  patterns: readonly string[],
): (path: string) => boolean {
  const compiled = patterns.map((raw) => {
    const negated = raw.startsWith("!");
    const pattern = normalize(negated ? raw.slice(1) : raw);
    return { negated, test: picomatch(pattern, { dot: true }) };
  });
  return (path) => {
    const parts = normalize(path).split("/");
    let matched = false;
    for (const { negated, test } of compiled) {
      for (let i = 1; i <= parts.length; i++) {
        if (test(parts.slice(0, i).join("/"))) {
          matched = !negated;
          break;
        }
      }
    }
    return matched;
  };
}

export function filter(
  tree: Tree,
  opts: { include?: readonly string[]; exclude?: readonly string[] },
): Tree {
  const include = opts.include?.length ? matcher(opts.include) : () => true;
  const exclude = opts.exclude?.length ? matcher(opts.exclude) : () => false;
  const out = new Map<string, Node>();
  for (const [key, value] of tree) {
    const path = key.endsWith("/") ? key.slice(0, -1) : key;
    if (include(path) && !exclude(path)) out.set(key, value);
  }
  return out;
}

/** Paths (files and directories) matching a glob, as Directory.glob returns them. */
export function glob(tree: Tree, pattern: string): string[] {
  const test = picomatch(normalize(pattern), { dot: true });
  const found = new Set<string>();
  for (const key of tree.keys()) {
    const parts = key.replace(/\/$/, "").split("/");
    for (let i = 1; i <= parts.length; i++) {
      const candidate = parts.slice(0, i).join("/");
      if (test(candidate))
        found.add(
          i < parts.length || key.endsWith("/") ? `${candidate}/` : candidate,
        );
    }
  }
  return [...found].sort();
}
