// The GitHub workflows parse, every npm script and file they run exists, and they set
// up exactly as a fresh clone does: through .ci/setup, with CI running .ci/run.
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { parse } from "yaml";

const root = join(import.meta.dirname, "../../..");
const workflowsDir = join(root, ".github/workflows");
const scripts: Record<string, string> = JSON.parse(
  readFileSync(join(root, "package.json"), "utf8"),
).scripts;

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}
interface Job {
  "runs-on": string;
  steps: Step[];
}
interface Workflow {
  on: unknown;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflows = readdirSync(workflowsDir).map((file) => ({
  file,
  workflow: parse(readFileSync(join(workflowsDir, file), "utf8")) as Workflow,
}));

/** `npm run x`, `npm test`, `node path`, `bash path`, `source path` in a command line. */
function references(command: string): { scripts: string[]; files: string[] } {
  return {
    scripts: [...command.matchAll(/npm run ([\w:-]+)/g)]
      .map((m) => m[1]!)
      .concat(/\bnpm test\b/.test(command) ? ["test"] : []),
    files: [
      ...command.matchAll(/\bnode (?:--import \S+ )?(\S+\.ts)/g),
      ...command.matchAll(/\b(?:bash|source) ((?:\.ci|scripts)\/[\w./-]+)/g),
    ].map((m) => m[1]!),
  };
}

const workflow = (file: string) =>
  workflows.find((w) => w.file === file)!.workflow;
const jobs = workflows.flatMap(({ file, workflow }) =>
  Object.entries(workflow.jobs).map(([name, job]) => ({
    name: `${file} ${name}`,
    job,
  })),
);

/** The step that sets up as a fresh clone does, carrying its PATH and env onward. */
const setUp = (step: Step) =>
  step.run !== undefined &&
  /^source \.ci\/setup$/m.test(step.run) &&
  step.run.indexOf("source .ci/setup") <
    step.run.indexOf("bash scripts/github-env.sh");
const runsCiRun = (step: Step) => step.run?.trim() === "bash .ci/run";
/** A step that needs the project set up: the project's npm scripts, node, dagger, changesets. */
const needsSetup = (step: Step) =>
  /\b(npm|npx|node|turbo)\b/.test(step.run ?? "") ||
  /^(dagger\/dagger-for-github|changesets\/action)@/.test(step.uses ?? "");

test("there are CI and release workflows", () => {
  expect(workflows.map((w) => w.file).sort()).toEqual([
    "ci.yml",
    "release.yml",
  ]);
});

test.each(workflows)(
  "$file is a valid workflow whose commands exist",
  ({ workflow }) => {
    expect(workflow.on).toBeDefined();
    for (const job of Object.values(workflow.jobs)) {
      expect(job["runs-on"]).toBeTruthy();
      for (const step of job.steps) {
        expect(step.uses ?? step.run, JSON.stringify(step)).toBeTruthy();
        const commands = [step.run, ...Object.values(step.with ?? {})].filter(
          (c): c is string => typeof c === "string",
        );
        for (const command of commands) {
          const refs = references(command);
          for (const script of refs.scripts)
            expect(Object.keys(scripts), `npm script ${script}`).toContain(
              script,
            );
          for (const file of refs.files)
            expect(existsSync(join(root, file)), file).toBe(true);
        }
        if (step.with?.["node-version-file"])
          expect(existsSync(join(root, step.with["node-version-file"]))).toBe(
            true,
          );
      }
    }
  },
);

test("the release workflow publishes with the release script through changesets/action v2", () => {
  const release = workflows.find((w) => w.file === "release.yml")!.workflow;
  const step = Object.values(release.jobs)
    .flatMap((j) => j.steps)
    .find((s) => s.uses?.startsWith("changesets/action@"))!;
  expect(step.uses).toBe("changesets/action@v2");
  expect(step.with?.["publish-script"]).toBe("npm run release");
  expect(scripts.release).toContain("node packages/release/src/release.ts");
});

test("ci.yml runs .ci/run itself, so CI is what a fresh clone runs", () => {
  const steps = Object.values(workflow("ci.yml").jobs).flatMap((j) => j.steps);
  expect(steps.filter(runsCiRun)).toHaveLength(1);
  const ciRun = readFileSync(join(root, ".ci/run"), "utf8");
  expect(ciRun).toMatch(/^source \.ci\/setup$/m);
  expect(ciRun).toMatch(/^npm test$/m);
});

test.each(jobs)(
  "$name sets up through .ci/setup before anything needs it, and never by itself",
  ({ job }) => {
    const first = job.steps.findIndex((s) => setUp(s) || runsCiRun(s));
    const needing = job.steps.findIndex(
      (s) => needsSetup(s) && !setUp(s) && !runsCiRun(s),
    );
    expect(
      first,
      "a step `source .ci/setup` or `bash .ci/run`",
    ).toBeGreaterThanOrEqual(0);
    if (needing >= 0) expect(first).toBeLessThan(needing);
    for (const step of job.steps)
      expect(step.run ?? "", "npm ci is .ci/setup's job").not.toMatch(
        /\bnpm (ci|install)\b/,
      );
  },
);

test("every workflow sets up with the same step", () => {
  const setups = workflows.flatMap(({ workflow }) =>
    Object.values(workflow.jobs).flatMap((j) => j.steps.filter(setUp)),
  );
  expect(setups.length).toBeGreaterThanOrEqual(2);
  for (const step of setups) expect(step).toEqual(setups[0]);
});

test("actions run on Node 24, and CI's token is read-only", () => {
  // The first major of each action whose runs.using is node24 (checked in their action.yml).
  const node24: Record<string, number> = {
    "actions/checkout": 5,
    "actions/setup-node": 5,
    "changesets/action": 2,
  };
  const used = workflows.flatMap(({ workflow }) =>
    Object.values(workflow.jobs).flatMap((j) =>
      j.steps.flatMap((s) => (s.uses ? [s.uses] : [])),
    ),
  );
  for (const uses of used) {
    const [action, ref] = uses.split("@") as [string, string];
    if (action in node24)
      expect(Number(/^v(\d+)/.exec(ref)?.[1]), uses).toBeGreaterThanOrEqual(
        node24[action]!,
      );
  }
  expect(workflow("ci.yml").permissions).toEqual({ contents: "read" });
});

test("the release gate is the whole npm test, and versioning keeps the lockfile current", () => {
  expect(scripts.release).toMatch(
    /^npm test && node packages\/release\/src\/release\.ts$/,
  );
  expect(scripts["version-toolchains"]).toMatch(
    /^changeset version && npm install --package-lock-only\b.* && npm run docs$/,
  );
  const step = Object.values(workflow("release.yml").jobs)
    .flatMap((j) => j.steps)
    .find((s) => s.uses?.startsWith("changesets/action@"))!;
  expect(step.with?.["version-script"]).toBe("npm run version-toolchains");
});

test("github-env.sh hands later steps the PATH entries and variables .ci/setup set", () => {
  const dir = mkdtempSync(join(tmpdir(), "github-env-"));
  try {
    const fakeSetup = join(dir, "setup");
    writeFileSync(
      fakeSetup,
      [
        'export PATH="/opt/node24/bin:/opt/tools/bin:$PATH"',
        "export TOOL_CACHE=/var/cache/tools",
        'export MULTILINE="one\ntwo"',
        "export KEPT=same",
        "unexported=1",
        "",
      ].join("\n"),
    );
    const githubEnv = join(dir, "env");
    const githubPath = join(dir, "path");
    execFileSync(
      "bash",
      [
        "-c",
        `env -0 > "$DIR/before"; source "$DIR/setup"; bash "$SCRIPT" "$DIR/before"`,
      ],
      {
        env: {
          PATH: process.env.PATH,
          KEPT: "same",
          DIR: dir,
          SCRIPT: join(root, "scripts/github-env.sh"),
          GITHUB_ENV: githubEnv,
          GITHUB_PATH: githubPath,
        },
      },
    );
    // GitHub prepends each line in turn: the last written comes first on PATH.
    expect(readFileSync(githubPath, "utf8")).toBe(
      "/opt/tools/bin\n/opt/node24/bin\n",
    );
    const written = readFileSync(githubEnv, "utf8");
    const vars = Object.fromEntries(
      [...written.matchAll(/^(\w+)<<(EOF_\w+)\n([\s\S]*?)\n\2$/gm)].map((m) => [
        m[1],
        m[3],
      ]),
    );
    expect(vars).toEqual({
      TOOL_CACHE: "/var/cache/tools",
      MULTILINE: "one\ntwo",
    });
  } finally {
    execFileSync("rm", ["-rf", dir]);
  }
});

test("CI runs dagger check at the root and the end-to-end suite", () => {
  const steps = Object.values(
    workflows.find((w) => w.file === "ci.yml")!.workflow.jobs,
  ).flatMap((j) => j.steps);
  expect(
    steps.find((s) => s.uses?.startsWith("dagger/dagger-for-github@v8"))?.with,
  ).toMatchObject({ check: "**" });
  expect(steps.some((s) => s.run === "npm run test:e2e")).toBe(true);
});
