// The state of a Container as the engine double models it: what the pipeline put in
// it (image address, files, mounts, environment), never what the image itself holds.
import {
  emptyTree,
  isDir,
  merge,
  normalize,
  subtree,
  withFile,
  without,
  type Node,
  type Tree,
} from "./tree.ts";

export type Mount =
  | { type: "directory"; tree: Tree; readOnly: boolean }
  | { type: "file"; node: Node }
  | { type: "cache"; volume: string; sharing: string }
  | { type: "temp" }
  | { type: "secret"; secret: Secret };

/** A secret as the double holds it: its name, and the plaintext an executed step sees. */
export interface Secret {
  name: string;
  plaintext: string;
}

export interface ContainerState {
  image?: string;
  /** Files written into the container's own filesystem, keyed relative to "/". */
  rootfs: Tree;
  /** Mount points, keyed by absolute path without the leading slash. */
  mounts: ReadonlyMap<string, Mount>;
  env: Readonly<Record<string, string>>;
  /** Environment variables bound to secrets. */
  secretEnv: Readonly<Record<string, Secret>>;
  /** The image's own environment (PATH, ...): what `${VAR}` expands against. */
  imageEnv: Readonly<Record<string, string>>;
  /** Host folders standing in for parts of the image: container path → host path. */
  imageBinds: Readonly<Record<string, string>>;
  /** Image files a step removed (absolute, no leading slash): hidden from later steps. */
  removedFromImage: readonly string[];
  workdir: string;
  user?: string;
  entrypoint: readonly string[];
  lastExec?: { exitCode: number; stdout: string; stderr: string };
}

export const emptyContainer: ContainerState = {
  rootfs: emptyTree,
  mounts: new Map(),
  env: {},
  secretEnv: {},
  imageEnv: {},
  imageBinds: {},
  removedFromImage: [],
  workdir: "/",
  entrypoint: [],
};

/** Absolute path, without the leading slash, of `path` seen from the workdir. */
export function resolve(state: ContainerState, path: string): string {
  return path.startsWith("/")
    ? normalize(path)
    : normalize(`${state.workdir}/${path}`);
}

/** The deepest mount that contains `abs`, with the path inside it. */
function mountAt(
  state: ContainerState,
  abs: string,
): { at: string; mount: Mount; inner: string } | undefined {
  let best: { at: string; mount: Mount; inner: string } | undefined;
  for (const [at, mount] of state.mounts) {
    const inside = at === "" || abs === at || abs.startsWith(`${at}/`);
    if (inside && (!best || at.length > best.at.length)) {
      best = { at, mount, inner: normalize(abs.slice(at.length)) };
    }
  }
  return best;
}

/** What a step sees below `dir`: the rootfs there, overlaid with the directory mounts below it. */
export function view(state: ContainerState, dir: string): Tree {
  const abs = resolve(state, dir);
  const hit = mountAt(state, abs);
  if (hit?.mount.type === "directory")
    return subtree(hit.mount.tree, hit.inner);
  if (hit && hit.mount.type !== "file") return emptyTree;
  let tree = subtree(state.rootfs, abs);
  for (const [at, mount] of [...state.mounts].sort(
    ([a], [b]) => a.length - b.length,
  )) {
    const below =
      abs === ""
        ? at
        : at.startsWith(`${abs}/`)
          ? at.slice(abs.length + 1)
          : undefined;
    if (below === undefined) continue;
    tree = without(tree, below);
    if (mount.type === "directory") tree = merge(tree, below, mount.tree);
    if (mount.type === "file") tree = withFile(tree, below, mount.node);
  }
  return tree;
}

export function dirExists(state: ContainerState, dir: string): boolean {
  const abs = resolve(state, dir);
  return mountAt(state, abs) !== undefined || isDir(state.rootfs, abs);
}

/** Writes a tree at `dir`: into the directory mount that holds it, else the rootfs. */
export function writeTree(
  state: ContainerState,
  dir: string,
  source: Tree,
): ContainerState {
  const abs = resolve(state, dir);
  const hit = mountAt(state, abs);
  if (!hit) return { ...state, rootfs: merge(state.rootfs, abs, source) };
  if (hit.mount.type !== "directory") return state; // caches and tmpfs are not outputs
  const mounts = new Map(state.mounts);
  mounts.set(hit.at, {
    ...hit.mount,
    tree: merge(hit.mount.tree, hit.inner, source),
  });
  return { ...state, mounts };
}

export function removePath(
  state: ContainerState,
  path: string,
): ContainerState {
  const abs = resolve(state, path);
  const hit = mountAt(state, abs);
  if (!hit) return { ...state, rootfs: without(state.rootfs, abs) };
  if (hit.mount.type !== "directory") return state;
  const mounts = new Map(state.mounts);
  mounts.set(hit.at, {
    ...hit.mount,
    tree: without(hit.mount.tree, hit.inner),
  });
  return { ...state, mounts };
}

export function withMount(
  state: ContainerState,
  path: string,
  mount: Mount,
): ContainerState {
  const mounts = new Map(state.mounts);
  mounts.set(resolve(state, path), mount);
  return { ...state, mounts };
}

export function withoutMount(
  state: ContainerState,
  path: string,
): ContainerState {
  const mounts = new Map(state.mounts);
  mounts.delete(resolve(state, path));
  return { ...state, mounts };
}
