// The executing engine double's cost on real projects: each toolchain runs for real
// through testkit's call() with a Host (packages/testkit/src/engine/host.ts) on one
// public project fetched from its registry, pinned by version and sha256. Per project,
// on one Host: a cold call, a warm call with nothing changed (the fixed cost of a call:
// module start-up and loading the repository) and a call after a one-line edit. For
// each it prints the wall time of the call against the time its steps really ran, and
// the target the double is held to: wall <= 2 x steps' own time + fixed.
//
//   node bench/double/run.ts [toolchain ...]      (after `source .ci/setup`)
//
// It resolves testkit and the toolchains relative to its own folder, so a copy in a
// worktree of another commit measures that commit's double. Everything it writes lives
// in one scratch folder under the temp folder, removed at the end (also on failure).
import { execFileSync, type ExecFileSyncOptions } from "node:child_process";
import { createHash } from "node:crypto";
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { createRequire } from "node:module";
import { cpus, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

// ---------------------------------------------------------------------------------
// The projects, each pinned by exact version and the sha256 of the registry's file.

type Registry = "npm" | "pypi" | "go";

interface Project {
  name: string;
  version: string;
  registry: Registry;
  /** sha256 of the npm tarball, the PyPI sdist or the Go module zip. */
  sha256: string;
}

const projects = {
  // eslint.config.js, .prettierrc and eslint and prettier in devDependencies, all in
  // the npm tarball; no package-lock.json in it, so one is generated at fetch time.
  nodemailer: {
    name: "nodemailer",
    version: "9.1.1",
    registry: "npm",
    sha256: "e28557a9acd1c1351f2779e85491f721404e5d6cb6ef0566bbc0f2036851a073",
  },
  // A version 2 .golangci.yml, 36 Go files, four module dependencies.
  cobra: {
    name: "github.com/spf13/cobra",
    version: "v1.10.2",
    registry: "go",
    sha256: "a00aae6fcd631e0fde52c98604452ff70e1b73c3b8a560d68db15aff5e26872d",
  },
  // Pure Python, its test suite in the sdist, requirements/testing.txt.
  moreItertools: {
    name: "more-itertools",
    version: "11.2.1",
    registry: "pypi",
    sha256: "cbf08fd0af284dc69718b9b76a8e6203df624d70209ea511e4219d350c856f63",
  },
} satisfies Record<string, Project>;

type ProjectKey = keyof typeof projects;

/**
 * npm resolves the generated lockfile as the registry stood on this date
 * (`--before`), so every run installs the same packages.
 */
const lockedAsOf = "2026-12-07T00:00:00Z";

// ---------------------------------------------------------------------------------
// The runs: one project per toolchain, the function called, the file edited.

type HostKind = "node" | "go" | "python" | "trivy";

interface Run {
  toolchain: string;
  project: ProjectKey;
  function: string;
  host: HostKind;
  /** A file the tool reads, and a line appended to it that changes nothing it reports. */
  edit: { path: string; line: string };
}

const runs: Run[] = [
  {
    toolchain: "eslint",
    project: "nodemailer",
    function: "lint",
    host: "node",
    edit: { path: "lib/nodemailer.js", line: "// edited by bench/double\n" },
  },
  {
    toolchain: "prettier",
    project: "nodemailer",
    function: "check",
    host: "node",
    edit: { path: "lib/nodemailer.js", line: "// edited by bench/double\n" },
  },
  {
    toolchain: "golangci-lint",
    project: "cobra",
    function: "lint",
    host: "go",
    edit: { path: "args.go", line: "\n// edited by bench/double\n" },
  },
  {
    toolchain: "pytest",
    project: "moreItertools",
    function: "test",
    host: "python",
    edit: {
      path: "more_itertools/recipes.py",
      line: "\n# edited by bench/double\n",
    },
  },
  {
    toolchain: "trivy",
    project: "nodemailer",
    function: "secrets",
    host: "trivy",
    edit: { path: "lib/nodemailer.js", line: "// edited by bench/double\n" },
  },
];

// ---------------------------------------------------------------------------------
// Scratch folder, fetching and checking.

const wanted = process.argv.slice(2);
const unknown = wanted.filter((t) => !runs.some((r) => r.toolchain === t));
if (unknown.length) {
  console.error(
    `unknown toolchain ${unknown.join(", ")}; choose from ${runs.map((r) => r.toolchain).join(", ")}`,
  );
  process.exit(2);
}
const selected = runs.filter(
  (r) => !wanted.length || wanted.includes(r.toolchain),
);
for (const variable of ["TOOLCHAINS_TOOLS", "TOOLCHAINS_SEEDS"])
  if (!process.env[variable]) {
    console.error(
      `$${variable} is not set: run \`source .ci/setup\` from the repository root first`,
    );
    process.exit(2);
  }

const scratch = mkdtempSync(join(tmpdir(), "bench-double-"));
const hosts: { dispose(): void }[] = [];
let cleaned = false;
function cleanUp(): void {
  if (cleaned) return;
  cleaned = true;
  for (const h of hosts) {
    try {
      h.dispose();
    } catch (e) {
      console.error(`disposing a Host failed: ${(e as Error).message}`);
    }
  }
  rmSync(scratch, { recursive: true, force: true });
}
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => {
    cleanUp();
    process.exit(130);
  });

// testkit's Hosts and stand-in folders, the SDK's generated client and the module
// process slots all go below the temp folder: this scratch folder stands in for it,
// so a run leaves nothing behind. (Set before testkit is loaded: the slots folder is
// fixed at import.)
const scratchTmp = join(scratch, "tmp");
mkdirSync(scratchTmp);
process.env.TMPDIR = scratchTmp;

function sh(
  command: string,
  args: string[],
  options: ExecFileSyncOptions = {},
): string {
  return execFileSync(command, args, {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
    ...options,
  }) as string;
}

function sha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

function checked(p: Project, file: string): void {
  const actual = sha256(file);
  if (actual !== p.sha256)
    throw new Error(
      `${p.name}@${p.version}: sha256 ${actual}, expected ${p.sha256} (${file})`,
    );
}

/** Files below a folder, recursively. */
function countFiles(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter(
    (e) => !e.isDirectory(),
  ).length;
}

/** Fetches a project into `<scratch>/projects/<key>`, checked; returns the folder. */
function fetchProject(key: ProjectKey): string {
  const p: Project = projects[key];
  const downloads = join(scratch, "downloads", key);
  const dir = join(scratch, "projects", key);
  mkdirSync(downloads, { recursive: true });
  mkdirSync(dir, { recursive: true });
  const env = { ...process.env };
  switch (p.registry) {
    case "npm": {
      env.npm_config_cache = join(scratch, "npm-cache");
      sh("npm", ["pack", `${p.name}@${p.version}`, "--silent"], {
        cwd: downloads,
        env,
      });
      const tarball = join(downloads, `${p.name}-${p.version}.tgz`);
      checked(p, tarball);
      sh("tar", ["-xzf", tarball, "-C", dir, "--strip-components=1"]);
      // The tarball has no lockfile: lock it as npm would, without running scripts.
      sh(
        "npm",
        [
          "install",
          "--package-lock-only",
          "--ignore-scripts",
          "--no-audit",
          "--no-fund",
          `--before=${lockedAsOf}`,
        ],
        { cwd: dir, env },
      );
      break;
    }
    case "pypi": {
      sh(
        "python3",
        [
          "-m",
          "pip",
          "download",
          "--no-deps",
          "--no-binary",
          ":all:",
          "--no-cache-dir",
          "--dest",
          downloads,
          `${p.name}==${p.version}`,
        ],
        { env },
      );
      const sdist = readdirSync(downloads).find((f) => f.endsWith(".tar.gz"));
      if (!sdist) throw new Error(`pip download left no sdist of ${p.name}`);
      checked(p, join(downloads, sdist));
      sh("tar", [
        "-xzf",
        join(downloads, sdist),
        "-C",
        dir,
        "--strip-components=1",
      ]);
      break;
    }
    case "go": {
      env.GOMODCACHE = join(scratch, "gomod");
      env.GOFLAGS = "-mod=mod -modcacherw";
      const info = JSON.parse(
        sh("go", ["mod", "download", "-json", `${p.name}@${p.version}`], {
          cwd: downloads,
          env,
        }),
      ) as { Zip: string; Dir: string; Error?: string };
      if (info.Error) throw new Error(info.Error);
      checked(p, info.Zip);
      cpSync(info.Dir, dir, { recursive: true });
      sh("chmod", ["-R", "u+w", dir]);
      break;
    }
  }
  return dir;
}

// ---------------------------------------------------------------------------------
// Measuring.

interface Measured {
  call: "cold" | "warm" | "edit";
  check: string;
  wall: number;
  steps: number;
  ran: number;
  cached: number;
  detail: string[];
}

const s = (n: number) => n.toFixed(1);

/** The last line the longest step printed (the tool's summary, for most tools). */
function lastLine(ran: { durationMs?: number; stdout?: string }[]): string[] {
  const longest = [...ran].sort(
    (a, b) => (b.durationMs ?? 0) - (a.durationMs ?? 0),
  )[0];
  const line = longest?.stdout?.trim().split("\n").at(-1)?.trim();
  return line ? [`    longest step's last line: ${line.slice(0, 200)}`] : [];
}

function loadavg(): string {
  return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
}

// CA settings of this machine that the installs need to reach the registries; steps
// get only the variables a Host passes them.
const caVariables = [
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "NODE_EXTRA_CA_CERTS",
  "npm_config_cafile",
  "PIP_CERT",
  "REQUESTS_CA_BUNDLE",
];
const caEnv = Object.fromEntries(
  caVariables.flatMap((v) => (process.env[v] ? [[v, process.env[v]!]] : [])),
);

async function main(): Promise<void> {
  // testkit's sources use TypeScript that Node's type stripping does not run
  // (parameter properties): load them through tsx, testkit's own dependency, as its
  // module processes do.
  const testkitIndex = join(repoRoot, "packages/testkit/src/index.ts");
  const tsx = (await import(
    pathToFileURL(createRequire(testkitIndex).resolve("tsx/esm/api")).href
  )) as { register(): () => void };
  tsx.register();
  const testkit = (await import(
    pathToFileURL(testkitIndex).href
  )) as typeof import("../../packages/testkit/src/index.ts");
  const { call, Host, moduleApi } = testkit;
  const why = Host.unavailable();
  if (why) throw new Error(why);
  const seeds = testkit.setupFolder("TOOLCHAINS_SEEDS");

  // As the toolchains' executed suites build their Hosts (same stand-ins, seeds and
  // env), minus the switches that keep installs offline, with the host's network.
  const hostOptions: Record<
    HostKind,
    () => import("../../packages/testkit/src/index.ts").HostOptions
  > = {
    node: () => ({
      images: [testkit.nodeImage()],
      env: { YARN_ENABLE_TELEMETRY: "0", DO_NOT_TRACK: "1" },
    }),
    go: () => ({
      images: [testkit.golangciLintImage(), testkit.golangImage()],
    }),
    python: () => ({ images: [testkit.pythonImage(), testkit.uvImage()] }),
    trivy: () => ({ images: [testkit.trivyImage()] }),
  };

  const folders = new Map<ProjectKey, string>();
  const rows: string[] = [];
  const notes: string[] = [];
  console.log(
    `bench/double: ${selected.map((r) => r.toolchain).join(", ")}; ` +
      `Node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()}`,
  );

  for (const run of selected) {
    const p: Project = projects[run.project];
    let fetched = folders.get(run.project);
    if (fetched === undefined) {
      const started = performance.now();
      try {
        fetched = fetchProject(run.project);
        console.log(
          `fetched ${p.name}@${p.version} (sha256 ${p.sha256}) in ${s((performance.now() - started) / 1000)} s`,
        );
      } catch (e) {
        const why = (e as Error & { stderr?: string }).stderr || String(e);
        console.log(`fetching ${p.name}@${p.version} failed: ${why.trim()}`);
        notes.push(
          `${run.toolchain}: not measured, fetching ${p.name}@${p.version} failed`,
        );
        fetched = "";
      }
      folders.set(run.project, fetched);
    }
    if (!fetched) continue;
    // Each toolchain gets its own copy: the edits of one never reach another's cold call.
    const repo = join(scratch, "repos", run.toolchain);
    cpSync(fetched, repo, { recursive: true });
    const files = countFiles(repo);
    const module = join(repoRoot, "toolchains", run.toolchain);
    const options = hostOptions[run.host]();
    const host = new Host({
      ...options,
      seeds,
      network: "host",
      env: { ...options.env, ...caEnv },
    });
    hosts.push(host);

    const loadBefore = loadavg();
    console.log(
      `\n## ${run.toolchain} ${run.function} on ${p.name}@${p.version} (${files} files); load average ${loadBefore}`,
    );
    // The module's API is read once per process, on its first call: read it first, so
    // the cold call holds what every cold call has, not what only the first one does.
    await moduleApi(module);
    const measured: Measured[] = [];
    for (const which of ["cold", "warm", "edit"] as const) {
      if (which === "edit")
        appendFileSync(join(repo, run.edit.path), run.edit.line);
      const started = performance.now();
      let m: Measured;
      try {
        const r = await call({
          module,
          repo,
          function: run.function,
          host,
        });
        const wall = (performance.now() - started) / 1000;
        const ran = r.execs.filter((e) => !e.cached);
        m = {
          call: which,
          check: r.error === undefined ? "pass" : "fail",
          wall,
          steps: ran.reduce((t, e) => t + (e.durationMs ?? 0), 0) / 1000,
          ran: ran.length,
          cached: r.execs.length - ran.length,
          detail: [
            ...r.execs.map(
              (e) =>
                `    ${e.cached ? "cached" : `${s((e.durationMs ?? 0) / 1000)} s`.padStart(6)}  exit ${e.exitCode}  ${e.argv.join(" ").slice(0, 110)}`,
            ),
            ...lastLine(ran),
            ...(r.error === undefined
              ? []
              : [
                  `    error: ${r.error.split("\n").slice(0, 3).join(" / ").slice(0, 300)}`,
                ]),
          ],
        };
      } catch (e) {
        const wall = (performance.now() - started) / 1000;
        m = {
          call: which,
          check: "did not complete",
          wall,
          steps: 0,
          ran: 0,
          cached: 0,
          detail: [`    ${(e as Error).message.slice(0, 500)}`],
        };
        notes.push(
          `${run.toolchain} ${which}: the call did not complete after ${s(wall)} s (${(e as Error).message.split("\n")[0]})`,
        );
      }
      if (m.wall > 600)
        notes.push(
          `${run.toolchain} ${which}: ${s(m.wall)} s, over the 10 minutes after which the module process is killed`,
        );
      console.log(
        `${which}: ${m.check}, wall ${s(m.wall)} s, steps ${s(m.steps)} s (${m.ran} run, ${m.cached} cached)`,
      );
      for (const line of m.detail) console.log(line);
      measured.push(m);
    }
    const loadAfter = loadavg();
    console.log(`load average after ${run.toolchain}: ${loadAfter}`);
    notes.push(
      `${run.toolchain}: load average ${loadBefore} before, ${loadAfter} after`,
    );

    const fixed = measured.find((m) => m.call === "warm")!.wall;
    for (const m of measured) {
      const target = 2 * m.steps + fixed;
      rows.push(
        `| ${run.toolchain} | ${p.name}@${p.version} | ${files} | ${m.call} | ${m.check} | ${m.ran}/${m.cached} | ` +
          `${s(m.wall)} | ${s(m.steps)} | ${s(m.wall - m.steps)} | ${s(target)} | ${(m.wall / target).toFixed(2)} | ${m.wall <= target ? "pass" : "miss"} |`,
      );
    }
    host.dispose();
    hosts.splice(hosts.indexOf(host), 1);
    rmSync(repo, { recursive: true, force: true });
  }

  console.log(
    `\n| toolchain | project | files | call | check | steps run/cached | wall s | steps' own s | overhead s | target s | wall / target | target |`,
  );
  console.log(
    "| --- | --- | --: | --- | --- | --: | --: | --: | --: | --: | --: | --- |",
  );
  for (const row of rows) console.log(row);
  console.log(
    "\ntarget: wall <= 2 x steps' own + fixed, fixed = the warm (no-change) call's wall time",
  );
  for (const note of notes) console.log(`- ${note}`);
}

try {
  await main();
} finally {
  cleanUp();
}
