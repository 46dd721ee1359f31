// Executing steps for real. Each withExec that no script answers runs on this machine,
// as root, in a private mount namespace under a chroot built for the step, with no
// network but loopback unless the Host is told otherwise:
//   - every top-level folder is an overlay: the pipeline's files are layers kept on
//     disk (one per step, plus one for what the pipeline changed in between), over the
//     host's own /usr, /etc, /var and /opt (the host's tools stand in for the image),
//     and the upper layer captures what the step writes, removes (whiteouts) and
//     replaces (opaque folders), so a step costs its run plus what it changed;
//   - a stand-in's host folders appear the same way at their container paths;
//   - mounts are placed at their container paths: directories as overlays of their own
//     layers, cache volumes as real folders kept for the life of the Host, tmpfs for
//     temp mounts, secrets as files.
// Nothing is written outside the Host's temp root. What it cannot show: what the image
// itself contains (the host's tools stand in), networking, and users other than root.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { ContainerState, Mount } from "./container.ts";
import {
  folders,
  moveInto,
  opaqueFolders,
  readUpper,
  writeDelta,
  writeNode,
  writeWhiteouts,
  type UpperChanges,
} from "./disk.ts";
import type { StandIn } from "./images.ts";
import {
  digest,
  dirMarker,
  emptyTree,
  isDir,
  parentOf,
  treeDigest,
  type Node,
  type Tree,
} from "./tree.ts";

export interface HostOptions {
  /** Host tools standing in for the images the pipelines start from. */
  images?: StandIn[];
  /**
   * A folder of cache volume seeds: a volume's first use starts from a copy of
   * `<seeds>/<key>` when there is one (package stores filled while online).
   */
  seeds?: string;
  /** Variables every step gets over the image's own (offline switches, ...). */
  env?: Record<string, string>;
  /** Longest a step may run; it is killed after that. Default 10 minutes. */
  timeoutMs?: number;
  /**
   * "none" (the default): each step gets its own network namespace with only loopback,
   * so a test can never reach the network, whatever the machine can. "host": steps
   * share the test's network, for a test that serves something on loopback.
   */
  network?: "none" | "host";
}

export interface HostRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  rootfs: Tree;
  mounts: ReadonlyMap<string, Mount>;
  removedFromImage: string[];
  /** The step had run before with the same inputs, on this Host: its result is reused. */
  cached?: boolean;
}

/** Host folders seen through an overlay; the others are the pipeline's own. */
const hostFolders = ["usr", "etc", "var", "opt"];
/** Merged-/usr links, made as the host has them. */
const symlinked = ["bin", "sbin", "lib", "lib64"].filter((n) => {
  try {
    return lstatSync(`/${n}`).isSymbolicLink();
  } catch {
    return false;
  }
});
/** Left out of a step's filesystem when it is read back. */
const kernelFolders = ["proc", "dev", "sys", "run"];

function run(command: string, args: string[]): void {
  const r = spawnSync(command, args, { encoding: "utf8" });
  if (r.status !== 0)
    throw new Error(
      `testkit: ${command} ${args.join(" ")} failed: ${r.stderr}`,
    );
}

/** Removes a folder without ever crossing into a mount left below it. */
function removeAll(dir: string): void {
  run("rm", ["-rf", "--one-file-system", dir]);
}

/**
 * What decides a step's result, as the engine's cache key does: the argv and the
 * container's contents (files, directory mounts, env, secrets), never how the pipeline
 * was built nor what a cache volume holds.
 */
function stepKey(st: ContainerState, argv: string[], stdin?: string): string {
  const h = createHash("sha256");
  const add = (...parts: (string | Buffer)[]) => {
    for (const p of parts) h.update(`${p.length}:`).update(p);
  };
  const addTree = (t: Tree) => add(treeDigest(t));
  add(JSON.stringify([argv, stdin ?? null, st.image ?? null, st.workdir]));
  add(JSON.stringify([st.user ?? null, st.env, st.imageEnv, st.imageBinds]));
  add(JSON.stringify([st.removedFromImage, Object.entries(st.secretEnv)]));
  addTree(st.rootfs);
  for (const [at, m] of [...st.mounts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    add(at, m.type);
    if (m.type === "directory") {
      add(String(m.readOnly));
      addTree(m.tree);
    } else if (m.type === "file") add(digest(m.node));
    else if (m.type === "cache") add(m.volume, m.sharing);
    else if (m.type === "secret") add(m.secret.name, m.secret.plaintext);
  }
  return h.digest("hex");
}

function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Runs steps on this machine; one per test file keeps cache volumes warm across calls. */
export class Host {
  readonly images: StandIn[];
  readonly root: string;
  private readonly locks = new Map<string, Promise<unknown>>();
  /** Steps run so far, by stepKey: the same step again reuses its result, as on one engine. */
  private readonly steps = new Map<string, Promise<HostRun>>();
  /** Where layers live, numbered, so that overlay options name them in a few bytes. */
  private readonly layers: string;
  private layerCount = 0;
  /** Trees kept on disk: the layers, top first, whose overlay holds exactly the tree. */
  private readonly stacks = new WeakMap<Tree, readonly string[]>();
  /** The same, by content, for trees that came from elsewhere (the repository). */
  private readonly stacksByContent = new Map<string, readonly string[]>();

  constructor(readonly options: HostOptions = {}) {
    this.images = options.images ?? [];
    this.root = mkdtempSync(join(tmpdir(), "testkit-host-"));
    this.layers = join(this.root, "l");
    mkdirSync(this.layers);
  }

  /** Why steps cannot run here, or undefined when they can. */
  static unavailable(): string | undefined {
    const probe = spawnSync("unshare", ["--mount", "--net", "true"], {
      encoding: "utf8",
    });
    if (probe.status === 0) return undefined;
    return `executing steps needs root and a private mount namespace (unshare --mount): ${probe.stderr || probe.error?.message}`;
  }

  /** The folder of a cache volume, seeded on first use. */
  volume(key: string): string {
    const dir = join(this.root, "volumes", encodeURIComponent(key));
    if (existsSync(dir)) return dir;
    const seed = this.options.seeds && join(this.options.seeds, key);
    mkdirSync(dirname(dir), { recursive: true });
    if (seed && existsSync(seed))
      run("cp", ["-a", "--reflink=auto", seed, dir]);
    else mkdirSync(dir);
    return dir;
  }

  /** Removes everything the host wrote. */
  dispose(): void {
    removeAll(this.root);
  }

  /**
   * Runs one step, or reuses the result of the same step (same argv and contents) run
   * before on this Host; steps that share a cache volume run one at a time.
   */
  async run(
    st: ContainerState,
    argv: string[],
    stdin?: string,
  ): Promise<HostRun> {
    const key = stepKey(st, argv, stdin);
    const earlier = this.steps.get(key);
    if (earlier) return { ...(await earlier), cached: true };
    const ran = this.runStep(st, argv, stdin);
    this.steps.set(key, ran);
    ran.catch(() => this.steps.delete(key));
    return ran;
  }

  private async runStep(
    st: ContainerState,
    argv: string[],
    stdin?: string,
  ): Promise<HostRun> {
    const keys = [...st.mounts.values()].flatMap((m) =>
      m.type === "cache" ? [m.volume] : [],
    );
    const before = Promise.all(keys.map((k) => this.locks.get(k)));
    const run = before.then(() => this.runNow(st, argv, stdin));
    const done = run.catch(() => undefined);
    for (const k of keys) this.locks.set(k, done);
    return run;
  }

  private async runNow(
    st: ContainerState,
    argv: string[],
    stdin?: string,
  ): Promise<HostRun> {
    const step = mkdtempSync(join(this.root, "step-"));
    try {
      const layout = this.layOut(step, st);
      const started = Date.now();
      const result = await this.spawn(step, layout.script, st, argv, stdin);
      const durationMs = Date.now() - started;
      return { ...result, durationMs, ...this.readBack(st, layout) };
    } finally {
      removeAll(step);
    }
  }

  /** A new, empty layer folder; its name is relative to the layers folder. */
  private newLayer(): string {
    const name = String(++this.layerCount);
    mkdirSync(join(this.layers, name));
    return name;
  }

  /**
   * The layers holding `tree`. A tree derived from one already on disk gets one layer
   * more, with only what changed since; any other is written out whole, once.
   */
  private stackOf(tree: Tree, removedFromImage: readonly string[] = []) {
    const known = this.stacks.get(tree);
    if (known) return known;
    let base = parentOf(tree);
    while (base && !this.stacks.has(base)) base = parentOf(base);
    let below = base && this.stacks.get(base);
    // Overlay options are bounded in length: past that depth, start again.
    if (below && below.length >= maxLayers) below = undefined;
    const content = below
      ? ""
      : `${treeDigest(tree)}:${removedFromImage.join("\0")}`;
    const same = below ? undefined : this.stacksByContent.get(content);
    if (same) {
      this.stacks.set(tree, same);
      return same;
    }
    const name = this.newLayer();
    writeDelta(join(this.layers, name), below ? base! : emptyTree, tree);
    if (!below) writeWhiteouts(join(this.layers, name), removedFromImage);
    const stack = [name, ...(below ?? [])];
    this.stacks.set(tree, stack);
    if (!below) this.stacksByContent.set(content, stack);
    return stack;
  }

  /**
   * The lower folders of an overlay at `at`: that folder of each layer, down to one
   * that hides what lies below it (a whiteout or a file there), then `hostFolder`.
   */
  private lowers(stack: readonly string[], at: string, hostFolder?: string) {
    const dirs: string[] = [];
    for (const name of stack) {
      const rel = at === "" ? name : `${name}/${at}`;
      let entry: ReturnType<typeof lstatSync> | undefined;
      try {
        entry = lstatSync(join(this.layers, rel));
      } catch {
        continue;
      }
      if (!entry.isDirectory()) return dirs;
      dirs.push(rel);
    }
    if (hostFolder) dirs.push(hostFolder);
    return dirs;
  }

  /** Writes the step's layers and mounts, and the script that assembles them. */
  private layOut(step: string, st: ContainerState) {
    const root = join(step, "root");
    mkdirSync(root);
    const stack = this.stackOf(st.rootfs, st.removedFromImage);
    const upper = this.newLayer();
    const lines = ["set -e", `cd ${quote(this.layers)}`];
    const overlays: Overlay[] = [];
    const overlay = (
      at: string,
      lower: string[],
      upperDir?: string,
      joinsLayer = false,
    ) => {
      const work = join(step, "work", String(overlays.length));
      mkdirSync(work, { recursive: true });
      if (upperDir) mkdirSync(upperDir, { recursive: true });
      const options = [
        `lowerdir=${lower.map(escapeOption).join(":")}`,
        ...(upperDir ? [`upperdir=${upperDir}`, `workdir=${work}`] : []),
        "redirect_dir=off",
        "metacopy=off",
      ].join(",");
      lines.push(
        `mkdir -p ${quote(join(root, at))}`,
        `mount -t overlay overlay -o ${quote(options)} ${quote(join(root, at))}`,
      );
      overlays.push({ at, upper: upperDir, joinsLayer });
    };
    const top = topLevel(st.rootfs);
    for (const name of symlinked)
      lines.push(`ln -s "$(readlink /${name})" ${quote(join(root, name))}`);
    for (const name of hostFolders)
      overlay(
        name,
        this.lowers(stack, name, `/${name}`),
        join(this.layers, upper, name),
      );
    const special = new Set([...hostFolders, ...symlinked, ...kernelFolders]);
    for (const name of top.folders)
      if (!special.has(name))
        overlay(name, this.lowers(stack, name), join(this.layers, upper, name));
    for (const [name, node] of top.files) writeNode(join(root, name), node);
    // What the layout makes only to mount on is no change of the step's.
    const mountPoints = new Set<string>(kernelFolders);
    for (const name of ["root", "tmp"])
      if (!top.folders.has(name)) {
        mkdirSync(join(root, name));
        mountPoints.add(name);
      }
    lines.push(
      `mkdir -p ${kernelFolders.map((n) => quote(join(root, n))).join(" ")}`,
      `mount -t proc proc ${quote(join(root, "proc"))}`,
      `mount --rbind /dev ${quote(join(root, "dev"))}`,
      `mount --rbind /sys ${quote(join(root, "sys"))}`,
      `mount -t tmpfs tmpfs ${quote(join(root, "run"))}`,
    );
    const binds = Object.entries(st.imageBinds)
      .map(([at, host]) => [at.replace(/^\//, ""), host] as const)
      .sort(([a], [b]) => a.length - b.length);
    for (const [at, host] of binds) {
      addWithParents(mountPoints, at);
      overlay(
        at,
        this.lowers(stack, at, host),
        join(step, "binds", String(overlays.length)),
        true,
      );
    }
    const mounted = [...st.mounts].sort(([a], [b]) => a.length - b.length);
    const mountLayers: (MountLayers | undefined)[] = [];
    for (const [at, mount] of mounted) {
      addWithParents(mountPoints, at);
      const target = quote(join(root, at));
      if (mount.type === "directory") {
        const below = this.stackOf(mount.tree);
        const lower = this.lowers(below, "");
        const layer = mount.readOnly ? undefined : this.newLayer();
        mountLayers.push({ below, layer });
        if (layer || lower.length > 1)
          overlay(at, lower, layer && join(this.layers, layer));
        else
          lines.push(
            `mkdir -p ${target}`,
            `mount --bind -o ro ${quote(lower[0]!)} ${target}`,
            `mount -o remount,bind,ro ${target}`,
          );
        continue;
      }
      mountLayers.push(undefined);
      lines.push(...this.mountLines(step, target, mount, mountLayers.length));
    }
    lines.push(`mkdir -p ${quote(join(root, st.workdir))}`);
    return {
      script: lines,
      root,
      stack,
      upper,
      overlays,
      top,
      binds,
      mounted,
      mountLayers,
      mountPoints,
    };
  }

  private mountLines(
    step: string,
    target: string,
    mount: Exclude<Mount, { type: "directory" }>,
    i: number,
  ): string[] {
    switch (mount.type) {
      case "cache":
        return [
          `mkdir -p ${target}`,
          `mount --bind ${quote(this.volume(mount.volume))} ${target}`,
        ];
      case "temp":
        return [`mkdir -p ${target}`, `mount -t tmpfs tmpfs ${target}`];
      case "file":
      case "secret": {
        const source = join(step, "mounts", String(i));
        mkdirSync(join(step, "mounts"), { recursive: true });
        writeNode(
          source,
          mount.type === "file"
            ? mount.node
            : fileNodeOf(mount.secret.plaintext, 0o400),
        );
        return [
          `mkdir -p "$(dirname ${target})"`,
          `touch ${target}`,
          `mount --bind ${quote(source)} ${target}`,
        ];
      }
    }
  }

  private spawn(
    step: string,
    script: string[],
    st: ContainerState,
    argv: string[],
    stdin?: string,
  ): Promise<{ exitCode: number; stdout: string; stderr: string }> {
    const secrets = Object.fromEntries(
      Object.entries(st.secretEnv).map(([k, v]) => [k, v.plaintext]),
    );
    const env = {
      HOME: "/root",
      ...st.imageEnv,
      ...this.options.env,
      ...st.env,
      ...secrets,
    };
    const root = join(step, "root");
    const command = [
      "exec chroot",
      quote(root),
      "/usr/bin/env -i",
      `-C ${quote(st.workdir)}`,
      ...Object.entries(env).map(([k, v]) => quote(`${k}=${v}`)),
      ...argv.map(quote),
    ].join(" ");
    const timeoutMs = this.options.timeoutMs ?? 600_000;
    return new Promise((done, fail) => {
      const child = spawn(
        "unshare",
        [
          "--mount",
          ...(this.options.network === "host" ? [] : ["--net"]),
          "--propagation",
          "private",
          "bash",
          "-c",
          [
            ...(this.options.network === "host" ? [] : ["ip link set lo up"]),
            ...script,
            command,
          ].join("\n"),
        ],
        { detached: true, stdio: ["pipe", "pipe", "pipe"] },
      );
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let timedOut = false;
      child.stdout.on("data", (d: Buffer) => out.push(d));
      child.stderr.on("data", (d: Buffer) => err.push(d));
      child.stdin.end(stdin ?? "");
      const timer = setTimeout(() => {
        timedOut = true;
        process.kill(-child.pid!, "SIGKILL");
      }, timeoutMs);
      child.on("error", fail);
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        let stderr = Buffer.concat(err).toString("utf8");
        if (timedOut)
          stderr += `\ntestkit: the step ran longer than ${timeoutMs / 1000} s and was killed: ${argv.join(" ")}\n`;
        done({
          exitCode: code ?? (signal ? 128 + 9 : 1),
          stdout: Buffer.concat(out).toString("utf8"),
          stderr,
        });
      });
    });
  }

  /** The container after the step, from its upper layers: only what it changed is read. */
  private readBack(
    st: ContainerState,
    layout: ReturnType<Host["layOut"]>,
  ): Pick<HostRun, "rootfs" | "mounts" | "removedFromImage"> {
    const upper = join(this.layers, layout.upper);
    // A stand-in's folder had an upper of its own: its changes join the step's layer.
    for (const { at, upper: own, joinsLayer } of layout.overlays)
      if (joinsLayer && own && readdirSync(own).length > 0)
        moveInto(own, join(upper, at));
    // New top-level folders and files are the step's own: they join the layer too.
    const overlaid = new Set(layout.overlays.map((o) => o.at));
    const notOwn = new Set([...symlinked, ...kernelFolders, ...overlaid]);
    for (const name of readdirSync(layout.root))
      if (!notOwn.has(name))
        renameSync(join(layout.root, name), join(upper, name));
    writeWhiteouts(
      upper,
      [...layout.top.files.keys()].filter((n) => !existsSync(join(upper, n))),
    );
    const changes = readUpper(upper, layout.mountPoints, folders(st.rootfs));
    const rootfs = applyUpper(
      st.rootfs,
      changes,
      opaqueFolders(
        upper,
        changes.merged.filter((p) => p.includes("/")),
      ),
    );
    this.stacks.set(rootfs, [layout.upper, ...layout.stack]);

    const image = [...hostFolders, ...layout.binds.map(([at]) => at)];
    const fromImage = (p: string) =>
      image.some((at) => p === at || p.startsWith(`${at}/`));
    const removedFromImage = new Set(st.removedFromImage);
    for (const path of changes.removed)
      if (fromImage(path)) removedFromImage.add(path);
    for (const path of changes.written.keys()) removedFromImage.delete(path);

    const mounts = new Map(st.mounts);
    layout.mounted.forEach(([at, mount], i) => {
      const layers = layout.mountLayers[i];
      if (mount.type !== "directory" || !layers?.layer) return;
      const dir = join(this.layers, layers.layer);
      const inside = new Set(
        [...layout.mountPoints]
          .filter((p) => p.startsWith(`${at}/`))
          .map((p) => p.slice(at.length + 1)),
      );
      const found = readUpper(dir, inside, folders(mount.tree));
      const tree = applyUpper(
        mount.tree,
        found,
        opaqueFolders(dir, found.merged),
      );
      this.stacks.set(tree, [layers.layer, ...layers.below]);
      mounts.set(at, { ...mount, tree });
    });
    return { rootfs, mounts, removedFromImage: [...removedFromImage].sort() };
  }
}

/** Deepest stack of layers before a tree is written out whole again. */
const maxLayers = 40;

interface Overlay {
  /** Container path, without the leading slash. */
  at: string;
  upper?: string;
  /** A stand-in folder's upper, moved into the step's layer after the step. */
  joinsLayer: boolean;
}

interface MountLayers {
  /** The layers of the mounted tree. */
  below: readonly string[];
  /** The layer the step writes to; none when the mount is read-only. */
  layer?: string;
}

/** The top-level folders of a tree, and the files that sit at its top. */
function topLevel(tree: Tree) {
  const folders = new Set<string>();
  const files = new Map<string, Node>();
  for (const [key, node] of tree) {
    const slash = key.indexOf("/");
    if (slash > 0) folders.add(key.slice(0, slash));
    else files.set(key, node);
  }
  return { folders, files };
}

/** Adds a path and every folder above it. */
function addWithParents(set: Set<string>, path: string): void {
  const parts = path.split("/");
  for (let i = 1; i <= parts.length; i++) set.add(parts.slice(0, i).join("/"));
}

/** A path as an overlay option names it: its separators escaped. */
function escapeOption(path: string): string {
  return path.replace(/[\\:,]/g, (c) => `\\${c}`);
}

function fileNodeOf(text: string, mode: number): Node {
  const data = Buffer.from(text);
  return { data, mode, size: data.length };
}

/** A tree with an upper layer's changes applied over it. */
function applyUpper(
  tree: Tree,
  changes: UpperChanges,
  opaque: ReadonlySet<string>,
): Tree {
  const out = new Map(tree);
  const clear = (p: string) => {
    for (const key of out.keys()) if (key.startsWith(`${p}/`)) out.delete(key);
  };
  for (const path of opaque) clear(path);
  for (const path of changes.removed)
    if (!out.delete(path)) {
      out.delete(`${path}/`);
      clear(path);
    }
  for (const [path, node] of changes.written) {
    out.set(path, node);
    const parent = path.split("/").slice(0, -1).join("/");
    if (parent) out.delete(`${parent}/`);
  }
  for (const path of changes.made)
    if (!isDir(out, path)) out.set(`${path}/`, dirMarker);
  return out;
}
