// The real pytest (Debian's python3-pytest and plugins), run with the exact argv the
// toolchain builds, on copies of fixture projects; the JUnit XML it writes is read by
// the toolchain's own parser and the exit code by its own classification.
import { execFile, execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import {
  coverageFile,
  pytestArgv,
  pytestCacheDir,
  reportDir,
  type PytestRun,
} from "../src/argv.ts";
import { explain } from "../src/outcome.ts";
import { readJunit, type JunitSummary } from "../src/report.ts";
import { isSnapshotOrTestFile } from "../src/snapshots.ts";

const debianPackages =
  "python3-pytest python3-pytest-xdist python3-pytest-cov python3-pytest-regressions";

/** The first Python that has pytest and the plugins these tests use. */
function findPython(): string {
  for (const python of ["/usr/bin/python3", "python3"]) {
    try {
      execFileSync(
        python,
        ["-c", "import pytest, xdist, pytest_cov, pytest_regressions"],
        { stdio: "ignore" },
      );
      return python;
    } catch {
      // try the next one
    }
  }
  throw new Error(
    `No python3 with pytest, pytest-xdist, pytest-cov and pytest-regressions was found. ` +
      `Install them: apt-get install -y ${debianPackages} (.ci/setup does this in CI).`,
  );
}

// Looked up by each test, so that without pytest every test fails with this message.
let python: string | undefined;

interface RealRun {
  dir: string;
  exitCode: number;
  output: string;
  junit?: JunitSummary;
  reports: string;
}

/** The toolchain's argv, with /report and /cache moved to scratch folders. */
async function runPytest(
  fixture: string,
  run: Partial<PytestRun> = {},
): Promise<RealRun> {
  const dir = mkdtempSync(join(tmpdir(), `pytest-${fixture}-`));
  const reports = mkdtempSync(join(tmpdir(), "pytest-report-"));
  const cache = mkdtempSync(join(tmpdir(), "pytest-cache-"));
  cpSync(
    fileURLToPath(new URL(`./fixtures/real/${fixture}`, import.meta.url)),
    dir,
    { recursive: true },
  );
  const [, ...argv] = pytestArgv({ workers: "", args: [], ...run }).map((a) =>
    a.replace(reportDir, reports).replace(pytestCacheDir, cache),
  );
  python ??= findPython();
  const result = await promisify(execFile)(python, argv, {
    cwd: dir,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
  }).then(
    ({ stdout, stderr }) => ({ exitCode: 0, output: stdout + stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      exitCode: e.code,
      output: e.stdout + e.stderr,
    }),
  );
  const xml = join(reports, "junit.xml");
  return {
    dir,
    reports,
    ...result,
    junit: existsSync(xml) ? readJunit(readFileSync(xml, "utf8")) : undefined,
  };
}

/** Runs a fixture and checks pytest's exit code and the counts read from its report. */
async function runExpecting(
  fixture: string,
  exitCode: number,
  counts: Partial<JunitSummary>,
  run: Partial<PytestRun> = {},
): Promise<RealRun> {
  const r = await runPytest(fixture, run);
  expect(r.exitCode).toBe(exitCode);
  expect(r.junit).toMatchObject(counts);
  return r;
}

const outcome = (r: RealRun, allowNoTests = false) =>
  explain({ ...r, allowNoTests, snapshotPlugins: [] });

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => relative(dir, join(dir, f)));
}

describe.concurrent("real pytest", () => {
  test("a passing suite: counts from the JUnit XML, and the check passes", async () => {
    // Every field given: nothing else in the summary.
    const r = await runExpecting("passing", 0, {
      tests: 3,
      passed: 2,
      failed: 0,
      errors: 0,
      skipped: 1,
      problems: [],
    });
    expect(outcome(r)).toEqual({ kind: "passed" });
  });

  test("failing tests: node ids, the failing line and the first line of each failure", async () => {
    const r = await runExpecting("failing", 1, {
      tests: 4,
      passed: 2,
      failed: 2,
      errors: 0,
    });
    expect(r.junit!.problems).toEqual([
      {
        kind: "failed",
        id: "tests/test_cart.py::TestDiscount::test_ten_percent",
        location: "tests/test_cart.py:11",
        message: "AssertionError: ten percent off",
      },
      {
        kind: "failed",
        id: "tests/test_cart.py::test_quantity[2]",
        location: "tests/test_cart.py:16",
        message: "assert 2 == 1",
      },
    ]);
    const o = outcome(r);
    expect(o.kind === "failed" && o.message).toBe(
      [
        "pytest: 2 failed, 2 passed (4 tests)",
        "  tests/test_cart.py:11: FAILED tests/test_cart.py::TestDiscount::test_ten_percent - AssertionError: ten percent off",
        "  tests/test_cart.py:16: FAILED tests/test_cart.py::test_quantity[2] - assert 2 == 1",
        "",
        "Fix the tests or the code they test; the `junit` function returns the full report.",
      ].join("\n"),
    );
  });

  test("an erroring fixture is an error, not a failure", async () => {
    const r = await runExpecting("erroring", 1, {
      passed: 1,
      failed: 0,
      errors: 1,
    });
    expect(r.junit!.problems).toEqual([
      {
        kind: "error",
        id: "tests/test_db.py::test_query",
        location: "tests/test_db.py:6",
        message:
          'failed on setup with "RuntimeError: database is not reachable"',
      },
    ]);
    const o = outcome(r);
    expect(o.kind === "failed" && o.message).toMatch(
      /^pytest: 1 error, 1 passed \(2 tests\)\n {2}tests\/test_db\.py:6: ERROR tests\/test_db\.py::test_query - failed on setup/,
    );
  });

  test("no tests collected: exit 5, an error unless allowNoTests", async () => {
    const r = await runPytest("empty");
    expect(r.exitCode).toBe(5);
    expect(r.junit?.tests).toBe(0);
    const o = outcome(r);
    expect(o.kind === "failed" && o.message).toContain(
      "pytest collected no tests.",
    );
    expect(outcome(r, true)).toEqual({ kind: "passed" });
  });

  test("xdist with -n 2: every test reported once, the failure found", async () => {
    const r = await runExpecting(
      "xdist",
      1,
      { tests: 8, passed: 7, failed: 1 },
      { workers: "2" },
    );
    expect(r.output).toMatch(/gw0|2 workers/);
    expect(r.junit!.problems).toEqual([
      {
        kind: "failed",
        id: "tests/test_part3.py::test_b3",
        location: "tests/test_part3.py:6",
        message: "assert 3 != 3",
      },
    ]);
  });

  test("a module that cannot be imported interrupts the run (exit 2), naming the module and the error", async () => {
    const r = await runPytest("collection-error");
    expect(r.exitCode).toBe(2);
    expect(r.junit!.problems).toEqual([
      {
        kind: "error",
        id: "tests/test_import.py",
        location: "tests/test_import.py:1",
        message: "ModuleNotFoundError: No module named 'not_installed_module'",
      },
    ]);
    const o = outcome(r);
    expect(o.kind === "failed" && o.message).toContain(
      "pytest was interrupted (1 error (1 test)): usually a test module that cannot be imported.\n" +
        "  tests/test_import.py:1: ERROR tests/test_import.py - ModuleNotFoundError: No module named 'not_installed_module'",
    );
  });

  test("a conftest hook that raises is an internal error (exit 3) with pytest's INTERNALERROR lines", async () => {
    const r = await runPytest("internal-error");
    expect(r.exitCode).toBe(3);
    const o = outcome(r);
    expect(o.kind === "failed" && o.message).toMatch(
      /^pytest hit an internal error: a plugin or a conftest.py hook raised.\n(INTERNALERROR>.*\n)*INTERNALERROR> ValueError: broken hook/,
    );
  });

  test("an unknown option is a usage error (exit 4) and writes no report", async () => {
    const r = await runPytest("passing", { args: ["--no-such-option"] });
    expect(r.exitCode).toBe(4);
    expect(r.junit).toBeUndefined();
    const o = outcome(r);
    expect(o.kind === "failed" && o.message).toContain(
      "pytest could not start: it rejected its command line or configuration",
    );
    expect(o.kind === "failed" && o.message).toContain(
      "error: unrecognized arguments: --no-such-option",
    );
  });

  test.each(["xml", "lcov"] as const)(
    "coverage writes the %s report where the toolchain reads it",
    async (format) => {
      const r = await runPytest("coverage", {
        coverage: { format, sources: ["calc"] },
      });
      expect(r.exitCode).toBe(0);
      const report = readFileSync(
        join(r.reports, coverageFile[format]),
        "utf8",
      );
      if (format === "xml")
        expect(report).toMatch(
          /<coverage [^>]*lines-valid="4"[^>]*lines-covered="3"/,
        );
      else
        expect(report).toMatch(
          /SF:.*src\/calc\/__init__\.py\n[\s\S]*LF:4\nLH:3/,
        );
    },
  );

  test("pytest-regressions' --force-regen rewrites the data file, which the update keeps", async () => {
    const before = filesUnder(
      fileURLToPath(new URL("./fixtures/real/regressions", import.meta.url)),
    );
    const r = await runPytest("regressions", {
      updateFlags: ["--force-regen"],
    });
    expect(r.exitCode).toBe(1); // the test whose data changed fails on that run
    const data = join(r.dir, "tests/test_report/test_report.yml");
    expect(readFileSync(data, "utf8")).toBe(
      "items:\n- a\n- b\n- c\ntotal: 3\n",
    );
    const changed = filesUnder(r.dir).filter(
      (f) => !before.includes(f) || f === "tests/test_report/test_report.yml",
    );
    expect(changed.filter(isSnapshotOrTestFile)).toEqual([
      "tests/test_report/test_report.yml",
    ]);
  });
});
