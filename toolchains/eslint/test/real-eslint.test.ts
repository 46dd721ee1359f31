// The real ESLint 10, run with the exact arguments the toolchain builds, on copies of
// fixture projects; its report and errors read by the toolchain's own code.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { explainFailure, lintVerdict } from "../src/outcome.ts";
import { findings, fixedFiles, toSarif } from "../src/report.ts";
import { argv, eslintOn, runEslint, scratch } from "./real-eslint.ts";
import { sarifErrors } from "@toolchains/testkit";

type Run = Awaited<ReturnType<typeof eslintOn>>;

/** What the `lint` check would throw, or undefined when it passes. */
const lintMessage = (r: Run, maxWarnings?: number) =>
  lintVerdict(r.report!, r.exitCode, maxWarnings, r.dir);

/** What the toolchain says when ESLint could not run. */
const failure = (r: Run) => {
  expect(r.exitCode).toBe(2);
  expect(r.report).toBeUndefined();
  return explainFailure(r.exitCode, r.stderr);
};

describe.concurrent("lint", () => {
  test("a clean project passes", async () => {
    const r = await eslintOn("clean");
    expect(r.exitCode).toBe(0);
    expect(lintMessage(r)).toBeUndefined();
    // Every linted file is in the report, problems or not.
    expect(r.report!.results.map((x) => x.filePath).sort()).toEqual([
      join(r.dir, "eslint.config.js"),
      join(r.dir, "src/index.js"),
    ]);
  });

  test("a failing project: counts, rules, findings errors first, and the fix command", async () => {
    const r = await eslintOn("failing");
    expect(r.exitCode).toBe(1);
    expect(lintMessage(r)).toBe(
      [
        "eslint: 5 problems (4 errors, 1 warning) in 3 files.",
        "",
        "By rule:",
        "  eqeqeq: 1 error",
        "  no-undef: 1 error",
        "  no-unused-vars: 1 warning",
        "  parse-error: 1 error",
        "  prefer-const: 1 error",
        "",
        "First findings:",
        "  src/app.js:1:5 prefer-const 'total' is never reassigned. Use 'const' instead.",
        "  src/app.js:2:11 eqeqeq Expected '===' and instead saw '=='.",
        "  src/app.js:3:15 no-undef 'missing' is not defined.",
        "  src/broken.js:1:7 parse-error Parsing error: Unexpected token =",
        "  src/util.js:2:9 no-unused-vars 'skipped' is assigned a value but never used. (warning)",
        "",
        "ESLint can fix 1 problem: run `dagger generate eslint:fix`.",
      ].join("\n"),
    );
  });

  test("the findings shown are capped, pointing at the report for the rest", async () => {
    const r = await eslintOn("failing");
    const message = lintVerdict(r.report!, r.exitCode, undefined, r.dir, 2)!;
    expect(message).toContain(
      "  src/app.js:2:11 eqeqeq Expected '===' and instead saw '=='.\n  … and 3 more; the toolchain's `report` function returns them all",
    );
    expect(message).not.toContain("no-undef 'missing'");
  });

  test("warnings fail only past maxWarnings, which ESLint enforces too", async () => {
    const unset = await eslintOn("max-warnings");
    expect(unset.exitCode).toBe(0);
    expect(lintMessage(unset)).toBeUndefined();

    const atLimit = await eslintOn("max-warnings", { maxWarnings: 2 });
    expect(atLimit.exitCode).toBe(0);
    expect(lintMessage(atLimit, 2)).toBeUndefined();

    const over = await eslintOn("max-warnings", { maxWarnings: 1 });
    expect(over.exitCode).toBe(1);
    expect(over.stderr).toContain("ESLint found too many warnings");
    const message = lintMessage(over, 1);
    expect(message).toMatch(
      /^eslint: 2 problems \(0 errors, 2 warnings\) in 1 file\.\nThat is more warnings than maxWarnings allows \(1\)\.\n/,
    );
    expect(message).toContain(
      "  src/a.js:2:9 no-unused-vars 'first' is assigned a value but never used. (warning)",
    );
    expect(message).not.toContain("dagger generate");
  });

  test("a workspace: each package's nested eslint.config.js replaces the root one below it", async () => {
    const r = await eslintOn("workspace");
    expect(r.exitCode).toBe(1);
    expect(
      findings(r.report!, r.dir).map((f) => `${f.file} ${f.rule}`),
    ).toEqual([
      "packages/app/src/index.js eqeqeq",
      "packages/lib/src/index.js no-var",
      "src/root.js no-var",
    ]);
  });

  test("concurrency runs ESLint's worker threads with the same findings", async () => {
    const single = await eslintOn("failing");
    const threads = await eslintOn("failing", { concurrency: "2" });
    expect(threads.exitCode).toBe(1);
    expect(findings(threads.report!, threads.dir)).toEqual(
      findings(single.report!, single.dir),
    );
  });

  test("a warm run reads the cache file on the volume and reports the same", async () => {
    const s = scratch("failing");
    const args = argv({}, "lint", s);
    const cold = await runEslint(s, args);
    expect(readdirSync(s.cache)).toEqual(["project-lint.eslintcache"]);
    const cache = readFileSync(
      join(s.cache, "project-lint.eslintcache"),
      "utf8",
    );
    expect(cache).toContain(join(s.dir, "src/app.js"));
    const warm = await runEslint(s, args);
    expect(warm.exitCode).toBe(1);
    expect(findings(warm.report!, s.dir)).toEqual(
      findings(cold.report!, s.dir),
    );
  });
});

describe.concurrent("fix", () => {
  test("fixes exactly the fixable problems, and names only the files it rewrote", async () => {
    const r = await eslintOn("fixable", {}, "fix");
    expect(r.exitCode).toBe(0);
    expect(fixedFiles(r.report!, r.dir)).toEqual(["src/a.js", "src/c.js"]);
    const read = (path: string) => readFileSync(join(r.dir, path), "utf8");
    expect(read("src/a.js")).toBe(
      'let count = 1;\nconst name = "a";\nif (count) {count++;}\nexport { count, name };\n',
    );
    expect(read("src/c.js")).toBe(
      "export function c() {\n  const kept = 2;\n  const unusedHere = 3;\n  return kept;\n}\n",
    );
    expect(read("src/b.js")).toBe("export const done = true;\n");
    // The warning ESLint cannot fix is still reported.
    expect(findings(r.report!, r.dir).map((f) => f.rule)).toEqual([
      "no-unused-vars",
    ]);
  });

  test("fixTypes limits the fixes to those kinds", async () => {
    // curly is a "suggestion" fix in ESLint's terms, as are no-var and prefer-const.
    const r = await eslintOn("fixable", { fixTypes: ["layout"] }, "fix");
    expect(r.exitCode).toBe(1);
    expect(fixedFiles(r.report!, r.dir)).toEqual([]);
  });
});

describe.concurrent("report", () => {
  test("SARIF from a failing project is valid SARIF 2.1.0 with rules, docs links, levels and regions", async () => {
    const r = await eslintOn("failing");
    const sarif = toSarif(r.report!, "10.15.0", r.dir);
    expect(sarifErrors(sarif)).toEqual([]);
    const run = (sarif as { runs: Record<string, unknown>[] }).runs[0]!;
    expect(run.tool).toMatchObject({
      driver: {
        name: "ESLint",
        version: "10.15.0",
        rules: expect.arrayContaining([
          {
            id: "no-undef",
            shortDescription: {
              text: "Disallow the use of undeclared variables unless mentioned in `/*global */` comments",
            },
            helpUri: "https://eslint.org/docs/latest/rules/no-undef",
            properties: { category: "problem" },
          },
          {
            id: "parse-error",
            shortDescription: { text: "ESLint could not parse the file." },
          },
        ]),
      },
    });
    expect(run.results).toContainEqual({
      ruleId: "eqeqeq",
      ruleIndex: expect.any(Number),
      level: "error",
      message: { text: "Expected '===' and instead saw '=='." },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: "src/app.js", uriBaseId: "%SRCROOT%" },
            region: {
              startLine: 2,
              startColumn: 11,
              endLine: 2,
              endColumn: 13,
            },
          },
        },
      ],
    });
    expect(run.results).toContainEqual(
      expect.objectContaining({ ruleId: "no-unused-vars", level: "warning" }),
    );
    const results = run.results as { ruleId: string; ruleIndex: number }[];
    const rules = (run.tool as { driver: { rules: { id: string }[] } }).driver
      .rules;
    for (const result of results)
      expect(rules[result.ruleIndex]!.id).toBe(result.ruleId);
    expect(results).toHaveLength(5);
  });

  test("SARIF from a clean project is valid and empty", async () => {
    const r = await eslintOn("clean");
    const sarif = toSarif(r.report!, "10.15.0", r.dir);
    expect(sarifErrors(sarif)).toEqual([]);
    expect(sarif).toMatchObject({ runs: [{ results: [] }] });
  });

  test("the schema check itself rejects a result without a message", async () => {
    const r = await eslintOn("failing");
    const sarif = toSarif(r.report!, "10.15.0", r.dir) as {
      runs: { results: Record<string, unknown>[] }[];
    };
    delete sarif.runs[0]!.results[0]!.message;
    expect(sarifErrors(sarif)).toContain(
      "/runs/0/results/0 must have required property 'message'",
    );
  });
});

describe.concurrent("ESLint could not run", () => {
  test("no eslint.config.*", async () => {
    const message = failure(await eslintOn("no-config"));
    expect(message).toMatch(
      /^ESLint found no configuration: add an eslint\.config\.js \(or \.mjs, \.cjs, \.ts\) at the repository root\./,
    );
    expect(message).toContain(
      "eslint exited with code 2:\nESLint couldn't find an eslint.config.* file.",
    );
  });

  test("a config that does not parse", async () => {
    const message = failure(await eslintOn("broken-config"));
    expect(message).toMatch(
      /^ESLint could not load its configuration, or stopped before linting\. Fix eslint\.config\.\*/,
    );
    expect(message).toContain("SyntaxError: Unexpected end of input");
    expect(message).not.toMatch(/^\s+at /m);
  });

  test("a plugin the config imports is not installed", async () => {
    const message = failure(await eslintOn("missing-plugin"));
    expect(message).toMatch(
      /^ESLint's configuration imports eslint-plugin-not-installed, which is not installed\. Add it to the root package\.json's devDependencies and commit the lockfile/,
    );
    expect(message).toContain("ERR_MODULE_NOT_FOUND");
  });

  test("a config that uses a plugin's rules without registering the plugin", async () => {
    const message = failure(await eslintOn("unregistered-plugin"));
    expect(message).toMatch(
      /^ESLint's configuration uses rules of the plugin "react" without loading it: import the plugin and register it under `plugins` in eslint\.config\.\*\./,
    );
  });

  test("a config setting that names no file", async () => {
    const r = await eslintOn("clean", { config: "nope.config.js" });
    expect(failure(r)).toMatch(
      new RegExp(
        `^The config file ${r.dir}/nope\\.config\\.js does not exist: fix the config setting`,
      ),
    );
  });

  test("paths that match nothing", async () => {
    const message = failure(await eslintOn("clean", { paths: ["nothing/"] }));
    expect(message).toMatch(
      /^Nothing matches "nothing\/": check the paths setting\./,
    );
  });

  test("an option ESLint does not know, from extraArgs", async () => {
    const message = failure(
      await eslintOn("clean", { extraArgs: ["--bogus-option"] }),
    );
    expect(message).toMatch(
      /^ESLint does not know the option --bogus-option: remove it from extraArgs\./,
    );
  });
});
