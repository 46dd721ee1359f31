// What a run of ESLint means: whether `lint` passes and what it says, and the setup
// problems in words that say what to fix.
import { describe, expect, test } from "vitest";
import {
  eslintMissing,
  eslintRan,
  explainFailure,
  formatFinding,
  lintVerdict,
  noPackageJson,
  unreadableReport,
} from "../src/outcome.ts";
import type { EslintMessage, EslintReport } from "../src/report.ts";
import { detectProject } from "../src/shared/node-project.ts";

const message = (
  ruleId: string | null,
  severity: 1 | 2,
  line = 1,
  more: Partial<EslintMessage> = {},
): EslintMessage => ({
  ruleId,
  severity,
  message: `${ruleId ?? "core"} says no`,
  line,
  column: 3,
  ...more,
});

/** A report of one file per entry, with the counts ESLint would give. */
function report(files: Record<string, EslintMessage[]>): EslintReport {
  return {
    results: Object.entries(files).map(([file, messages]) => ({
      filePath: `/src/${file}`,
      messages,
      errorCount: messages.filter((m) => m.severity === 2).length,
      warningCount: messages.filter((m) => m.severity === 1).length,
      fixableErrorCount: messages.filter((m) => m.severity === 2 && m.fix)
        .length,
      fixableWarningCount: messages.filter((m) => m.severity === 1 && m.fix)
        .length,
    })),
  };
}

describe("lintVerdict", () => {
  test("no errors passes, whatever the warnings, when maxWarnings is unset", () => {
    const r = report({ "a.js": [message("no-unused-vars", 1)], "b.js": [] });
    expect(lintVerdict(r, 0)).toBeUndefined();
  });

  test("errors fail with counts, rules by frequency, findings errors first, and the fix command", () => {
    const r = report({
      "b.js": [
        message("semi", 2, 4, { fix: {} }),
        message("no-unused-vars", 1, 2),
      ],
      "a.js": [message("semi", 2, 9), message(null, 2, 1, { fatal: true })],
    });
    expect(lintVerdict(r, 1)).toBe(
      [
        "eslint: 4 problems (3 errors, 1 warning) in 2 files.",
        "",
        "By rule:",
        "  semi: 2 errors",
        "  no-unused-vars: 1 warning",
        "  parse-error: 1 error",
        "",
        "First findings:",
        "  a.js:1:3 parse-error core says no",
        "  a.js:9:3 semi semi says no",
        "  b.js:4:3 semi semi says no",
        "  b.js:2:3 no-unused-vars no-unused-vars says no (warning)",
        "",
        "ESLint can fix 1 problem: run `dagger generate eslint:fix`.",
      ].join("\n"),
    );
  });

  test("warnings past maxWarnings fail and say so, without a fix command when nothing is fixable", () => {
    const r = report({ "a.js": [message("eqeqeq", 1), message("eqeqeq", 1)] });
    expect(lintVerdict(r, 0, 2)).toBeUndefined();
    const failure = lintVerdict(r, 1, 1)!;
    expect(failure).toMatch(
      /^eslint: 2 problems \(0 errors, 2 warnings\) in 1 file\.\nThat is more warnings than maxWarnings allows \(1\)\.\n\nBy rule:\n {2}eqeqeq: 2 warnings\n/,
    );
    expect(failure).not.toContain("dagger generate");
  });

  test("an exit code of 1 for warnings alone fails: ESLint decided (a --max-warnings in extraArgs)", () => {
    const r = report({ "a.js": [message("eqeqeq", 1)] });
    expect(lintVerdict(r, 1)).toContain(
      "ESLint exited with code 1 for the warnings alone.",
    );
  });

  test("the findings shown are capped, pointing at `report` for the rest", () => {
    const r = report({
      "a.js": [1, 2, 3].map((line) => message("semi", 2, line)),
    });
    const failure = lintVerdict(r, 1, undefined, "/src", 2)!;
    expect(failure).toContain(
      "  a.js:2:3 semi semi says no\n  … and 1 more; the toolchain's `report` function returns them all",
    );
  });
});

test("formatFinding: a finding about the whole file has no position", () => {
  expect(
    formatFinding({
      file: "a.js",
      line: 0,
      column: 0,
      rule: "eslint-core",
      severity: "warning",
      message: "Unused eslint-disable directive.",
    }),
  ).toBe("a.js eslint-core Unused eslint-disable directive. (warning)");
});

test("eslintRan: 0 and 1 are lint results; anything else means ESLint could not run", () => {
  expect([0, 1, 2, 127].map(eslintRan)).toEqual([true, true, false, false]);
});

describe("explainFailure", () => {
  test("advice first, then ESLint's error without its banner, stack frames or colours", () => {
    const stderr = [
      "",
      "Oops! Something went wrong! :(",
      "",
      "ESLint: 10.15.0",
      "",
      "\u001b[31mError: Cannot find package 'eslint-plugin-x' imported from /src/eslint.config.js\u001b[39m",
      "    at packageResolve (node:internal/modules/esm/resolve:873:9)",
      "    at moduleResolve (node:internal/modules/esm/resolve:946:18)",
    ].join("\n");
    expect(explainFailure(2, stderr)).toBe(
      "ESLint's configuration imports eslint-plugin-x, which is not installed. " +
        "Add it to the root package.json's devDependencies and commit the lockfile: the toolchain installs exactly what the lockfile holds.\n" +
        "eslint exited with code 2:\n" +
        "Error: Cannot find package 'eslint-plugin-x' imported from /src/eslint.config.js",
    );
  });

  test.each([
    [
      "Invalid option '--bogus' - perhaps you meant '--fix'?",
      "ESLint does not know the option --bogus: remove it from extraArgs.",
    ],
    [
      "Invalid option '--concurrency' - perhaps you meant '--color'?",
      "The concurrency setting needs ESLint 9.34 or later: upgrade ESLint, or set concurrency to off.",
    ],
    [
      "Error: ENOENT: no such file or directory, stat '/src/strict.config.js'",
      "The config file /src/strict.config.js does not exist: fix the config setting, or leave it empty to let ESLint find eslint.config.*.",
    ],
    [
      'No files matching the pattern "lib" were found.',
      'Nothing matches "lib": check the paths setting.',
    ],
    [
      'You are linting "dist", but all of the files matching the glob pattern "dist" are ignored.',
      'ESLint ignores every file under "dist": check the paths setting and the ignores in eslint.config.*.',
    ],
    [
      "There are suppressions left that do not occur anymore. To resolve this, re-run the command with `--prune-suppressions` to remove unused suppressions.",
      "ESLint's bulk suppressions file (eslint-suppressions.json) lists violations that no longer occur",
    ],
    [
      "The suppressions file does not exist. Please run the command with `--suppress-all` or `--suppress-rule` to create it.",
      "extraArgs names a --suppressions-location with no file there",
    ],
    [
      "SyntaxError: Unexpected end of input",
      "ESLint could not load its configuration, or stopped before linting.",
    ],
  ])("%s", (stderr, advice) => {
    expect(explainFailure(2, stderr)).toContain(advice);
  });

  test("no output at all says so", () => {
    expect(explainFailure(137, "")).toMatch(
      /\neslint exited with code 137:\n\(no output\)$/,
    );
  });

  test("a run without a readable report says why, then what ESLint printed", () => {
    expect(
      unreadableReport(
        1,
        new SyntaxError("Unexpected end of JSON input"),
        "Error: config printed to stdout",
      ),
    ).toMatch(
      /^ESLint exited with code 1 without a readable report \(Unexpected end of JSON input\)\.\nESLint could not load its configuration/,
    );
  });
});

describe("ESLint missing", () => {
  test.each([
    ["package-lock.json", "npm install --save-dev eslint"],
    ["pnpm-lock.yaml", "pnpm add --save-dev eslint"],
    ["yarn.lock", "yarn add --dev eslint"],
    ["bun.lock", "bun add --dev eslint"],
  ])("with %s, the project's package manager adds it", (lockfile, command) => {
    const project = detectProject("auto", {
      packageJson: {},
      rootFiles: ["package.json", lockfile],
    });
    expect(eslintMissing(project)).toContain(
      `Add it with \`${command}\`, add an eslint.config.js, and commit package.json and the lockfile.`,
    );
  });

  test("without a package.json, how to start one", () => {
    expect(noPackageJson()).toMatch(
      /^ESLint is not a dependency of this project: the repository root has no package\.json\.\n.*\nAdd a package\.json with eslint in devDependencies \(`npm init -y && npm install --save-dev eslint`\)/,
    );
  });
});
