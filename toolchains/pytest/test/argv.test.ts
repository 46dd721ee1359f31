// The pytest command line: the report and cache paths the pipeline reads, xdist,
// coverage, snapshot update flags and the user's arguments, in that order.
import { describe, expect, test } from "vitest";
import {
  chooseWorkers,
  coverageFormat,
  coveragePath,
  parseEnv,
  pytestArgv,
} from "../src/argv.ts";
import { detectProject } from "../src/project.ts";

/** The argv as one line, what a pytest user reads. */
const line = (run: Parameters<typeof pytestArgv>[0]) =>
  pytestArgv(run).join(" ");
const base =
  "python -m pytest -o cache_dir=/cache/pytest --junitxml=/report/junit.xml -o junit_family=xunit1 -ra --color=no";

describe("pytestArgv", () => {
  test("JUnit XML (xunit1, which names each test's file) in /report, pytest's cache outside the source, no colours", () => {
    expect(line({ workers: "", args: [] })).toBe(base);
  });

  test("workers, coverage, update flags, then the args setting last", () => {
    expect(
      line({
        workers: "4",
        coverage: { format: "lcov", sources: ["shop", "lib"] },
        updateFlags: ["--snapshot-update"],
        args: ["-k", "total", "tests"],
      }),
    ).toBe(
      `${base} -n 4 --cov=shop --cov=lib --cov-report=term --cov-report=lcov:/report/coverage.lcov --snapshot-update -k total tests`,
    );
  });

  test("coverage without sources measures what the coverage configuration says", () => {
    expect(
      line({
        workers: "",
        coverage: { format: "json", sources: [] },
        args: [],
      }),
    ).toBe(
      `${base} --cov --cov-report=term --cov-report=json:/report/coverage.json`,
    );
  });

  test("each argument stays one argv entry, spaces included", () => {
    expect(
      pytestArgv({ workers: "", args: ["-k", "a and not b"] }).at(-1),
    ).toBe("a and not b");
  });
});

test("coverage formats: xml, lcov and json, each with its file; any other is refused", () => {
  expect(
    ["xml", "lcov", "json"].map((f) => coveragePath(coverageFormat(f))),
  ).toEqual([
    "/report/coverage.xml",
    "/report/coverage.lcov",
    "/report/coverage.json",
  ]);
  expect(() => coverageFormat("html")).toThrow(
    'format must be one of xml, lcov, json; got "html".',
  );
});

test("workers: the setting, 0 for off, else auto when the project has pytest-xdist", () => {
  const project = (deps: string) =>
    detectProject(
      {
        rootEntries: ["pyproject.toml"],
        requirementFiles: [],
        contents: { "pyproject.toml": `[project]\ndependencies = [${deps}]\n` },
      },
      "auto",
    );
  const withXdist = project('"pytest-xdist>=3"');
  const without = project('"pytest"');
  expect(chooseWorkers("", withXdist)).toBe("auto");
  expect(chooseWorkers("", without)).toBe("");
  expect(chooseWorkers("0", withXdist)).toBe("");
  expect(chooseWorkers("logical", without)).toBe("logical");
});

test("env: NAME=value entries, the value kept whole; anything else is refused", () => {
  expect(
    parseEnv(["A=1", "EMPTY=", "URL=postgres://x?a=b", "ML=a\nb"]),
  ).toEqual([
    ["A", "1"],
    ["EMPTY", ""],
    ["URL", "postgres://x?a=b"],
    ["ML", "a\nb"],
  ]);
  for (const bad of ["NO_EQUALS_SIGN", "1X=2", "=value", "A B=1"])
    expect(() => parseEnv([bad])).toThrow(
      `env entries look like NAME=value; got "${bad}".`,
    );
});
