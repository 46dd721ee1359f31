// ESLint's `json-with-metadata` report: its shape, and what the toolchain reads from
// it (findings with repository-relative paths, counts, the files a fix rewrote).

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
