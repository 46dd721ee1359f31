// ESLint's report as the toolchain reads it, and the files `report` returns.
import { describe, expect, test } from "vitest";
import { sarifErrors } from "@toolchains/testkit";
import {
  findings,
  fixedFiles,
  parseReport,
  parseVersion,
  reportFormat,
  toSarif,
  totals,
  type EslintReport,
} from "../src/report.ts";
import { ProjectError } from "../src/shared/text.ts";

const report: EslintReport = {
  results: [
    {
      filePath: "/src/src/b c.js",
      messages: [
        {
          ruleId: "no-unused-vars",
          severity: 1,
          message: "'x' is assigned a value but never used.",
          line: 2,
          column: 7,
          endLine: 2,
          endColumn: 8,
        },
        {
          ruleId: null,
          severity: 1,
          message: "Unused eslint-disable directive.",
          line: 0,
        },
      ],
      errorCount: 0,
      warningCount: 2,
      fixableErrorCount: 0,
      fixableWarningCount: 1,
      output: "fixed\n",
    },
    {
      filePath: "/src/src/a.js",
      messages: [
        {
          ruleId: null,
          severity: 2,
          message: "Parsing error: Unexpected token =",
          line: 1,
          column: 7,
          fatal: true,
        },
      ],
      errorCount: 1,
      warningCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
    },
    {
      filePath: "/src/eslint.config.js",
      messages: [],
      errorCount: 0,
      warningCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
    },
  ],
  metadata: {
    rulesMeta: {
      "no-unused-vars": {
        type: "problem",
        docs: {
          description: "Disallow unused variables",
          url: "https://eslint.org/docs/latest/rules/no-unused-vars",
        },
      },
    },
  },
};

describe("parseReport", () => {
  test("json-with-metadata, and the plain json formatter's results array", () => {
    expect(parseReport(JSON.stringify(report))).toEqual(report);
    expect(parseReport(JSON.stringify(report.results))).toEqual({
      results: report.results,
    });
  });

  test("anything else is not a report", () => {
    expect(() => parseReport('{"errors": []}')).toThrow(
      "ESLint's report holds no results array",
    );
    expect(() => parseReport("Config loaded\n[]")).toThrow(SyntaxError);
  });
});

test("findings: paths relative to the source, errors first, ESLint's own problems named", () => {
  expect(
    findings(report).map(
      (f) => `${f.severity} ${f.file}:${f.line}:${f.column} ${f.rule}`,
    ),
  ).toEqual([
    "error src/a.js:1:7 parse-error",
    "warning src/b c.js:0:0 eslint-core",
    "warning src/b c.js:2:7 no-unused-vars",
  ]);
});

test("totals count problems, the fixable ones, and files with problems", () => {
  expect(totals(report)).toEqual({
    errors: 1,
    warnings: 2,
    fixable: 1,
    files: 2,
  });
});

test("fixedFiles: the files ESLint gave an output, never one outside the source", () => {
  const outside = {
    ...report.results[1]!,
    filePath: "/tmp/x.js",
    output: "y",
  };
  expect(fixedFiles({ results: [...report.results, outside] })).toEqual([
    "src/b c.js",
  ]);
});

describe("toSarif", () => {
  const sarif = toSarif(report, "10.15.0") as {
    runs: {
      tool: { driver: { version?: string; rules: object[] } };
      results: {
        ruleId: string;
        ruleIndex: number;
        locations: {
          physicalLocation: {
            artifactLocation: { uri: string };
            region: object;
          };
        }[];
      }[];
    }[];
  };
  const [run] = sarif.runs;

  test("valid SARIF 2.1.0, naming ESLint's version", () => {
    expect(sarifErrors(sarif)).toEqual([]);
    expect(run!.tool.driver.version).toBe("10.15.0");
    expect(
      (toSarif(report, "") as typeof sarif).runs[0]!.tool.driver.version,
    ).toBeUndefined();
  });

  test("rules with ESLint's docs, and descriptions for ESLint's own problems", () => {
    expect(run!.tool.driver.rules).toEqual([
      {
        id: "no-unused-vars",
        shortDescription: { text: "Disallow unused variables" },
        helpUri: "https://eslint.org/docs/latest/rules/no-unused-vars",
        properties: { category: "problem" },
      },
      {
        id: "eslint-core",
        shortDescription: {
          text: "A problem ESLint reports itself, such as an unused eslint-disable directive.",
        },
      },
      {
        id: "parse-error",
        shortDescription: { text: "ESLint could not parse the file." },
      },
    ]);
    for (const result of run!.results)
      expect(run!.tool.driver.rules[result.ruleIndex]).toMatchObject({
        id: result.ruleId,
      });
  });

  test("locations: percent-encoded paths from the repository root; a whole-file problem at line 1", () => {
    expect(run!.results.map((r) => r.locations[0]!.physicalLocation)).toEqual([
      {
        artifactLocation: { uri: "src/b%20c.js", uriBaseId: "%SRCROOT%" },
        region: { startLine: 2, startColumn: 7, endLine: 2, endColumn: 8 },
      },
      {
        artifactLocation: { uri: "src/b%20c.js", uriBaseId: "%SRCROOT%" },
        region: { startLine: 1 },
      },
      {
        artifactLocation: { uri: "src/a.js", uriBaseId: "%SRCROOT%" },
        region: { startLine: 1, startColumn: 7 },
      },
    ]);
  });
});

test("reportFormat: sarif or json, anything else named", () => {
  expect(reportFormat("sarif")).toBe("sarif");
  expect(reportFormat("json")).toBe("json");
  expect(() => reportFormat("xml")).toThrow(
    new ProjectError('format must be sarif or json; got "xml".'),
  );
});

test("parseVersion reads `eslint --version`", () => {
  expect(parseVersion("v10.15.0\n")).toBe("10.15.0");
});
