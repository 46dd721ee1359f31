// Reads trivy's JSON report (SchemaVersion 2) into findings, and writes the message a
// failed check throws: counts per severity and a table of the first findings.
import type { Scanner } from "./argv.js";

interface Vulnerability {
  VulnerabilityID: string;
  PkgName: string;
  InstalledVersion?: string;
  FixedVersion?: string;
  Severity: string;
  Title?: string;
}
interface Secret {
  RuleID: string;
  Severity: string;
  Title: string;
  StartLine?: number;
}
interface Misconfiguration {
  ID: string;
  AVDID?: string;
  Title: string;
  Severity: string;
  Status?: string;
  CauseMetadata?: { StartLine?: number };
}
interface License {
  Name: string;
  Severity: string;
  Category?: string;
  PkgName?: string;
  FilePath?: string;
}
export interface Result {
  Target: string;
  Class?: string;
  Vulnerabilities?: Vulnerability[];
  Secrets?: Secret[];
  Misconfigurations?: Misconfiguration[];
  Licenses?: License[];
}
export interface Report {
  SchemaVersion: number;
  ArtifactName?: string;
  Results?: Result[];
}

export interface Finding {
  scanner: Scanner;
  id: string;
  severity: string;
  /** The package (with the file that declares it) or file:line. */
  where: string;
  /** installed → fixed version, or the rule's title. */
  detail: string;
}

export function parseReport(json: string): Report {
  let report: Report;
  try {
    report = JSON.parse(json);
  } catch (e) {
    throw new Error(
      `trivy's JSON report could not be read (${(e as Error).message}). Run again; if it persists, report it with trivy's version.`,
      { cause: e },
    );
  }
  if (report?.SchemaVersion !== 2)
    throw new Error(
      `trivy's report has SchemaVersion ${report?.SchemaVersion}; this toolchain reads version 2. Use a trivy version it supports (see the version setting).`,
    );
  return report;
}

const at = (target: string, line?: number) =>
  line ? `${target}:${line}` : target;

function resultFindings(r: Result): Finding[] {
  return [
    ...(r.Vulnerabilities ?? []).map((v) => ({
      scanner: "vuln" as const,
      id: v.VulnerabilityID,
      severity: v.Severity,
      where: `${v.PkgName} (${r.Target})`,
      detail: `${v.InstalledVersion ?? "?"} → ${v.FixedVersion || "no fix yet"}`,
    })),
    ...(r.Secrets ?? []).map((s) => ({
      scanner: "secret" as const,
      id: s.RuleID,
      severity: s.Severity,
      where: at(r.Target, s.StartLine),
      detail: s.Title,
    })),
    // Passed and excepted checks are in the report too; only failures count.
    ...(r.Misconfigurations ?? [])
      .filter((m) => (m.Status ?? "FAIL") === "FAIL")
      .map((m) => ({
        scanner: "misconfig" as const,
        id: m.ID,
        severity: m.Severity,
        where: at(r.Target, m.CauseMetadata?.StartLine),
        detail: m.Title,
      })),
    ...(r.Licenses ?? []).map((l) => ({
      scanner: "license" as const,
      id: l.Name,
      severity: l.Severity,
      where: l.PkgName ? `${l.PkgName} (${r.Target})` : l.FilePath || r.Target,
      detail: `${l.Category ?? "unknown"} license`,
    })),
  ];
}

const rank = (severity: string) =>
  ["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"].indexOf(severity);

/** The findings of one scanner at the given severities, most severe first. */
export function findings(
  report: Report,
  scanner: Scanner,
  severities: readonly string[],
): Finding[] {
  return (report.Results ?? [])
    .flatMap(resultFindings)
    .filter((f) => f.scanner === scanner && severities.includes(f.severity))
    .sort(
      (a, b) =>
        rank(a.severity) - rank(b.severity) ||
        a.id.localeCompare(b.id) ||
        a.where.localeCompare(b.where),
    );
}

const headings: Record<Scanner, [string, string, string]> = {
  vuln: ["ID", "PACKAGE", "INSTALLED → FIXED"],
  secret: ["RULE", "FILE:LINE", "TITLE"],
  misconfig: ["ID", "FILE:LINE", "TITLE"],
  license: ["LICENSE", "PACKAGE OR FILE", "CATEGORY"],
};

/** A plain-text table, columns padded to their widest cell. */
export function table(scanner: Scanner, rows: readonly Finding[]): string {
  const [id, where, detail] = headings[scanner];
  const cells = [
    [id, "SEVERITY", where, detail],
    ...rows.map((f) => [f.id, f.severity, f.where, f.detail]),
  ];
  const widths = [0, 1, 2].map((i) =>
    Math.max(...cells.map((c) => c[i]!.length)),
  );
  return cells
    .map((c) =>
      c
        .map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

const nouns: Record<Scanner, [string, string]> = {
  vuln: ["vulnerability", "vulnerabilities"],
  secret: ["secret", "secrets"],
  misconfig: ["misconfiguration", "misconfigurations"],
  license: ["license finding", "license findings"],
};

const advice: Record<Scanner, string> = {
  vuln: "Update these packages to a fixed version, or accept a risk with an entry (and an expiry) in .trivyignore.yaml.",
  secret:
    "Remove these secrets from the repository and rotate them; a false positive goes in .trivyignore.yaml (secrets section) or trivy-secret.yaml.",
  misconfig:
    "Fix the configuration, or accept a check with an entry in .trivyignore.yaml (misconfigurations section).",
  license:
    "Replace these dependencies, or classify the licenses in trivy.yaml (license section) or ignore them in .trivyignore.yaml (licenses section).",
};

export function count(scanner: Scanner, n: number): string {
  const [one, many] = nouns[scanner];
  return `${n} ${n === 1 ? one : many}`;
}

/** The message a failed check throws: what, how many, the table, and what to do. */
export function findingsReport(
  scanner: Scanner,
  found: readonly Finding[],
  subject: string,
  limit = 30,
): string {
  const perSeverity = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"]
    .map((s) => [s, found.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(", ");
  const lines = [
    `trivy found ${count(scanner, found.length)} in ${subject} (${perSeverity}):`,
    "",
    table(scanner, found.slice(0, limit)),
  ];
  if (found.length > limit)
    lines.push(
      `… and ${found.length - limit} more; \`dagger call trivy report\` gives them all as SARIF.`,
    );
  lines.push("", advice[scanner]);
  return lines.join("\n");
}
