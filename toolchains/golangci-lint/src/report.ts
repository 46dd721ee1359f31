// golangci-lint's v2 reports: findings from its JSON, and each format's file from every
// module merged into one report whose paths are relative to the repository root. The
// toolchain runs with `--path-mode abs`, so every path starts with the source's mount
// point whatever the config's `run.relative-path-mode`.

export interface Finding {
  file: string;
  line: number;
  column: number;
  linter: string;
  message: string;
  severity: string;
  /** golangci-lint has a suggested fix, which `run --fix` applies. */
  fixable: boolean;
}

export interface JsonReport {
  findings: Finding[];
  /** Report.Error: set when analysis failed even though a report was written. */
  error?: string;
  warnings: string[];
}

/* eslint-disable @typescript-eslint/no-explicit-any -- reports are JSON of golangci-lint's shape */
/**
 * Parses `--output.json.path` output. The printer writes one line; when a run wrote it
 * to stdout, `--show-stats` lines ("0 issues.") follow it, so only the first line counts.
 */
export function parseJson(text: string): any {
  const trimmed = text.trim();
  try {
    return JSON.parse(trimmed);
  } catch {
    return JSON.parse(trimmed.split("\n")[0]!);
  }
}

export function readJsonReport(text: string, root?: string): JsonReport {
  const doc = parseJson(text);
  const findings: Finding[] = (doc.Issues ?? []).map((issue: any) => ({
    file: relative(issue.Pos?.Filename ?? "", root),
    line: issue.Pos?.Line ?? 0,
    column: issue.Pos?.Column ?? 0,
    linter: issue.FromLinter ?? "",
    message: issue.Text ?? "",
    severity: issue.Severity ?? "",
    fixable:
      (issue.SuggestedFixes?.length ?? 0) > 0 ||
      (issue.Replacement !== undefined && issue.Replacement !== null),
  }));
  return {
    findings,
    ...(doc.Report?.Error ? { error: String(doc.Report.Error) } : {}),
    warnings: (doc.Report?.Warnings ?? []).map((w: any) => String(w.Text)),
  };
}

/** A path below the source root, relative to it; other paths stay as they are. */
export function relative(path: string, root?: string): string {
  return root && path.startsWith(`${root}/`)
    ? path.slice(root.length + 1)
    : path;
}

/** Issue counts per linter, most first. */
export function countByLinter(
  findings: readonly Finding[],
): [string, number][] {
  const counts = new Map<string, number>();
  for (const f of findings)
    counts.set(f.linter, (counts.get(f.linter) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export const formatFinding = (f: Finding) =>
  `${f.file}:${f.line}${f.column ? `:${f.column}` : ""} ${f.linter} ${f.message}`;

export const reportFormats = ["sarif", "json", "checkstyle", "junit-xml"];
export type ReportFormat = "sarif" | "json" | "checkstyle" | "junit-xml";

export function reportFormat(format: string): ReportFormat {
  const f = format.trim().toLowerCase();
  if (!reportFormats.includes(f))
    throw new Error(
      `format must be one of ${reportFormats.join(", ")}; got "${format}".`,
    );
  return f as ReportFormat;
}

export const reportFileName: Record<ReportFormat, string> = {
  sarif: "golangci-lint.sarif",
  json: "golangci-lint.json",
  checkstyle: "golangci-lint-checkstyle.xml",
  "junit-xml": "golangci-lint-junit.xml",
};

function mergeJson(reports: readonly string[], root?: string): string {
  const docs = reports.map(parseJson);
  const linters = new Map<string, any>();
  for (const doc of docs)
    for (const l of doc.Report?.Linters ?? [])
      linters.set(l.Name, { ...linters.get(l.Name), ...l });
  const warnings = docs.flatMap((d) => d.Report?.Warnings ?? []);
  const errors = docs.map((d) => d.Report?.Error).filter(Boolean);
  const merged = {
    Issues: docs.flatMap((d) =>
      (d.Issues ?? []).map((issue: any) => ({
        ...issue,
        Pos: { ...issue.Pos, Filename: relative(issue.Pos?.Filename, root) },
      })),
    ),
    Report: {
      ...(warnings.length ? { Warnings: warnings } : {}),
      ...(linters.size ? { Linters: [...linters.values()] } : {}),
      ...(errors.length ? { Error: errors.join("\n") } : {}),
    },
  };
  return `${JSON.stringify(merged)}\n`;
}

/** One run holding every module's results (code scanning wants one run per tool). */
function mergeSarif(reports: readonly string[], root?: string): string {
  const docs = reports.map((r) => JSON.parse(r));
  const [first] = docs;
  const results = docs.flatMap((d) =>
    (d.runs ?? []).flatMap((run: any) => run.results ?? []),
  );
  for (const result of results)
    for (const location of result.locations ?? []) {
      const artifact = location.physicalLocation?.artifactLocation;
      if (artifact?.uri) artifact.uri = relative(artifact.uri, root);
    }
  const run = { ...(first.runs?.[0] ?? {}), results };
  return `${JSON.stringify({ ...first, runs: [run] })}\n`;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** The elements between an XML report's outer tags, with paths relativized. */
function xmlElements(
  report: string,
  element: string,
  pathAttributes: string[],
  root?: string,
): string[] {
  let text = report;
  if (root) {
    const prefix = escapeRegExp(`${root}/`);
    text = text
      .replace(
        new RegExp(`(\\b(?:${pathAttributes.join("|")})=")${prefix}`, "g"),
        "$1",
      )
      .replace(new RegExp(`^(File: )${prefix}`, "gm"), "$1");
  }
  return [
    ...text.matchAll(
      new RegExp(
        `^  <${element}\\b[^>]*?(?:/>|>[\\s\\S]*?^  </${element}>)`,
        "gm",
      ),
    ),
  ].map((m) => m[0]);
}

function mergeCheckstyle(reports: readonly string[], root?: string): string {
  const files = reports.flatMap((r) => xmlElements(r, "file", ["name"], root));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    "",
    '<checkstyle version="5.0">',
    ...files,
    "</checkstyle>",
    "",
  ].join("\n");
}

function mergeJunit(reports: readonly string[], root?: string): string {
  const suites = reports.flatMap((r) =>
    xmlElements(r, "testsuite", ["name", "classname", "message", "file"], root),
  );
  return suites.length
    ? ["<testsuites>", ...suites, "</testsuites>"].join("\n")
    : "<testsuites></testsuites>";
}

/** Every module's report of one format as a single report, paths relative to `root`'s parent repo. */
export function mergeReports(
  format: ReportFormat,
  reports: readonly string[],
  root?: string,
): string {
  switch (format) {
    case "json":
      return mergeJson(reports, root);
    case "sarif":
      return mergeSarif(reports, root);
    case "checkstyle":
      return mergeCheckstyle(reports, root);
    case "junit-xml":
      return mergeJunit(reports, root);
  }
}
