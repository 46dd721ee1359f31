// Executed pipelines: every function runs for real through the testkit's executing
// double (the Node image's stand-in, package stores seeded for no network) on fixture
// projects of each package manager with real lockfiles, and what a user sees is
// asserted: the failure message, the changeset, SARIF against its schema, a warm run.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { call, sarifErrors, type CallRecording } from "@toolchains/testkit";
import {
  describeEachManager,
  executedSuite,
  installs,
  installSteps,
  withCopy,
  type Manager,
} from "../../../packages/shared/test/executed.ts";

/** Projects that do not depend on ESLint: the prettier toolchain's. */
const {
  module,
  host,
  fixture,
  otherFixture: withoutEslint,
} = executedSuite(import.meta.url, "prettier");

const fixedApp = `let total = 0;
const step = 1;
export function add(n) {
  if (n == null) return total;
  total += n * step;
  return total;
}
`;
const cleanApp = fixedApp.replace("n == null", "n === undefined");

const eslintStep = (r: CallRecording) =>
  r.execs.find((e) => e.argv.includes("json-with-metadata"))!;

/** "src/app.js:4 eqeqeq", from a SARIF result. */
const sarifFinding = (r: {
  ruleId: string;
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string };
      region: { startLine: number };
    };
  }[];
}) => {
  const where = r.locations[0]!.physicalLocation;
  return `${where.artifactLocation.uri}:${where.region.startLine} ${r.ruleId}`;
};

const addCommand: Record<Manager, string> = {
  npm: "npm install --save-dev eslint",
  pnpm: "pnpm add --save-dev eslint",
  yarn1: "yarn add --dev eslint",
  yarn4: "yarn add --dev eslint",
  bun: "bun add --dev eslint",
};

describeEachManager(fixture, (manager, project) => {
  const repo = project.dir;

  test("lint reports counts, rules, file:line:col and the fix command, after a frozen install", async () => {
    const lint = await call({ module, repo, host, function: "lint" });
    expect(installSteps(lint)).toEqual({
      ran: [installs[manager]],
      reused: [],
    });
    expect(eslintStep(lint).argv[0]).toBe(
      manager === "yarn4" ? "yarn" : "node_modules/.bin/eslint",
    );
    expect(lint.error).toBe(
      [
        "eslint: 3 problems (3 errors, 0 warnings) in 1 file.",
        "",
        "By rule:",
        "  eqeqeq: 1 error",
        "  no-var: 1 error",
        "  prefer-const: 1 error",
        "",
        "First findings:",
        "  src/app.js:1:1 no-var Unexpected var, use let or const instead.",
        "  src/app.js:2:5 prefer-const 'step' is never reassigned. Use 'const' instead.",
        "  src/app.js:4:9 eqeqeq Expected '===' and instead saw '=='.",
        "",
        "ESLint can fix 2 problems: run `dagger generate eslint:fix`.",
      ].join("\n"),
    );
  });

  test("fix returns exactly the fixed file", async () => {
    const fix = await call({ module, repo, host, function: "fix" });
    expect(fix.changeset).toMatchObject({
      added: [],
      modified: ["src/app.js"],
      removed: [],
      files: { "src/app.js": fixedApp },
    });
  });

  test("report: SARIF valid against the schema, with the project's ESLint version", async () => {
    const sarif = await call({ module, repo, host, function: "report" });
    const document = JSON.parse(sarif.file!.contents);
    expect(sarifErrors(document)).toEqual([]);
    expect(document.runs[0].tool.driver).toMatchObject({
      name: "ESLint",
      version: "10.15.0",
    });
    expect(document.runs[0].results.map(sarifFinding)).toEqual([
      "src/app.js:1 no-var",
      "src/app.js:2 prefer-const",
      "src/app.js:4 eqeqeq",
    ]);
  });

  test("report: ESLint's JSON", async () => {
    const json = await call({
      module,
      repo,
      host,
      function: "report",
      args: { format: "json" },
    });
    expect(
      JSON.parse(json.file!.contents).map(
        (f: { filePath: string; errorCount: number }) =>
          `${f.filePath} ${f.errorCount}`,
      ),
    ).toEqual([
      "/src/eslint.config.js 0",
      "/src/src/app.js 3",
      "/src/src/util.js 0",
    ]);
  });

  test("a warm lint of the corrected project passes, the install reused", async () => {
    project.write("src/app.js", cleanApp);
    const warm = await call({ module, repo, host, function: "lint" });
    expect(warm.error).toBeUndefined();
    expect(installSteps(warm)).toEqual({
      ran: [],
      reused: [installs[manager]],
    });
  });

  test("a project that does not depend on ESLint is told how to add it", async () => {
    const r = await call({
      module,
      repo: withoutEslint(manager),
      host,
      function: "lint",
    });
    expect(r.execs).toEqual([]);
    expect(r.error).toContain(
      "ESLint is not a dependency of this project: the root package.json lists no `eslint`",
    );
    expect(r.error).toContain(`Add it with \`${addCommand[manager]}\``);
  });
});

test("ESLint's cache, when on: a warm lint re-lints only the edited file, even after a run with other paths on the same engine", () =>
  withCopy(fixture("npm"), async (project) => {
    const repo = project.dir;
    const constructorArgs = { extraArgs: ["--debug"], cache: true };
    const skipped = (r: CallRecording) =>
      [
        ...eslintStep(r).stderr.matchAll(
          /Skipping file since it hasn't changed: (\S+)/g,
        ),
      ].map((m) => m[1]);
    const cold = await call({
      module,
      repo,
      host,
      function: "lint",
      constructorArgs,
    });
    expect(cold.error).toContain("eslint: 3 problems");
    expect(skipped(cold)).toEqual([]);

    // Another `paths` setting on the same engine lints only one file.
    const other = await call({
      module,
      repo,
      host,
      function: "lint",
      constructorArgs: { ...constructorArgs, paths: ["src/app.js"] },
    });
    expect(other.error).toContain("eslint: 3 problems");

    project.write("src/app.js", cleanApp);
    const warm = await call({
      module,
      repo,
      host,
      function: "lint",
      constructorArgs,
    });
    expect(warm.error).toBeUndefined();
    expect(skipped(warm)).toEqual([
      "/src/eslint.config.js",
      "/src/src/util.js",
    ]);
    expect(installSteps(warm).ran).toEqual([]);
  }));

test("bulk suppressions: lint honours them, fix prunes the ones its fixes used up and returns the file, stale ones get their own advice", () =>
  withCopy(fixture("npm"), async (project) => {
    const repo = project.dir;
    project.write(
      "eslint-suppressions.json",
      JSON.stringify(
        {
          "src/app.js": {
            eqeqeq: { count: 1 },
            "no-var": { count: 1 },
            "prefer-const": { count: 1 },
          },
        },
        null,
        2,
      ) + "\n",
    );
    const lint = await call({ module, repo, host, function: "lint" });
    expect(lint.error).toBeUndefined();

    const fix = await call({ module, repo, host, function: "fix" });
    expect(fix.error).toBeUndefined();
    expect(fix.changeset!.modified).toEqual([
      "eslint-suppressions.json",
      "src/app.js",
    ]);
    expect(
      JSON.parse(fix.changeset!.files["eslint-suppressions.json"]!),
    ).toEqual({ "src/app.js": { eqeqeq: { count: 1 } } });
    expect(fix.changeset!.files["src/app.js"]).toBe(fixedApp);

    // The fixed source committed without the pruned suppressions file.
    project.write("src/app.js", fixedApp);
    const stale = await call({ module, repo, host, function: "lint" });
    expect(stale.error).toContain(
      "ESLint's bulk suppressions file (eslint-suppressions.json) lists violations that no longer occur",
    );
    expect(stale.error).toContain(
      "Run `dagger generate eslint:fix`, which prunes them",
    );
  }));

test("Yarn 4: a package.json script named `eslint` never runs in ESLint's place, so its --fix cannot hide the findings", () =>
  withCopy(fixture("yarn4"), async (project) => {
    const manifest = JSON.parse(project.read("package.json"));
    manifest.scripts = { ...manifest.scripts, eslint: "eslint --fix" };
    project.write("package.json", JSON.stringify(manifest, null, 2) + "\n");
    const lint = await call({
      module,
      repo: project.dir,
      host,
      function: "lint",
    });
    expect(lint.error).toContain("eslint: 3 problems (3 errors, 0 warnings)");
    expect(lint.error).toContain("ESLint can fix 2 problems");
    expect(eslintStep(lint).argv.slice(0, 4)).toEqual([
      "yarn",
      "run",
      "--binaries-only",
      "eslint",
    ]);
  }));

/** A local rule that reports identifiers named `name`. */
const localRule = (name: string) => `export default {
  meta: { type: "problem", schema: [] },
  create(context) {
    return {
      Identifier(node) {
        if (node.name === "${name}") context.report({ node, message: "No ${name}." });
      },
    };
  },
};
`;

test("a warm lint after an edit of only a local rule says what a cold one would, with the cache off (the default) and on", () =>
  withCopy(fixture("npm"), async (project) => {
    const repo = project.dir;
    project.write("src/app.js", cleanApp);
    project.write(
      "eslint.config.js",
      [
        'import noName from "./rules/no-name.js";',
        "export default [",
        '  { plugins: { local: { rules: { "no-name": noName } } }, rules: { "local/no-name": "error" } },',
        "];",
        "",
      ].join("\n"),
    );
    mkdirSync(join(repo, "rules"));
    project.write("rules/no-name.js", localRule("nothing"));
    const lint = (cache: boolean) =>
      call({
        module,
        repo,
        host,
        function: "lint",
        constructorArgs: { cache },
      });
    for (const cache of [false, true])
      expect((await lint(cache)).error).toBeUndefined();

    // Only the rule changes: src/util.js, unchanged, now breaks it.
    project.write("rules/no-name.js", localRule("ready"));
    for (const cache of [false, true])
      expect((await lint(cache)).error).toContain(
        "src/util.js:1:14 local/no-name No ready.",
      );
  }));
