// How the toolchain runs pytest and reads the outcome: the argv, then the exit code
// mapped to one message, with counts and failures read from the JUnit XML.
import { countsLine, type JunitSummary } from "./junit.js";

/** Where reports are written in the container, outside the source. */
export const reportDir = "/report";
export const junitPath = `${reportDir}/junit.xml`;
/** pytest's cache (last-failed, step-wise) lives on a cache volume, never in the source. */
export const pytestCacheDir = "/cache/pytest";

export type CoverageFormat = "xml" | "lcov" | "json";
export const coverageFormats: readonly CoverageFormat[] = [
  "xml",
  "lcov",
  "json",
];
export const coverageFile: Record<CoverageFormat, string> = {
  xml: "coverage.xml",
  lcov: "coverage.lcov",
  json: "coverage.json",
};

export interface PytestRun {
  /** -n for pytest-xdist; empty runs without it. */
  workers: string;
  /** Measure coverage with pytest-cov and write this report. */
  coverage?: { format: CoverageFormat; sources: readonly string[] };
  /** Flags that make snapshot plugins rewrite their snapshots. */
  updateFlags?: readonly string[];
  args: readonly string[];
}

export function pytestArgv(run: PytestRun): string[] {
  return [
    "python",
    "-m",
    "pytest",
    "-o",
    `cache_dir=${pytestCacheDir}`,
    `--junitxml=${junitPath}`,
    "-o",
    "junit_family=xunit1",
    "-ra",
    "--color=no",
    ...(run.workers ? ["-n", run.workers] : []),
    ...(run.coverage
      ? [
          ...(run.coverage.sources.length
            ? run.coverage.sources.map((s) => `--cov=${s}`)
            : ["--cov"]),
          "--cov-report=term",
          `--cov-report=${run.coverage.format}:${reportDir}/${coverageFile[run.coverage.format]}`,
        ]
      : []),
    ...(run.updateFlags ?? []),
    ...run.args,
  ];
}

export type Outcome = { kind: "passed" } | { kind: "failed"; message: string };

// Colour codes (ESC [ ... letter), in case FORCE_COLOR overrides --color=no.
const ansi = new RegExp(
  `${String.fromCharCode(27)}\\[[0-9;?]*[ -/]*[@-~]`,
  "g",
);
export const stripAnsi = (text: string) => text.replace(ansi, "");

function tail(output: string, lines = 30): string {
  const all = stripAnsi(output).trimEnd().split("\n");
  return all.slice(-lines).join("\n");
}

/**
 * Lines pytest prints for usage and internal errors, else the output's end. An
 * internal error's traceback ends with the exception, so `from: "end"` keeps the end.
 */
function relevantLines(
  output: string,
  pattern: RegExp,
  from: "start" | "end" = "start",
): string {
  const hits = stripAnsi(output)
    .split("\n")
    .filter((line) => pattern.test(line));
  if (!hits.length) return tail(output);
  return (from === "start" ? hits.slice(0, 30) : hits.slice(-12)).join("\n");
}

export interface Explain {
  exitCode: number;
  /** Parsed JUnit XML, when pytest wrote it. */
  junit?: JunitSummary;
  output: string;
  allowNoTests: boolean;
  /** The snapshot plugins the project uses, for the fix hint. */
  snapshotPlugins: readonly string[];
}

export function problemLines(junit: JunitSummary, limit = 20): string[] {
  const lines = junit.problems.slice(0, limit).map((p) => {
    const label = p.kind === "failed" ? "FAILED" : "ERROR";
    const where = p.location ? `${p.location}: ` : "";
    return `  ${where}${label} ${p.id} - ${p.message}`;
  });
  if (junit.problems.length > limit)
    lines.push(`  … and ${junit.problems.length - limit} more`);
  return lines;
}

/** Maps pytest's exit code (pytest.ExitCode) to one message. */
export function explain(e: Explain): Outcome {
  const counts = e.junit ? countsLine(e.junit) : "";
  const listed = e.junit ? problemLines(e.junit) : [];
  switch (e.exitCode) {
    case 0:
      return { kind: "passed" };
    case 1: {
      if (e.junit && e.junit.problems.length === 0) {
        return failed(
          `pytest failed the run although every test passed (${counts}): a plugin ended the session with an error, ` +
            "such as coverage under --cov-fail-under or unused snapshots.",
          `The end of pytest's output:\n${tail(e.output)}`,
        );
      }
      const hint = e.snapshotPlugins.length
        ? `If the snapshots changed on purpose, run \`dagger generate pytest:update-snapshots\` (${e.snapshotPlugins.join(", ")}).`
        : "Fix the tests or the code they test; the `junit` function returns the full report.";
      return failed(`pytest: ${counts}`, ...listed, "", hint);
    }
    case 2:
      return failed(
        `pytest was interrupted${counts ? ` (${counts})` : ""}: usually a test module that cannot be imported.`,
        ...listed,
        "",
        "Fix the import error; a missing module usually means a dependency is not installed: " +
          "check the `extras` and `groups` settings, or add it to the project's test dependencies.",
      );
    case 3:
      return failed(
        "pytest hit an internal error: a plugin or a conftest.py hook raised.",
        relevantLines(e.output, /^INTERNALERROR>/, "end"),
      );
    case 4:
      return failed(
        "pytest could not start: it rejected its command line or configuration " +
          "(an unknown option, a path that does not exist, a conftest.py that fails to import, or -n without pytest-xdist).",
        relevantLines(e.output, /^(ERROR|E |ImportError|[a-z_.]+: error:)/),
        "",
        "Check the `args` and `workers` settings and the [tool.pytest.ini_options] / pytest.ini configuration.",
      );
    case 5:
      if (e.allowNoTests) return { kind: "passed" };
      return failed(
        "pytest collected no tests.",
        "Check `testpaths` in the pytest configuration, the paths in the `args` setting, and that test files are named " +
          "test_*.py or *_test.py. A repository without tests can set `allowNoTests` to true.",
      );
    default:
      return failed(
        `pytest exited with code ${e.exitCode}${counts ? ` (${counts})` : ""}.`,
        ...listed,
        tail(e.output),
      );
  }
}

function failed(...lines: string[]): Outcome {
  return { kind: "failed", message: lines.join("\n").trimEnd() };
}
