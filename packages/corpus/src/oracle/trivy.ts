// trivy run directly, as a user would on their checkout with the toolchain's default
// policy as flags (HIGH,CRITICAL, --ignore-unfixed for vulnerabilities): `trivy fs` in
// a copy of the tree, which reads the project's own trivy.yaml and .trivyignore from
// there. Offline like the suite: the DB is a copy of the seeded one, never updated,
// and misconfigurations use trivy's embedded checks.
import { cpSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Project } from "../corpus.ts";
import type { Outcome } from "../outcome.ts";
import { projectDir } from "../paths.ts";
import { sbomView } from "../sbom-view.ts";
import { excerpt } from "../toolchain/message.ts";
import { copyTree } from "../tree.ts";
import { sbomPath } from "../toolchain/trivy.ts";
import { tool } from "./run.ts";

const scanners: Record<string, string> = {
  vulnerabilities: "vuln",
  secrets: "secret",
  misconfigurations: "misconfig",
  licenses: "license",
};

/** The flags that keep trivy from the network: the suite runs offline. */
const offlineFlags = [
  "--skip-db-update",
  "--skip-java-db-update",
  "--skip-check-update",
  "--skip-version-check",
  "--disable-telemetry",
  "--quiet",
];

export async function trivyTool(
  p: Project,
  fn: string,
  work: string,
): Promise<Outcome> {
  const tree = copyTree(projectDir(p), join(work, "tree"));
  const cache = join(work, "cache");
  if (!existsSync(cache))
    cpSync(join(process.env.TOOLCHAINS_SEEDS ?? "", "trivy-cache"), cache, {
      recursive: true,
    });
  const output = join(work, "out.json");
  const scanner = scanners[fn];
  const argv = scanner
    ? [
        "fs",
        "--scanners",
        scanner,
        "--severity",
        "HIGH,CRITICAL",
        ...(scanner === "vuln" ? ["--ignore-unfixed"] : []),
        "--exit-code",
        "1",
        "--format",
        "json",
      ]
    : ["fs", "--format", "cyclonedx"];
  const r = await tool(
    "trivy",
    [...argv, "--output", output, "--cache-dir", cache, ...offlineFlags, "."],
    { cwd: tree },
  );
  const written = existsSync(output) ? readFileSync(output, "utf8") : "";
  if (!written || r.exitCode > 1)
    return {
      status: "error",
      findings: [],
      total: 0,
      message: excerpt(r.output),
    };
  if (!scanner)
    return {
      status: "pass",
      findings: [],
      total: 0,
      files: { [sbomPath]: sbomView(written) },
      message: "",
    };
  const findings = reportFindings(JSON.parse(written)).sort();
  return {
    status: r.exitCode === 1 ? "findings" : "pass",
    findings,
    total: findings.length,
    message: excerpt(findings.join("\n")),
  };
}

interface Result {
  Target: string;
  Vulnerabilities?: {
    VulnerabilityID: string;
    PkgName: string;
    Severity: string;
  }[];
  Secrets?: { RuleID: string; Severity: string; StartLine?: number }[];
  Misconfigurations?: {
    ID: string;
    Severity: string;
    Status?: string;
    CauseMetadata?: { StartLine?: number };
  }[];
  Licenses?: {
    Name: string;
    Severity: string;
    PkgName?: string;
    FilePath?: string;
  }[];
}

const at = (target: string, line?: number) =>
  line ? `${target}:${line}` : target;

/** Every finding of the JSON report, as "WHERE ID SEVERITY". */
export function reportFindings(report: { Results?: Result[] }): string[] {
  return (report.Results ?? []).flatMap((r) => [
    ...(r.Vulnerabilities ?? []).map(
      (v) => `${v.PkgName} (${r.Target}) ${v.VulnerabilityID} ${v.Severity}`,
    ),
    ...(r.Secrets ?? []).map(
      (s) => `${at(r.Target, s.StartLine)} ${s.RuleID} ${s.Severity}`,
    ),
    ...(r.Misconfigurations ?? [])
      .filter((m) => (m.Status ?? "FAIL") === "FAIL")
      .map(
        (m) =>
          `${at(r.Target, m.CauseMetadata?.StartLine)} ${m.ID} ${m.Severity}`,
      ),
    ...(r.Licenses ?? []).map(
      (l) =>
        `${l.PkgName ? `${l.PkgName} (${r.Target})` : l.FilePath || r.Target} ${l.Name} ${l.Severity}`,
    ),
  ]);
}
