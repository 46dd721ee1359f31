// Virtual file trees: the contents of a Directory as the engine double sees it.
// A tree maps posix paths relative to its root ("src/a.ts") to nodes: a file's bytes
// and permission bits, or a symlink's target. Directories are implied by the files
// below them; an empty directory is kept as an entry ending in "/" so that
// withNewDirectory and exists() behave. A file a step wrote stays on disk in the
// Host's layers and is read only when something asks for its bytes.
import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import picomatch from "picomatch";

export interface Node {
  /** The bytes; a file kept on disk is read each time they are asked for. */
  readonly data: Buffer;
  /** Permission bits (0o644, 0o755). */
  readonly mode: number;
  /** Set for a symlink: its target, as written. */
  readonly link?: string;
  /** Byte length, known without reading a file kept on disk. */
  readonly size: number;
  /** Where a file kept on disk lives; it never changes once a node names it. */
  readonly path?: string;
}

export type Tree = ReadonlyMap<string, Node>;

export const emptyTree: Tree = new Map();

export const dirMarker: Node = { data: Buffer.alloc(0), mode: 0o755, size: 0 };

/** A regular file node. */
export function fileNode(contents: string | Buffer, mode = 0o644): Node {
  const data = typeof contents === "string" ? Buffer.from(contents) : contents;
  return { data, mode, size: data.length };
}

/** A file kept on disk at `path` (a layer's, never written again): read on demand. */
export function diskNode(path: string, mode: number, size: number): Node {
  return {
    get data() {
      return readFileSync(path);
    },
    mode,
    size,
    path,
  };
}

export function symlinkNode(target: string): Node {
  return { data: Buffer.alloc(0), mode: 0o777, link: target, size: 0 };
}

/** The same file with other permission bits. */
export function withMode(node: Node, mode: number): Node {
  return node.link !== undefined ? node : fileNode(node.data, mode);
}

/** A file's contents as UTF-8 text. */
export function text(node: Node): string {
  return node.data.toString("utf8");
}

const digests = new WeakMap<Node, string>();

/**
 * A hash that stands for what a node holds, computed once per node: its mode, link
 * target and bytes; for a file a step wrote, where its layer keeps it. An engine keys a
 * step by the steps before it, not by what they wrote, so that is as precise, and it
 * costs no read.
 */
export function digest(node: Node): string {
  let d = digests.get(node);
  if (d === undefined) {
    const h = createHash("sha256").update(`${node.mode}:${node.link ?? ""}:`);
    if (node.path !== undefined) h.update(`layer:${node.path}`);
    else if (node.link === undefined) h.update(node.data);
    d = h.digest("hex");
    digests.set(node, d);
  }
  return d;
}

/** A hash of a whole tree: its paths and what each holds. */
export function treeDigest(tree: Tree): string {
  const h = createHash("sha256");
  for (const path of [...tree.keys()].sort())
    h.update(`${path}\0${digest(tree.get(path)!)}\0`);
  return h.digest("hex");
}

export function sameNode(a: Node | undefined, b: Node | undefined): boolean {
  if (!a || !b) return a === b;
  if (a === b) return true;
  if (a.mode !== b.mode || a.link !== b.link || a.size !== b.size) return false;
  if (a.path !== undefined && a.path === b.path) return true;
  return a.data.equals(b.data);
}

/**
 * The tree each tree was derived from by one of the operations below, so that a tree
 * kept on disk as layers can be written out again as only what changed since.
 */
const parents = new WeakMap<Tree, Tree>();

export function parentOf(tree: Tree): Tree | undefined {
  return parents.get(tree);
}

function derived(from: Tree, tree: Map<string, Node>): Tree {
  parents.set(tree, from);
  return tree;
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
  setFile(out, normalize(path), node);
  return derived(tree, out);
}

/** Sets a file in a tree being built; a marker of the folder it lands in goes. */
function setFile(out: Map<string, Node>, p: string, node: Node): void {
  out.set(p, node);
  const parent = p.split("/").slice(0, -1).join("/");
  if (parent) out.delete(`${parent}/`);
}

export function withEmptyDirectory(tree: Tree, path: string): Tree {
  const p = normalize(path);
  if (p === "" || isDir(tree, p)) return tree;
  return derived(tree, new Map(tree).set(`${p}/`, dirMarker));
}

/** Removes a file, or a directory and everything below it. */
export function without(tree: Tree, path: string): Tree {
  const p = normalize(path);
  const out = new Map<string, Node>();
  for (const [key, value] of tree) {
    if (key === p || key === `${p}/` || key.startsWith(`${p}/`)) continue;
    out.set(key, value);
  }
  return derived(tree, out);
}

/** Copies `source` into `tree` at `path`, over what is there (like Dagger's withDirectory). */
export function merge(tree: Tree, path: string, source: Tree): Tree {
  const p = normalize(path);
  if (source.size === 0) return withEmptyDirectory(tree, p);
  const out = new Map(tree);
  const dirs = new Set<string>();
  for (const [key, value] of source) {
    const target = join2(p, key);
    if (key.endsWith("/")) dirs.add(target);
    else setFile(out, target, value);
  }
  for (const dir of dirs) if (!isDir(out, dir)) out.set(`${dir}/`, dirMarker);
  return derived(tree, out);
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
  return derived(tree, out);
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
