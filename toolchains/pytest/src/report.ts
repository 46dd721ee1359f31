// Reads the JUnit XML pytest writes (junit_family=xunit1, which adds each test's file):
// counts, and each failed or errored test with its pytest node id, where it failed and
// the first line of the failure.
import { plural } from "./shared/text.js";
import { descendants, parseXml, type XmlElement } from "./xml.js";

export interface TestProblem {
  kind: "failed" | "error";
  /** The pytest node id, e.g. tests/test_x.py::TestA::test_b[1]. */
  id: string;
  /** file:line where it failed, when the traceback names a line of the test's file. */
  location?: string;
  /** The first line of the failure. */
  message: string;
}

export interface JunitSummary {
  tests: number;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  problems: TestProblem[];
}

/**
 * The node id: the file, then the classes (classname minus the module's dotted
 * path), then the name. pytest's own `tests` attribute counts a teardown error as a
 * second test, so counts come from the testcase elements instead.
 */
function nodeId(testcase: XmlElement): string {
  const { file, classname = "", name = "" } = testcase.attributes;
  if (!file) return classname ? `${classname}::${name}` : name;
  if (!classname) return file; // a collection error names the module only
  const modulePath = file.replace(/\.py$/, "").replaceAll("/", ".");
  const classes = classname.startsWith(`${modulePath}.`)
    ? classname.slice(modulePath.length + 1).split(".")
    : [];
  return [file, ...classes, name].join("::");
}

/** The last traceback line in the test's own file ("tests/test_x.py:12: ..."). */
function location(testcase: XmlElement, traceback: string): string | undefined {
  const { file, line } = testcase.attributes;
  const places = [...traceback.matchAll(/^(\S[^\n:]*\.py):(\d+): /gm)].map(
    (m) => ({ path: m[1]!, line: m[2]! }),
  );
  const own = places.filter((p) => p.path === file).at(-1) ?? places.at(-1);
  if (own) return `${own.path}:${own.line}`;
  // xunit1's line is the 0-based line of the def.
  if (file && line !== undefined) return `${file}:${Number(line) + 1}`;
  return undefined;
}

function firstLine(problem: XmlElement): string {
  const message = (problem.attributes.message ?? "").split("\n")[0]!.trim();
  const raised = problem.text.match(/^E\s+(.+)$/m)?.[1]?.trim();
  if (message && message !== "collection failure") return message;
  return raised ?? message ?? problem.text.trim().split("\n")[0] ?? "";
}

export function readJunit(xml: string): JunitSummary {
  const testcases = descendants(parseXml(xml), "testcase");
  const summary: JunitSummary = {
    tests: testcases.length,
    passed: 0,
    failed: 0,
    errors: 0,
    skipped: 0,
    problems: [],
  };
  for (const testcase of testcases) {
    const problem = testcase.children.find(
      (c) => c.name === "failure" || c.name === "error",
    );
    if (problem) {
      const kind = problem.name === "failure" ? "failed" : "error";
      if (kind === "failed") summary.failed++;
      else summary.errors++;
      summary.problems.push({
        kind,
        id: nodeId(testcase),
        location: location(testcase, problem.text),
        message: firstLine(problem),
      });
    } else if (testcase.children.some((c) => c.name === "skipped")) {
      summary.skipped++;
    } else {
      summary.passed++;
    }
  }
  return summary;
}

/** "2 failed, 1 error, 5 passed, 1 skipped (9 tests)": zero counts left out. */
export function countsLine(s: JunitSummary): string {
  const parts = [
    s.failed && `${s.failed} failed`,
    s.errors && plural(s.errors, "error"),
    s.passed && `${s.passed} passed`,
    s.skipped && `${s.skipped} skipped`,
  ].filter(Boolean);
  return parts.length
    ? `${parts.join(", ")} (${plural(s.tests, "test")})`
    : `no tests ran`;
}
