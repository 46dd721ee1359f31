// pytest's exit code and report turned into one message that says what to fix, and
// which failures a snapshot update expects.
import { describe, expect, test } from "vitest";
import {
  explain,
  problemLines,
  updateFailure,
  type Explain,
} from "../src/outcome.ts";
import type { JunitSummary, TestProblem } from "../src/report.ts";

const failure = (n: number): TestProblem => ({
  kind: "failed",
  id: `tests/test_a.py::test_${n}`,
  location: `tests/test_a.py:${n}`,
  message: `assert ${n} == 0`,
});
const summary = (problems: TestProblem[], passed = 1): JunitSummary => ({
  tests: problems.length + passed,
  passed,
  failed: problems.filter((p) => p.kind === "failed").length,
  errors: problems.filter((p) => p.kind === "error").length,
  skipped: 0,
  problems,
});
const message = (e: Partial<Explain>) => {
  const o = explain({
    exitCode: 1,
    output: "",
    allowNoTests: false,
    snapshotPlugins: [],
    ...e,
  });
  return o.kind === "failed" ? o.message : undefined;
};

describe("exit codes", () => {
  test("0 passes; 5 (no tests) passes only with allowNoTests", () => {
    expect(message({ exitCode: 0 })).toBeUndefined();
    expect(message({ exitCode: 5, allowNoTests: true })).toBeUndefined();
    expect(message({ exitCode: 5 })).toMatch(
      /^pytest collected no tests\.\nCheck `testpaths`.*`allowNoTests` to true\.$/s,
    );
  });

  test("1: the counts, each failure with its location, and how to fix", () => {
    expect(
      message({
        junit: summary([
          failure(1),
          { ...failure(2), kind: "error", location: undefined },
        ]),
      }),
    ).toBe(
      [
        "pytest: 1 failed, 1 error, 1 passed (3 tests)",
        "  tests/test_a.py:1: FAILED tests/test_a.py::test_1 - assert 1 == 0",
        "  ERROR tests/test_a.py::test_2 - assert 2 == 0",
        "",
        "Fix the tests or the code they test; the `junit` function returns the full report.",
      ].join("\n"),
    );
  });

  test("1 with a snapshot plugin: the hint names the update generator", () => {
    expect(
      message({
        junit: summary([failure(1)]),
        snapshotPlugins: ["syrupy", "inline-snapshot"],
      }),
    ).toMatch(
      /\n\nIf the snapshots changed on purpose, run `dagger generate pytest:update-snapshots` \(syrupy, inline-snapshot\)\.$/,
    );
  });

  test("1 with every test passing: a plugin failed the session; the end of the output, without colours", () => {
    const output = `${Array.from({ length: 40 }, (_, i) => `line ${i}`).join("\n")}\n\u001b[31mFAIL Required test coverage of 90% not reached.\u001b[0m\n`;
    const m = message({ junit: summary([], 2), output })!;
    expect(m).toMatch(
      /^pytest failed the run although every test passed \(2 passed \(2 tests\)\): a plugin ended the session with an error, such as coverage under --cov-fail-under or unused snapshots\.\nThe end of pytest's output:\nline 11\n/,
    );
    expect(m).toMatch(
      /line 39\nFAIL Required test coverage of 90% not reached\.$/,
    );
  });

  test("2: interrupted, usually an import error; the hint names the extras and groups settings", () => {
    const m = message({
      exitCode: 2,
      junit: summary([{ ...failure(1), kind: "error" }], 0),
    });
    expect(m).toMatch(
      /^pytest was interrupted \(1 error \(1 test\)\): usually a test module that cannot be imported\.\n {2}tests\/test_a\.py:1: ERROR/,
    );
    expect(m).toContain("check the `extras` and `groups` settings");
    expect(message({ exitCode: 2 })).toMatch(
      /^pytest was interrupted: usually/,
    );
  });

  test("3: an internal error shows the last INTERNALERROR lines, where the exception is", () => {
    const traceback = Array.from(
      { length: 20 },
      (_, i) => `INTERNALERROR>   frame ${i}`,
    );
    const m = message({
      exitCode: 3,
      output: `collected 3 items\n${traceback.join("\n")}\nINTERNALERROR> ValueError: broken hook\n`,
    });
    expect(m).toBe(
      [
        "pytest hit an internal error: a plugin or a conftest.py hook raised.",
        ...traceback.slice(-11),
        "INTERNALERROR> ValueError: broken hook",
      ].join("\n"),
    );
  });

  test("4: pytest's own error lines, and the settings to check", () => {
    const m = message({
      exitCode: 4,
      output:
        "ERROR: usage: __main__.py [options] [file_or_dir] [file_or_dir] [...]\n__main__.py: error: unrecognized arguments: --bogus\n  inifile: None\n",
    });
    expect(m).toBe(
      [
        "pytest could not start: it rejected its command line or configuration " +
          "(an unknown option, a path that does not exist, a conftest.py that fails to import, or -n without pytest-xdist).",
        "ERROR: usage: __main__.py [options] [file_or_dir] [file_or_dir] [...]",
        "__main__.py: error: unrecognized arguments: --bogus",
        "",
        "Check the `args` and `workers` settings and the [tool.pytest.ini_options] / pytest.ini configuration.",
      ].join("\n"),
    );
  });

  test("any other code: the code, the counts and the end of the output", () => {
    expect(
      message({ exitCode: 137, junit: summary([]), output: "Killed\n" }),
    ).toBe("pytest exited with code 137 (1 passed (1 test)).\nKilled");
  });
});

test("at most 20 failures are listed, then how many more", () => {
  const lines = problemLines(
    summary(Array.from({ length: 23 }, (_, i) => failure(i + 1))),
  );
  expect(lines).toHaveLength(21);
  expect(lines[19]).toBe(
    "  tests/test_a.py:20: FAILED tests/test_a.py::test_20 - assert 20 == 0",
  );
  expect(lines[20]).toBe("  … and 3 more");
});

describe("a snapshot update run", () => {
  const regenerated: TestProblem = {
    kind: "failed",
    id: "tests/test_report.py::test_report",
    location: "tests/test_report.py:2",
    message:
      "Failed: Files differ and --force-regen set, regenerating file at:",
  };
  const run = (exitCode: number, problems?: TestProblem[]) => {
    const junit = problems && summary(problems, 0);
    return {
      exitCode,
      junit,
      outcome: explain({
        exitCode,
        junit,
        output: "INTERNALERROR> ValueError: broken hook",
        allowNoTests: false,
        snapshotPlugins: ["pytest-regressions"],
      }),
    };
  };

  test("passes when it passed, or when every failure is a plugin reporting what it wrote", () => {
    expect(updateFailure(run(0, []))).toBeUndefined();
    expect(updateFailure(run(1, [regenerated]))).toBeUndefined();
    expect(
      updateFailure(
        run(1, [
          { ...regenerated, message: "your snapshot is missing one value" },
        ]),
      ),
    ).toBeUndefined();
  });

  test("other failures fail it, listed alone", () => {
    expect(updateFailure(run(1, [regenerated, failure(3)]))).toBe(
      [
        "pytest:update-snapshots: 1 test failed for reasons other than the snapshots; no snapshots were taken from this run.",
        "  tests/test_a.py:3: FAILED tests/test_a.py::test_3 - assert 3 == 0",
        "",
        "Fix those tests first, or narrow the run with the args setting.",
      ].join("\n"),
    );
  });

  test("a run that could not go through fails with pytest's own reason", () => {
    expect(updateFailure(run(3))).toBe(
      "pytest hit an internal error: a plugin or a conftest.py hook raised.\nINTERNALERROR> ValueError: broken hook",
    );
    expect(updateFailure(run(1, []))).toMatch(
      /^pytest failed the run although every test passed/,
    );
  });
});
