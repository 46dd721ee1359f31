// Helpers for the Node toolchains' executed suites (toolchains/{prettier,eslint}/test/
// executed.test.ts): their shared opening (the module, its fixtures, one Host whose
// steps run the Node image's stand-in with package stores seeded for no network),
// editable copies of fixture projects, and what to count in a recording.
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe } from "vitest";
import {
  Host,
  nodeImage,
  toolchainTest,
  type CallRecording,
  type RecordedExec,
} from "@toolchains/testkit";

/** The fixture kinds every executed suite covers, as folder names. */
export const managers = ["npm", "pnpm", "yarn1", "yarn4", "bun"] as const;
export type Manager = (typeof managers)[number];

/** The frozen install each kind runs, as the shared install logic builds it. */
export const installs: Record<Manager, string> = {
  npm: "npm ci --ignore-scripts --no-audit --no-fund",
  pnpm: "pnpm install --frozen-lockfile --ignore-scripts",
  yarn1: "yarn install --frozen-lockfile --ignore-scripts --non-interactive",
  yarn4: "yarn install --immutable --mode=skip-build",
  bun: "bun install --frozen-lockfile --ignore-scripts",
};

/**
 * A Host for Node pipelines: the Node image's stand-in, the package stores .ci/setup
 * seeded (so no step needs the network), and every package manager told to stay
 * offline.
 */
export function nodeHost(): Host {
  const why = Host.unavailable();
  if (why) throw new Error(why);
  const seeds = process.env.TOOLCHAINS_SEEDS;
  if (!seeds)
    throw new Error(
      "TOOLCHAINS_SEEDS is not set: run `source .ci/setup` from the repository root first",
    );
  return new Host({
    images: [nodeImage()],
    seeds,
    env: {
      npm_config_offline: "true",
      COREPACK_ENABLE_NETWORK: "0",
      YARN_ENABLE_NETWORK: "0",
      YARN_ENABLE_TELEMETRY: "0",
      DO_NOT_TRACK: "1",
    },
  });
}

/** The Node toolchains, each with executed fixtures of every kind. */
export type NodeToolchain = "eslint" | "prettier";

/**
 * The opening of an executed suite (called with its `import.meta.url`): the module it
 * tests, its fixtures, the other Node toolchain's (projects that do not depend on this
 * tool, one per kind), and one Host for the whole file, disposed after it.
 */
export function executedSuite(
  suiteUrl: string,
  other: NodeToolchain,
): {
  module: string;
  host: Host;
  fixture(kind: string): string;
  otherFixture(kind: string): string;
} {
  const host = nodeHost();
  afterAll(() => host.dispose());
  const { module, fixture } = toolchainTest(suiteUrl, "fixtures/executed");
  return {
    module,
    host,
    fixture,
    otherFixture: (kind) =>
      fileURLToPath(
        new URL(`../../${other}/test/fixtures/executed/${kind}`, suiteUrl),
      ),
  };
}

export interface ScratchCopy {
  dir: string;
  write(path: string, contents: string): void;
  read(path: string): string;
  remove(): void;
}

/**
 * A `describe` per fixture kind, its tests given one editable copy of that kind's
 * fixture, removed after them: the tests run in order, the last ones editing it, each
 * short enough for the per-test timeout even when module processes queue.
 */
export function describeEachManager(
  fixture: (kind: Manager) => string,
  tests: (manager: Manager, project: ScratchCopy) => void,
): void {
  describe.each(managers)("%s", (manager) => {
    const project = scratchCopy(fixture(manager));
    afterAll(() => project.remove());
    tests(manager, project);
  });
}

/** Runs `body` on an editable copy of a fixture, removed after. */
export async function withCopy(
  fixture: string,
  body: (project: ScratchCopy) => Promise<void>,
): Promise<void> {
  const project = scratchCopy(fixture);
  try {
    await body(project);
  } finally {
    project.remove();
  }
}

/** An editable copy of a fixture project, for runs that change its sources. */
function scratchCopy(fixture: string): ScratchCopy {
  const dir = mkdtempSync(join(tmpdir(), `executed-${basename(fixture)}-`));
  cpSync(fixture, dir, { recursive: true });
  return {
    dir,
    write: (path, contents) => writeFileSync(join(dir, path), contents),
    read: (path) => readFileSync(join(dir, path), "utf8"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The project's install: not the global install of bun or the pinned tool. */
const isInstall = (e: RecordedExec) =>
  (e.argv[1] === "install" || e.argv[1] === "ci") &&
  !e.argv.includes("--global");

/** The install steps a call ran for real, and those it reused from an earlier call. */
export function installSteps(r: CallRecording): {
  ran: string[];
  reused: string[];
} {
  const steps = r.execs.filter(isInstall);
  return {
    ran: steps.filter((e) => !e.cached).map((e) => e.argv.join(" ")),
    reused: steps.filter((e) => e.cached).map((e) => e.argv.join(" ")),
  };
}

/** The value of a flag in a step's argv ("--cache-location" → its path). */
export function flagValue(e: RecordedExec, flag: string): string {
  const i = e.argv.indexOf(flag);
  if (i < 0) throw new Error(`${flag} is not in ${e.argv.join(" ")}`);
  return e.argv[i + 1]!;
}

/** A file on a cache volume of the Host, by its path in the container. */
export function volumeFile(
  host: Host,
  volume: string,
  mountPoint: string,
  path: string,
): string {
  return readFileSync(
    join(host.volume(volume), path.slice(mountPoint.length + 1)),
    "utf8",
  );
}
