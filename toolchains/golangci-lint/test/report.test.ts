// The parsers and report merging, on reports golangci-lint v2 wrote (fixtures/reports,
// origins in its SOURCES.md). The toolchain runs with `--path-mode abs`; the samples
// have relative paths, so tests put them below a mount point as such a run would.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  countByLinter,
  formatFinding,
  mergeReports,
  readJsonReport,
  reportFormat,
} from "../src/report.ts";

const sample = (name: string) =>
  readFileSync(new URL(`./fixtures/reports/${name}`, import.meta.url), "utf8");

const issuesJson = sample(
  "json-v2.6-issues-with-fixes.AltairaLabs-CodeGen-MCP.json",
);
const checkstyle = sample("checkstyle-v2.6.AltairaLabs-CodeGen-MCP.xml");
const sarifIssues = sample("sarif-v2-issues.irwantocia-eng-ci.sarif");
const sarifEmpty = sample("sarif-v2-empty.irwantocia-eng-ci.sarif");
const junit = sample("junitxml-upstream-unittest-expected.golangci-lint.xml");
const junitExtended = sample(
  "junitxml-upstream-unittest-expected-extended.golangci-lint.xml",
);

/**
 * The same report as a run in /src/<module> with --path-mode abs would print it: JSON
 * and SARIF paths, and the XML attributes that hold paths in that format.
 */
function absolute(
  report: string,
  module: string,
  pathAttributes: string[] = [],
): string {
  const prefix = module === "." ? "/src/" : `/src/${module}/`;
  let text = report
    .replaceAll('"Filename":"', `"Filename":"${prefix}`)
    .replaceAll('"uri":"', `"uri":"${prefix}`)
    .replace(/^File: /gm, `File: ${prefix}`);
  for (const attribute of pathAttributes)
    text = text.replaceAll(` ${attribute}="`, ` ${attribute}="${prefix}`);
  return text;
}
const checkstylePaths = ["name"];
const junitPaths = ["classname", "message", "file"];
/** JUnit's testsuite name is a path, its testcase name a linter. */
const junitAbsolute = (report: string, module: string) =>
  absolute(report, module, junitPaths).replace(
    /<testsuite name="/g,
    `<testsuite name="${module === "." ? "/src/" : `/src/${module}/`}`,
  );

describe("JSON report → findings", () => {
  test("a real v2 report with issues: every issue, its position, linter and fixability", () => {
    const report = readJsonReport(issuesJson);
    expect(report.findings).toHaveLength(61);
    expect(report.error).toBeUndefined();
    expect(formatFinding(report.findings[0]!)).toBe(
      "internal/worker/client.go:792:10 goconst string `unknown` has 4 occurrences, make it a constant",
    );
    // Fixable = golangci-lint carries a suggested fix (goimports ×3, misspell ×1).
    expect(
      report.findings.filter((f) => f.fixable).map((f) => f.linter),
    ).toEqual(["goimports", "goimports", "goimports", "misspell"]);
    expect(
      report.findings
        .filter((f) => f.linter === "gosec")
        .map((f) => f.severity),
    ).toEqual(expect.arrayContaining(["high"]));
  });

  test("counts per linter, most first", () => {
    expect(countByLinter(readJsonReport(issuesJson).findings)).toEqual([
      ["mnd", 28],
      ["lll", 7],
      ["unparam", 6],
      ["gocyclo", 5],
      ["gocritic", 4],
      ["goimports", 3],
      ["staticcheck", 3],
      ["gosec", 2],
      ["goconst", 1],
      ["govet", 1],
      ["misspell", 1],
    ]);
  });

  test("absolute paths below the mount point become relative to the repository root", () => {
    const report = readJsonReport(absolute(issuesJson, "svc"), "/src");
    expect(report.findings[0]!.file).toBe("svc/internal/worker/client.go");
  });

  test("a clean run captured from stdout, with the stats line after the JSON", () => {
    const report = readJsonReport(
      sample(
        "json-v2-clean-stdout-with-stats.aboldnewlook-github-scaleset-orchestrator.txt",
      ),
    );
    expect(report).toEqual({ findings: [], warnings: [] });
  });

  test("Report.Warnings are read; a null Report is no error", () => {
    const golden = readJsonReport(
      sample("json-upstream-printer-golden.golangci-lint.json"),
    );
    expect(golden.findings).toHaveLength(22);
    expect(golden.warnings).toEqual([
      expect.stringContaining("The linter 'maligned' is deprecated"),
    ]);
    const unit = readJsonReport(
      sample("json-upstream-unittest-expected.golangci-lint.json"),
    );
    expect(unit.error).toBeUndefined();
    expect(unit.findings.map((f) => f.linter)).toEqual([
      "linter-a",
      "linter-b",
    ]);
  });

  test("Report.Error is surfaced (golangci-lint sets it with exit code 7, or even 1)", () => {
    const report = readJsonReport(
      '{"Issues":[],"Report":{"Error":"typechecking error: pattern ./...: directory prefix . does not contain main module"}}\n',
    );
    expect(report.error).toMatch(/^typechecking error/);
  });
});

describe("report files: one report for every module, paths from the repository root", () => {
  test("SARIF: golangci-lint's document passes through, with one run holding every module's results", () => {
    const merged = JSON.parse(
      mergeReports(
        "sarif",
        [absolute(sarifIssues, "app"), absolute(sarifEmpty, "lib")],
        "/src",
      ),
    );
    const original = JSON.parse(sarifIssues);
    expect(merged.version).toBe("2.1.0");
    expect(merged.$schema).toBe(original.$schema);
    expect(merged.runs).toHaveLength(1);
    expect(merged.runs[0].tool).toEqual({ driver: { name: "golangci-lint" } });
    expect(merged.runs[0].results).toHaveLength(4);
    expect(
      merged.runs[0].results.map(
        (r: {
          locations: {
            physicalLocation: { artifactLocation: { uri: string } };
          }[];
        }) => r.locations[0]!.physicalLocation.artifactLocation.uri,
      ),
    ).toEqual([
      "app/main.go",
      "app/main.go",
      "app/db/sqlite.go",
      "app/main.go",
    ]);
    // Apart from the paths, the results are golangci-lint's own.
    expect(merged.runs[0].results[2]).toEqual({
      ...original.runs[0].results[2],
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: "app/db/sqlite.go", index: 0 },
            region: { startLine: 8, startColumn: 2 },
          },
        },
      ],
    });
  });

  test("SARIF of a single module at the root is golangci-lint's document byte for byte", () => {
    expect(mergeReports("sarif", [absolute(sarifIssues, ".")], "/src")).toBe(
      sarifIssues.trimEnd() + "\n",
    );
  });

  test("checkstyle: every module's <file> elements in one document", () => {
    expect(
      mergeReports(
        "checkstyle",
        [absolute(checkstyle, ".", checkstylePaths)],
        "/src",
      ),
    ).toBe(checkstyle);
    const two = mergeReports(
      "checkstyle",
      [
        absolute(checkstyle, "a", checkstylePaths),
        absolute(checkstyle, "b", checkstylePaths),
      ],
      "/src",
    );
    const files = [...two.matchAll(/<file name="([^"]+)">/g)].map((m) => m[1]);
    const perModule = [...checkstyle.matchAll(/<file name="/g)].length;
    expect(files).toHaveLength(2 * perModule);
    expect(files[0]).toBe("a/cmd/coordinator/main.go");
    expect(files[perModule]).toBe("b/cmd/coordinator/main.go");
    expect(
      two.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n\n<checkstyle version="5.0">\n',
      ),
    ).toBe(true);
    expect(two.endsWith("</checkstyle>\n")).toBe(true);
  });

  test("JUnit XML: every module's test suites in one <testsuites>, extended attributes too", () => {
    expect(mergeReports("junit-xml", [junitAbsolute(junit, ".")], "/src")).toBe(
      junit,
    );
    const merged = mergeReports(
      "junit-xml",
      [junitAbsolute(junitExtended, "a"), junitAbsolute(junit, "b")],
      "/src",
    );
    expect(
      [...merged.matchAll(/<testsuite name="([^"]+)"/g)].map((m) => m[1]),
    ).toEqual([
      "a/path/to/filea.go",
      "a/path/to/fileb.go",
      "b/path/to/filea.go",
      "b/path/to/fileb.go",
    ]);
    expect(merged).toContain(
      '<testcase name="linter-a" classname="a/path/to/filea.go:10:4" file="a/path/to/filea.go" line="10">',
    );
    expect(merged).toContain("File: b/path/to/fileb.go\n");
    expect(
      mergeReports("junit-xml", ["<testsuites></testsuites>"], "/src"),
    ).toBe("<testsuites></testsuites>");
  });

  test("JSON: issues of every module, paths relative, linters and warnings kept", () => {
    const merged = JSON.parse(
      mergeReports(
        "json",
        [
          absolute(issuesJson, "a"),
          absolute(
            sample("json-upstream-printer-golden.golangci-lint.json"),
            "b",
          ),
        ],
        "/src",
      ),
    );
    expect(merged.Issues).toHaveLength(61 + 22);
    expect(merged.Issues[0].Pos.Filename).toBe("a/internal/worker/client.go");
    expect(merged.Issues[61].Pos.Filename).toMatch(/^b\//);
    expect(merged.Report.Warnings).toHaveLength(1);
    expect(merged.Report.Linters.length).toBeGreaterThan(0);
    expect(merged.Report.Error).toBeUndefined();
  });

  test("formats are golangci-lint's v2 output names", () => {
    expect(reportFormat("SARIF")).toBe("sarif");
    expect(() => reportFormat("html")).toThrow(
      'format must be one of sarif, json, checkstyle, junit-xml; got "html".',
    );
  });
});
