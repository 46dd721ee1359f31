// trivy's reports: the JSON report (SchemaVersion 2) read into findings, and the
// formats `report` writes, passed through as trivy wrote them.
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

const formats: Record<string, { trivyFormat: string; fileName: string }> = {
  sarif: { trivyFormat: "sarif", fileName: "trivy.sarif" },
  json: { trivyFormat: "json", fileName: "trivy.json" },
  table: { trivyFormat: "table", fileName: "trivy.txt" },
  cyclonedx: { trivyFormat: "cyclonedx", fileName: "trivy.cdx.json" },
  "spdx-json": { trivyFormat: "spdx-json", fileName: "trivy.spdx.json" },
};

export function reportFormat(format: string): {
  trivyFormat: string;
  fileName: string;
} {
  const found = formats[format];
  if (!found)
    throw new Error(
      `format must be one of ${Object.keys(formats).join(", ")}; got "${format}".`,
    );
  return found;
}
