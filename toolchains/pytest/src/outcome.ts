// What a pytest run means: its exit code mapped to one message, with counts and
// failures read from the JUnit XML, and which failures an update run expects.
import { countsLine, type JunitSummary } from "./report.js";
import { isRegenerated } from "./snapshots.js";
import { excerpt, lastLines, plural } from "./shared/text.js";

export type Outcome = { kind: "passed" } | { kind: "failed"; message: string };

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
          `The end of pytest's output:\n${lastLines(e.output, 30)}`,
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
      // An internal error's traceback ends with the exception: keep the end.
      return failed(
        "pytest hit an internal error: a plugin or a conftest.py hook raised.",
        excerpt(e.output, /^INTERNALERROR>/, { max: 12, from: "end" }),
      );
    case 4:
      return failed(
        "pytest could not start: it rejected its command line or configuration " +
          "(an unknown option, a path that does not exist, a conftest.py that fails to import, or -n without pytest-xdist).",
        excerpt(e.output, /^(ERROR|E |ImportError|[a-z_.]+: error:)/, {
          max: 30,
        }),
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
        lastLines(e.output, 30),
      );
  }
}

function failed(...lines: string[]): Outcome {
  return { kind: "failed", message: lines.join("\n").trimEnd() };
}

/** What one pytest run ended with. */
export interface RunOutcome {
  exitCode: number;
  junit?: JunitSummary;
  outcome: Outcome;
}

/**
 * Why a snapshot update failed, if it did. pytest-regressions fails the tests whose
 * data it regenerated, inline-snapshot those whose value it created: those failures
 * are expected in an update run, any other is not.
 */
export function updateFailure(run: RunOutcome): string | undefined {
  if (run.outcome.kind !== "failed") return undefined;
  if (run.exitCode !== 1 || !run.junit) return run.outcome.message;
  const real = run.junit.problems.filter((p) => !isRegenerated(p.message));
  if (!real.length && run.junit.problems.length) return undefined;
  if (!real.length) return run.outcome.message;
  return [
    `pytest:update-snapshots: ${plural(real.length, "test")} failed for reasons other than the snapshots; no snapshots were taken from this run.`,
    ...problemLines({ ...run.junit, problems: real }),
    "",
    "Fix those tests first, or narrow the run with the args setting.",
  ].join("\n");
}
