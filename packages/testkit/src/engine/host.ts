// Executing steps for real. Each withExec that no script answers runs on this machine,
// as root, in a private mount namespace under a chroot built for the step, with no
// network but loopback unless the Host is told otherwise:
//   - /usr, /etc, /var and /opt are overlays over the host's (the host's tools stand in
//     for the image), with the files the pipeline put there as a lower layer and an
//     upper layer that captures what the step writes (`npm -g`, `pip install`);
//   - a stand-in's host folders appear the same way at their container paths;
//   - every other top-level folder (/src, /root, /tmp, ...) is the pipeline's own,
//     written out from the container's filesystem and read back after the step;
//   - mounts are placed at their container paths: directories written out and read
//     back, cache volumes as real folders kept for the life of the Host, tmpfs for
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
import { readUpper, writeNode, writeTreeTo } from "./disk.ts";
import type { StandIn } from "./images.ts";
import { isDir, merge, readTree, without, type Tree } from "./tree.ts";

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
  const addTree = (t: Tree) => {
    for (const path of [...t.keys()].sort()) {
      const n = t.get(path)!;
      add(path, String(n.mode), n.link ?? "", n.data);
    }
  };
  add(JSON.stringify([argv, stdin ?? null, st.image ?? null, st.workdir]));
  add(JSON.stringify([st.user ?? null, st.env, st.imageEnv, st.imageBinds]));
  add(JSON.stringify([st.removedFromImage, Object.entries(st.secretEnv)]));
  addTree(st.rootfs);
  for (const [at, m] of [...st.mounts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    add(at, m.type);
    if (m.type === "directory") {
      add(String(m.readOnly));
      addTree(m.tree);
    } else if (m.type === "file") add(String(m.node.mode), m.node.data);
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

  constructor(readonly options: HostOptions = {}) {
    this.images = options.images ?? [];
    this.root = mkdtempSync(join(tmpdir(), "testkit-host-"));
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
      return { ...result, durationMs, ...this.readBack(step, st, layout) };
    } finally {
      removeAll(step);
    }
  }

  /** Writes the step's filesystem and mounts, and the script that assembles them. */
  private layOut(step: string, st: ContainerState) {
    const root = join(step, "root");
    const layer = join(step, "layer");
    writeTreeTo(layer, st.rootfs);
    // Whiteouts in a lower layer hide the host's files, as they would the image's.
    for (const path of st.removedFromImage) {
      mkdirSync(dirname(join(layer, path)), { recursive: true });
      run("mknod", [join(layer, path), "c", "0", "0"]);
    }
    mkdirSync(root);
    const lines = ["set -e"];
    const overlays: { at: string; upper: string }[] = [];
    const overlay = (at: string, host: string) => {
      const i = overlays.length;
      const upper = join(step, "upper", String(i));
      const work = join(step, "work", String(i));
      mkdirSync(upper, { recursive: true });
      mkdirSync(work, { recursive: true });
      const own = join(layer, at);
      const lower = existsSync(own) ? `${own}:${host}` : host;
      lines.push(
        `mkdir -p ${quote(join(root, at))}`,
        `mount -t overlay overlay -o ${quote(`lowerdir=${lower},upperdir=${upper},workdir=${work}`)} ${quote(join(root, at))}`,
      );
      overlays.push({ at, upper });
    };
    const ownFolders = new Set(["root", "tmp", ...readdirSync(layer)]);
    for (const name of symlinked)
      lines.push(`ln -s "$(readlink /${name})" ${quote(join(root, name))}`);
    for (const name of hostFolders) overlay(name, `/${name}`);
    for (const name of [...hostFolders, ...symlinked, ...kernelFolders])
      ownFolders.delete(name);
    for (const name of ownFolders) {
      const from = join(layer, name);
      if (existsSync(from)) renameSync(from, join(root, name));
      else mkdirSync(join(root, name));
    }
    // Read back after the step: every top-level folder but the host's and the kernel's.
    const notOwn = new Set([...hostFolders, ...symlinked, ...kernelFolders]);
    const ownAfter = () => readdirSync(root).filter((n) => !notOwn.has(n));
    lines.push(
      `mkdir -p ${["proc", "dev", "sys", "run"].map((n) => quote(join(root, n))).join(" ")}`,
      `mount -t proc proc ${quote(join(root, "proc"))}`,
      `mount --rbind /dev ${quote(join(root, "dev"))}`,
      `mount --rbind /sys ${quote(join(root, "sys"))}`,
      `mount -t tmpfs tmpfs ${quote(join(root, "run"))}`,
    );
    const binds = Object.entries(st.imageBinds).sort(
      ([a], [b]) => a.length - b.length,
    );
    for (const [at, host] of binds) overlay(at.replace(/^\//, ""), host);
    const mounted = [...st.mounts].sort(([a], [b]) => a.length - b.length);
    mounted.forEach(([at, mount], i) =>
      lines.push(...this.mountLines(step, root, at, mount, i)),
    );
    lines.push(`mkdir -p ${quote(join(root, st.workdir))}`);
    return { script: lines, root, overlays, ownAfter, mounted };
  }

  private mountLines(
    step: string,
    root: string,
    at: string,
    mount: Mount,
    i: number,
  ): string[] {
    const target = quote(join(root, at));
    const source = join(step, "mounts", String(i));
    switch (mount.type) {
      case "directory":
        writeTreeTo(source, mount.tree);
        return [
          `mkdir -p ${target}`,
          `mount --bind ${quote(source)} ${target}`,
          ...(mount.readOnly ? [`mount -o remount,bind,ro ${target}`] : []),
        ];
      case "cache":
        return [
          `mkdir -p ${target}`,
          `mount --bind ${quote(this.volume(mount.volume))} ${target}`,
        ];
      case "temp":
        return [`mkdir -p ${target}`, `mount -t tmpfs tmpfs ${target}`];
      case "file":
      case "secret": {
        mkdirSync(join(step, "mounts"), { recursive: true });
        writeNode(
          source,
          mount.type === "file"
            ? mount.node
            : { data: Buffer.from(mount.secret.plaintext), mode: 0o400 },
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

  /** The container after the step: its own folders, overlay writes and directory mounts. */
  private readBack(
    step: string,
    st: ContainerState,
    layout: ReturnType<Host["layOut"]>,
  ): Pick<HostRun, "rootfs" | "mounts" | "removedFromImage"> {
    const mountPaths = layout.mounted.map(([at]) => at);
    const isMountPoint = (abs: string) => mountPaths.includes(abs);
    let rootfs: Tree = st.rootfs;
    for (const name of layout.ownAfter()) {
      const tree = readTree(join(layout.root, name), (p) =>
        isMountPoint(`${name}/${p}`),
      );
      // An empty folder the layout made (/root, /tmp) is not the step's doing.
      if (tree.size === 0 && !isDir(rootfs, name)) continue;
      rootfs = merge(without(rootfs, name), name, tree);
    }
    const removedFromImage = new Set(st.removedFromImage);
    for (const { at, upper } of layout.overlays) {
      const { written, removed } = readUpper(upper);
      for (const path of removed) {
        rootfs = without(rootfs, `${at}/${path}`);
        removedFromImage.add(`${at}/${path}`);
      }
      for (const path of written.keys())
        removedFromImage.delete(`${at}/${path}`);
      if (written.size > 0) rootfs = merge(rootfs, at, written);
    }
    const mounts = new Map(st.mounts);
    layout.mounted.forEach(([at, mount], i) => {
      if (mount.type !== "directory" || mount.readOnly) return;
      const tree = readTree(join(step, "mounts", String(i)));
      mounts.set(at, { ...mount, tree });
    });
    return { rootfs, mounts, removedFromImage: [...removedFromImage].sort() };
  }
}
