// When trivy itself fails (exit code not 0: every error is a fatal log line and exit 1),
// the user needs to know what to fix in the setup, not see a findings table.

// eslint-disable-next-line no-control-regex -- ANSI escapes are control characters
const ansi = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
export const stripAnsi = (text: string) => text.replace(ansi, "");

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

/** The lines worth showing: trivy's FATAL and ERROR logs, else the tail of its output. */
function shownLines(output: string): string[] {
  const lines = stripAnsi(output).trimEnd().split("\n");
  const errors = lines.filter((l) => /\b(FATAL|ERROR)\b/.test(l));
  return (errors.length ? errors : lines).slice(-20);
}

export function explainFailure(
  step: Step,
  exitCode: number,
  stdout: string,
  stderr: string,
): string {
  const output = `${stderr}\n${stdout}`;
  const shown = shownLines(output);
  const cause = causes.find(([pattern]) => pattern.test(shown.join("\n")));
  return [
    `trivy could not run (${step}; it exited with code ${exitCode}).`,
    cause?.[1] ??
      "This is not a finding: trivy stopped before it could report. Its output follows.",
    ...shown,
  ].join("\n");
}
