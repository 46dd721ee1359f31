// ESLint's `json-with-metadata` report: its shape, what the toolchain reads from it
// (findings with repository-relative paths, counts, the files a fix rewrote), and the
// report files `report` returns: ESLint's JSON, or SARIF 2.1.0 for GitHub code
// scanning and other SARIF readers (one run, the rules that reported with ESLint's docs
// links, one result per problem located by a path relative to the repository root).
import { ProjectError } from "./shared/text.js";

export interface EslintMessage {
  /** null for problems ESLint reports itself: parsing errors, unused disable directives. */
  ruleId: string | null;
  /** 1 = warning, 2 = error. */
  severity: number;
  message: string;
  /** 1-based; 0 for a message about the whole file. */
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  fatal?: boolean;
  fix?: unknown;
}

export interface EslintResult {
  /** Absolute, as ESLint saw it in the container. */
  filePath: string;
  messages: EslintMessage[];
  errorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  /** The fixed text, present only for files a fix run changed. */
  output?: string;
}

export interface RuleMeta {
  type?: string;
  docs?: { description?: string; url?: string };
}

export interface EslintReport {
  results: EslintResult[];
  metadata?: { cwd?: string; rulesMeta?: Record<string, RuleMeta> };
}

/** The folder the source is mounted at; paths in findings are relative to it. */
export const sourceRoot = "/src";

export function parseReport(text: string): EslintReport {
  const parsed = JSON.parse(text) as EslintReport | EslintResult[];
  // The plain `json` formatter writes the results array alone.
  const report = Array.isArray(parsed) ? { results: parsed } : parsed;
  if (!Array.isArray(report?.results))
    throw new Error("ESLint's report holds no results array");
  return report;
}

/** "/src/pkg/a.js" → "pkg/a.js"; a path outside the source is kept as it is. */
export function relativePath(filePath: string, root = sourceRoot): string {
  const prefix = root.endsWith("/") ? root : `${root}/`;
  return filePath.startsWith(prefix) ? filePath.slice(prefix.length) : filePath;
}

/** The rule a message belongs to; ESLint's own problems get a stable name of their own. */
export function ruleOf(message: EslintMessage): string {
  return message.ruleId ?? (message.fatal ? "parse-error" : "eslint-core");
}

export interface Finding {
  file: string;
  line: number;
  column: number;
  rule: string;
  severity: "error" | "warning";
  message: string;
}

/** Every problem, errors first, then by file and position. */
export function findings(report: EslintReport, root = sourceRoot): Finding[] {
  const all = report.results.flatMap((result) =>
    result.messages.map((m): Finding => ({
      file: relativePath(result.filePath, root),
      line: m.line ?? 0,
      column: m.column ?? 0,
      rule: ruleOf(m),
      severity: m.severity === 2 ? "error" : "warning",
      message: m.message,
    })),
  );
  const rank = (f: Finding) => (f.severity === "error" ? 0 : 1);
  return all.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column,
  );
}

export interface Totals {
  errors: number;
  warnings: number;
  fixable: number;
  files: number;
}

export function totals(report: EslintReport): Totals {
  const sum = (pick: (r: EslintResult) => number) =>
    report.results.reduce((n, r) => n + pick(r), 0);
  return {
    errors: sum((r) => r.errorCount),
    warnings: sum((r) => r.warningCount),
    fixable: sum((r) => r.fixableErrorCount + r.fixableWarningCount),
    files: report.results.filter((r) => r.messages.length > 0).length,
  };
}

/** The files a fix run rewrote, relative to the source: those ESLint gave an `output`. */
export function fixedFiles(report: EslintReport, root = sourceRoot): string[] {
  return report.results
    .filter((r) => typeof r.output === "string")
    .map((r) => relativePath(r.filePath, root))
    .filter((path) => !path.startsWith("/"))
    .sort();
}

/** The formats `report` writes. */
export type ReportFormat = "sarif" | "json";

export function reportFormat(format: string): ReportFormat {
  if (format !== "sarif" && format !== "json")
    throw new ProjectError(`format must be sarif or json; got "${format}".`);
  return format;
}

export const sarifSchema =
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/** The base the result paths are relative to: the root of the repository. */
export const uriBaseId = "%SRCROOT%";

/** Descriptions for the problems ESLint reports without a rule. */
const ownRules: Record<string, string> = {
  "parse-error": "ESLint could not parse the file.",
  "eslint-core":
    "A problem ESLint reports itself, such as an unused eslint-disable directive.",
};

interface SarifRule {
  id: string;
  shortDescription?: { text: string };
  helpUri?: string;
  properties?: { category: string };
}

/** Paths become URI references: each segment percent-encoded, slashes kept. */
const toUri = (path: string) =>
  path.split("/").map(encodeURIComponent).join("/");

function region(m: EslintMessage) {
  // ESLint puts messages about a whole file at line 0; SARIF lines start at 1.
  if (!m.line || m.line < 1) return { startLine: 1 };
  return {
    startLine: m.line,
    ...(m.column ? { startColumn: m.column } : {}),
    ...(m.endLine ? { endLine: m.endLine } : {}),
    ...(m.endLine && m.endColumn ? { endColumn: m.endColumn } : {}),
  };
}

export function toSarif(
  report: EslintReport,
  eslintVersion: string,
  root = sourceRoot,
): object {
  const meta = report.metadata?.rulesMeta ?? {};
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const indexOf = (id: string) => {
    if (!ruleIndex.has(id)) {
      const docs = meta[id]?.docs;
      const description = docs?.description ?? ownRules[id];
      ruleIndex.set(id, rules.length);
      rules.push({
        id,
        ...(description ? { shortDescription: { text: description } } : {}),
        ...(docs?.url ? { helpUri: docs.url } : {}),
        ...(meta[id]?.type
          ? { properties: { category: meta[id]!.type! } }
          : {}),
      });
    }
    return ruleIndex.get(id)!;
  };

  const results = report.results.flatMap((result) =>
    result.messages.map((m) => {
      const ruleId = ruleOf(m);
      return {
        ruleId,
        ruleIndex: indexOf(ruleId),
        level: m.severity === 2 ? "error" : "warning",
        message: { text: m.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: {
                uri: toUri(relativePath(result.filePath, root)),
                uriBaseId,
              },
              region: region(m),
            },
          },
        ],
      };
    }),
  );

  return {
    $schema: sarifSchema,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "ESLint",
            ...(eslintVersion ? { version: eslintVersion } : {}),
            informationUri: "https://eslint.org",
            rules,
          },
        },
        invocations: [{ executionSuccessful: true }],
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
}

/** `eslint --version` prints "v10.15.0". */
export function parseVersion(stdout: string): string {
  return stdout.trim().replace(/^v/, "");
}
