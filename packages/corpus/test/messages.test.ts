// The toolchains' messages read back into findings, on messages the toolchains' own
// code writes: a change of their format fails here, not as a silent disagreement.
import { describe, expect, test } from "vitest";
import { issuesReport } from "../../../toolchains/golangci-lint/src/outcome.ts";
import { findingsReport } from "../../../toolchains/trivy/src/outcome.ts";
import { readMessage as readLint } from "../src/toolchain/golangci-lint.ts";
import { readMessage as readTrivy } from "../src/toolchain/trivy.ts";

describe("trivy", () => {
  test("each row of the table as WHERE ID SEVERITY, and the total", () => {
    const message = findingsReport(
      "secret",
      [
        {
          scanner: "secret",
          id: "private-key",
          severity: "HIGH",
          where: "docs/usage.rst:23",
          detail: "Asymmetric Private Key",
        },
        {
          scanner: "secret",
          id: "aws-access-key-id",
          severity: "CRITICAL",
          where: "a b/c.yaml:4",
          detail: "AWS Access Key ID",
        },
      ],
      "the repository",
    );
    expect(readTrivy(message)).toMatchObject({
      status: "findings",
      total: 2,
      findings: [
        "a b/c.yaml:4 aws-access-key-id CRITICAL",
        "docs/usage.rst:23 private-key HIGH",
      ],
    });
  });

  test("only the first rows when the table is cut", () => {
    const rows = Array.from({ length: 3 }, (_, i) => ({
      scanner: "vuln" as const,
      id: `CVE-2024-${i}`,
      severity: "HIGH",
      where: "requests (requirements.txt)",
      detail: "2.31.0 → 2.32.0",
    }));
    const r = readTrivy(findingsReport("vuln", rows, "the repository", 2));
    expect(r.total).toBe(3);
    expect(r.findings).toEqual([
      "requests (requirements.txt) CVE-2024-0 HIGH",
      "requests (requirements.txt) CVE-2024-1 HIGH",
    ]);
  });

  test("any other message: trivy could not run", () => {
    expect(
      readTrivy("trivy could not run (scanning; it exited with code 1).")
        .status,
    ).toBe("error");
  });
});

describe("golangci-lint", () => {
  const finding = (
    file: string,
    line: number,
    column: number,
    linter: string,
  ) => ({
    file,
    line,
    column,
    linter,
    message: "text: with a colon",
    severity: "",
    fixable: linter === "gofmt",
  });

  test("file:line:col linter per finding, the per-linter counts left out", () => {
    const message = issuesReport(
      [
        finding("main.go", 15, 11, "errcheck"),
        finding("sub/format.go", 3, 0, "gofmt"),
      ],
      2,
    );
    expect(readLint(message)).toMatchObject({
      status: "findings",
      total: 2,
      findings: ["main.go:15:11 errcheck", "sub/format.go:3 gofmt"],
    });
  });

  test("only the first findings when the list is cut", () => {
    const many = Array.from({ length: 5 }, (_, i) =>
      finding("a.go", i + 1, 2, "revive"),
    );
    const r = readLint(issuesReport(many, 1, 2));
    expect(r.total).toBe(5);
    expect(r.findings).toEqual(["a.go:1:2 revive", "a.go:2:2 revive"]);
  });

  test("any other message: golangci-lint could not run", () => {
    expect(readLint(".golangci.yml is a golangci-lint v1 config").status).toBe(
      "error",
    );
  });
});
