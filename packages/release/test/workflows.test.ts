// The GitHub workflows parse, and every npm script and file they run exists.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { parse } from "yaml";

const root = join(import.meta.dirname, "../../..");
const workflowsDir = join(root, ".github/workflows");
const scripts: Record<string, string> = JSON.parse(
  readFileSync(join(root, "package.json"), "utf8"),
).scripts;

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}
interface Workflow {
  on: unknown;
  jobs: Record<string, { "runs-on": string; steps: Step[] }>;
}

const workflows = readdirSync(workflowsDir).map((file) => ({
  file,
  workflow: parse(readFileSync(join(workflowsDir, file), "utf8")) as Workflow,
}));

/** `npm run x`, `npm test`, `node path`, `--version-file path` in a command line. */
function references(command: string): { scripts: string[]; files: string[] } {
  return {
    scripts: [...command.matchAll(/npm run ([\w:-]+)/g)]
      .map((m) => m[1]!)
      .concat(/\bnpm test\b/.test(command) ? ["test"] : []),
    files: [...command.matchAll(/\bnode (?:--import \S+ )?(\S+\.ts)/g)].map(
      (m) => m[1]!,
    ),
  };
}

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

test("CI runs dagger check at the root and the end-to-end suite", () => {
  const steps = Object.values(
    workflows.find((w) => w.file === "ci.yml")!.workflow.jobs,
  ).flatMap((j) => j.steps);
  expect(
    steps.find((s) => s.uses?.startsWith("dagger/dagger-for-github@v8"))?.with,
  ).toMatchObject({ check: "**" });
  expect(steps.some((s) => s.run === "npm run test:e2e")).toBe(true);
});
