// The JUnit XML pytest writes, read into counts and failures: real reports from
// test/fixtures/reports (see SOURCES.md there).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { countsLine, readJunit, type JunitSummary } from "../src/report.ts";
import { XmlError } from "../src/xml.ts";

const report = (name: string) =>
  readJunit(
    readFileSync(
      fileURLToPath(
        new URL(`./fixtures/reports/${name}.junit.xml`, import.meta.url),
      ),
      "utf8",
    ),
  );

test("a passing run: counts, skipped tests apart, no problems", () => {
  const r = report("passing");
  expect(countsLine(r)).toBe("2 passed, 1 skipped (3 tests)");
  expect(r.problems).toEqual([]);
});

test("failures: pytest node ids (with classes and parameters), the failing line in the test's file, the first line of the message", () => {
  const r = report("failing");
  expect(r).toMatchObject({ tests: 4, passed: 2, failed: 2, errors: 0 });
  expect(r.problems.map((p) => [p.kind, p.id, p.location, p.message])).toEqual([
    [
      "failed",
      "tests/test_cart.py::TestDiscount::test_ten_percent",
      "tests/test_cart.py:11",
      "AssertionError: ten percent off",
    ],
    [
      "failed",
      "tests/test_cart.py::test_quantity[2]",
      "tests/test_cart.py:16",
      "assert 2 == 1",
    ],
  ]);
});

test("a collection error: the module as the id, the raised error instead of 'collection failure'", () => {
  expect(report("collection-error").problems).toEqual([
    {
      kind: "error",
      id: "tests/test_import.py",
      location: "tests/test_import.py:1",
      message: "ModuleNotFoundError: No module named 'not_installed_module'",
    },
  ]);
});

test("without a traceback line, the location is the test's def (xunit1 counts lines from 0)", () => {
  const r = readJunit(
    '<testsuites><testsuite><testcase classname="tests.test_a" name="test_x" file="tests/test_a.py" line="4"><error message="failed on setup with &quot;boom&quot;">fixture error</error></testcase></testsuite></testsuites>',
  );
  expect(r.problems).toEqual([
    {
      kind: "error",
      id: "tests/test_a.py::test_x",
      location: "tests/test_a.py:5",
      message: 'failed on setup with "boom"',
    },
  ]);
  expect(r.errors).toBe(1);
});

test("a report that is not XML raises XmlError (the run's exit code then speaks alone)", () => {
  expect(() => readJunit("<testsuites><testsuite>")).toThrow(XmlError);
});

test("the counts line: zero counts left out, singular and plural", () => {
  const counts = (c: Partial<JunitSummary>) =>
    countsLine({
      tests: 0,
      passed: 0,
      failed: 0,
      errors: 0,
      skipped: 0,
      problems: [],
      ...c,
    });
  expect(
    counts({ tests: 9, failed: 2, errors: 1, passed: 5, skipped: 1 }),
  ).toBe("2 failed, 1 error, 5 passed, 1 skipped (9 tests)");
  expect(counts({ tests: 1, errors: 2 })).toBe("2 errors (1 test)");
  expect(counts({})).toBe("no tests ran");
});
