// What a trivy run means for the user. A report with findings at the chosen severities
// fails the check with counts, a table and what to do; a trivy that exits non-zero (every
// error is a fatal log line and exit 1) failed to run, and the message says what to fix
// in the setup rather than showing a findings table.
import { excerpt, plural, stripAnsi } from "./shared/text.js";
import type { Scanner } from "./argv.js";
import { findings, parseReport, type Finding } from "./report.js";

/** What a failing step was doing, for the first line of the message. */
export type Step =
  | "downloading the vulnerability DB"
  | "downloading the Java DB"
  | "downloading the checks bundle"
  | "scanning";

/** trivy's words when --skip-*-update finds no DB in the cache: the volume was pruned. */
const firstRun =
  /--skip-(?:java-)?db-update cannot be specified on the first run/;

/** The cache volume lost the DB (pruned) after the download step ran. */
export const cacheMissing = (output: string) =>
  firstRun.test(stripAnsi(output));

const causes: [RegExp, string][] = [
  [
    firstRun,
    "The trivy-cache volume has no DB: it was pruned after this refresh window's download. The toolchain downloaded it again and retried once; run again if this persists.",
  ],
  [
    /TOOMANYREQUESTS|429 Too Many Requests|rate limit/i,
    "The registry rate-limited the download. Set dbRepository (and javaDbRepository, checksBundleRepository) to a mirror you control, or run again later.",
  ],
  [
    /x509: certificate signed by unknown authority|root CA certificate|CA bundle/i,
    "trivy could not trust the registry's TLS certificate, or could not read the CA file trivy.yaml names (cacert). For a mirror with a private CA, commit its PEM file and name it in trivy.yaml by its path from the repository root (cacert: certs/ca.pem).",
  ],
  [
    /(db|database|OCI artifact|checks bundle|policy).*(download|pull|fetch)|(download|pull|fetch).*(db|database|OCI artifact|bundle)/i,
    "trivy could not download its database. Check that the engine can reach the registry, or point dbRepository, javaDbRepository or checksBundleRepository at a reachable mirror.",
  ],
  [
    /DB not found|no such file.*trivy\.db|metadata\.json/i,
    "The cached DB is missing or unreadable. Run again: the download step refills the cache volume.",
  ],
  [
    /context deadline exceeded|timeout/i,
    "trivy ran out of time. Raise the timeout setting, or skip large folders with skipDirs.",
  ],
  [
    /config file|trivy\.yaml|yaml: |unmarshal/i,
    "trivy could not read its configuration. Fix trivy.yaml (or the file the configFile setting names).",
  ],
  [
    /ignore ?file|trivyignore/i,
    "trivy could not read the ignore file. Fix .trivyignore or .trivyignore.yaml.",
  ],
  [
    /UNAUTHORIZED|DENIED|authentication required|401 Unauthorized|403 Forbidden/i,
    "The registry refused access. Pass username and password for a private image, and check that the account can pull it.",
  ],
  [
    /MANIFEST_UNKNOWN|NAME_UNKNOWN|unable to find the specified image|no such host|not found/i,
    "trivy could not find the image. Check the address (registry/name:tag or @digest) and that the engine can reach the registry.",
  ],
  [
    /unknown flag|invalid argument|unknown shorthand|flag needs an argument/i,
    "trivy rejected an argument. Check extraArgs and the other settings against the trivy version in use.",
  ],
];

/** The message when trivy exits non-zero: the step, the likely cause, trivy's error lines. */
export function explainFailure(
  step: Step,
  exitCode: number,
  stdout: string,
  stderr: string,
): string {
  // trivy's FATAL and ERROR logs, else the tail of its output.
  const shown = excerpt(`${stderr}\n${stdout}`, /\b(FATAL|ERROR)\b/, {
    from: "end",
  });
  const cause = causes.find(([pattern]) => pattern.test(shown));
  return [
    `trivy could not run (${step}; it exited with code ${exitCode}).`,
    cause?.[1] ??
      "This is not a finding: trivy stopped before it could report. Its output follows.",
    shown,
  ].join("\n");
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
    `trivy found ${plural(found.length, ...nouns[scanner])} in ${subject} (${perSeverity}):`,
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

/**
 * A scan's JSON report judged at the severities that fail: the message to fail with,
 * or undefined when nothing is found.
 */
export function findingsFailure(
  json: string,
  scanner: Scanner,
  severities: readonly string[],
  subject: string,
): string | undefined {
  const found = findings(parseReport(json), scanner, severities);
  return found.length ? findingsReport(scanner, found, subject) : undefined;
}
