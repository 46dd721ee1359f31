// The eslint, prettier and pytest toolchains' messages read back into findings, on
// messages their own code writes, and the tools' own outputs read into the same keys.
import { describe, expect, test } from "vitest";
import { lintVerdict } from "../../../toolchains/eslint/src/outcome.ts";
import { unformattedReport } from "../../../toolchains/prettier/src/outcome.ts";
import { explain } from "../../../toolchains/pytest/src/outcome.ts";
import { eslintFindings } from "../src/oracle/node.ts";
import { shortSummary } from "../src/oracle/pytest.ts";
import { readEslint, readPrettier } from "../src/toolchain/node.ts";
import { readMessage as readPytest } from "../src/toolchain/pytest.ts";

const result = (
  filePath: string,
  messages: {
    ruleId: string | null;
    severity: number;
    line?: number;
    column?: number;
    fatal?: boolean;
  }[],
) => ({
  filePath,
  messages: messages.map((m) => ({ message: "text - with words", ...m })),
  errorCount: messages.filter((m) => m.severity === 2).length,
  warningCount: messages.filter((m) => m.severity === 1).length,
  fixableErrorCount: 0,
  fixableWarningCount: 0,
});

describe("eslint", () => {
  const results = [
    result("/src/a.js", [
      { ruleId: "no-var", severity: 2, line: 1, column: 1 },
      { ruleId: "no-magic-numbers", severity: 1, line: 3, column: 9 },
    ]),
    result("/src/b.ts", [
      { ruleId: null, fatal: true, severity: 2, line: 2, column: 4 },
    ]),
  ];

  test("the toolchain's first findings and the tool's report give the same keys", () => {
    const message = lintVerdict({ results }, 1)!;
    const keys = [
      "a.js:1:1 no-var error",
      "a.js:3:9 no-magic-numbers warning",
      "b.ts:2:4 parse-error error",
    ];
    expect(readEslint(message)).toMatchObject({
      status: "findings",
      total: 3,
      findings: keys,
    });
    expect(eslintFindings(results, "/src").sort()).toEqual(keys);
  });

  test("a cut list, and a message that is not about findings", () => {
    const many = [
      result(
        "/src/c.js",
        Array.from({ length: 4 }, (_, i) => ({
          ruleId: "semi",
          severity: 2,
          line: i + 1,
          column: 1,
        })),
      ),
    ];
    const r = readEslint(
      lintVerdict({ results: many }, 1, undefined, "/src", 2)!,
    );
    expect(r.total).toBe(4);
    expect(r.findings).toEqual(["c.js:1:1 semi error", "c.js:2:1 semi error"]);
    expect(readEslint("ESLint found no configuration").status).toBe("error");
  });
});

describe("prettier", () => {
  test("the files the message lists, before the patch", () => {
    const message = unformattedReport(
      ["src/a.ts", "b.md", "c.js"],
      "--- a/src/a.ts\n+++ b/src/a.ts\n",
      { files: 2, patchLines: 10 },
    );
    expect(readPrettier(message)).toMatchObject({
      status: "findings",
      total: 3,
      findings: ["b.md unformatted", "src/a.ts unformatted"],
    });
    expect(
      readPrettier("Prettier could not parse 1 file (src/broken.js).").status,
    ).toBe("error");
  });
});

describe("pytest", () => {
  test("failed tests and errors from the toolchain's message and from pytest's short summary", () => {
    const outcome = explain({
      exitCode: 1,
      junit: {
        tests: 4,
        passed: 2,
        failed: 1,
        errors: 1,
        skipped: 0,
        problems: [
          {
            kind: "failed",
            id: "tests/test_a.py::TestX::test_y[a-b]",
            location: "tests/test_a.py:12",
            message: "assert 1 - 2",
          },
          {
            kind: "error",
            id: "tests/test_b.py::test_z",
            message: "fixture 'db' not found",
          },
        ],
      },
      output: "",
      allowNoTests: false,
      snapshotPlugins: [],
    });
    const keys = [
      "tests/test_a.py::TestX::test_y[a-b] FAILED",
      "tests/test_b.py::test_z ERROR",
    ];
    expect(
      outcome.kind === "failed" && readPytest(outcome.message),
    ).toMatchObject({ status: "findings", total: 2, findings: keys });
    const summary = [
      "=========================== short test summary info ============================",
      "FAILED tests/test_a.py::TestX::test_y[a-b] - assert 1 - 2",
      "ERROR tests/test_b.py::test_z",
      "==================== 1 failed, 2 passed, 1 error in 0.12s =====================",
    ].join("\n");
    expect(shortSummary(summary).sort()).toEqual(keys);
    expect(readPytest("pytest collected no tests.").status).toBe("error");
  });
});
