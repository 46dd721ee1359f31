// How the toolchain runs trivy: the image, the steps that fill the shared cache (the
// vulnerability DB, the Java DB, the checks bundle), and the argv of every scan. Scans
// never download: they read the cache those steps filled, with --skip-*-update.

/** Where the shared cache volume is mounted: DBs and the checks bundle live there. */
export const cacheDir = "/cache/trivy";
/** Where scans write their output, outside the source. */
export const outputDir = "/tmp/trivy";
/** Where the source is mounted; trivy runs there, so it finds trivy.yaml, .trivyignore and trivy-secret.yaml. */
export const sourceDir = "/src";

/** Releases known to be malicious (March 2026, GHSA-69fq-xp46-6x23): refused outright. */
export const compromisedVersions = ["0.69.4", "0.69.5", "0.69.6"];

/**
 * Index digests of official releases: the same multi-arch index is pushed to
 * docker.io/aquasec/trivy, ghcr.io/aquasecurity/trivy and public.ecr.aws/aquasecurity/trivy.
 * Where they come from is in the README.
 */
export const knownDigests: Readonly<Record<string, string>> = {
  "0.75.0":
    "sha256:af6acf9a6b85dfe389a1941505c0ce9efef52a4719635e1a962f022a3d855daa",
  "0.74.0":
    "sha256:62b1e65e8869bc4b4c6aa4fa2b21595256c7c2f6018a9d9ad61caf87187c1969",
};

export type Scanner = "vuln" | "secret" | "misconfig" | "license";
export const allScanners: readonly Scanner[] = [
  "vuln",
  "secret",
  "misconfig",
  "license",
];
export const severities = ["UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL"];

export interface ScanSettings {
  severity: string;
  ignoreUnfixed: boolean;
  skipDirs: readonly string[];
  skipFiles: readonly string[];
  includeDevDeps: boolean;
  offlineScan: boolean;
  timeout: string;
  extraArgs: readonly string[];
  /** The config file to pass with --config, when the project has one. */
  config?: string;
  /** The ignore file to pass with --ignorefile, when the project has one. */
  ignoreFile?: string;
}

/** The trivy image for a version: by digest where the digest is known, else by tag. */
export function imageAddress(repository: string, version: string): string {
  const v = version.replace(/^v/, "");
  if (compromisedVersions.includes(v))
    throw new Error(
      `trivy ${v} is one of the releases published by attackers in March 2026 ` +
        `(GHSA-69fq-xp46-6x23: ${compromisedVersions.join(", ")}); never run it. ` +
        `Set version to 0.75.0 or another clean release.`,
    );
  if (!/^\d+\.\d+\.\d+$/.test(v))
    throw new Error(
      `version must be an exact trivy release such as 0.75.0; got "${version}".`,
    );
  const digest = knownDigests[v];
  return digest ? `${repository}:${v}@${digest}` : `${repository}:${v}`;
}

/** A comma-separated setting, each item checked against what trivy accepts. */
function parseList<T extends string>(
  setting: string,
  value: string,
  allowed: readonly T[],
  normalize: (item: string) => string = (item) => item,
): T[] {
  const list = value
    .split(",")
    .map((item) => normalize(item.trim()))
    .filter((item) => item !== "");
  if (!list.length || list.some((item) => !allowed.includes(item as T)))
    throw new Error(
      `${setting} must be a comma-separated list of ${allowed.join(", ")}; got "${value}".`,
    );
  return list as T[];
}

/** The severities, checked and upper-cased. */
export const parseSeverity = (severity: string) =>
  parseList("severity", severity, severities, (s) => s.toUpperCase());

export const parseScanners = (scanners: string) =>
  parseList("scanners", scanners, allScanners);

/**
 * The start of the refresh window `now` falls in, as an ISO time. Windows are aligned
 * to the Unix epoch in UTC, so every run in the same window agrees on it: the download
 * steps carry it in their environment, which makes Dagger re-run them only when the
 * window rolls over.
 */
export function refreshWindow(now: Date, hours: number): string {
  if (!Number.isInteger(hours) || hours < 1)
    throw new Error(
      `dbRefreshHours must be a whole number of hours, 1 or more; got ${hours}.`,
    );
  const span = hours * 3_600_000;
  return new Date(Math.floor(now.getTime() / span) * span).toISOString();
}

const repositoryFlag = (flag: string, value: string) =>
  value.trim() ? [flag, value.trim()] : [];

/** The project's trivy.yaml: for a download step, its db, checks bundle, CA and insecure settings. */
const configFlag = (config: string | undefined) =>
  config ? ["--config", config] : [];

/** Downloads the vulnerability DB into the cache (trivy skips it when the cached DB is fresh). */
export function vulnDbArgs(dbRepository: string, config?: string): string[] {
  return [
    "trivy",
    "image",
    "--download-db-only",
    "--cache-dir",
    cacheDir,
    "--no-progress",
    ...repositoryFlag("--db-repository", dbRepository),
    ...configFlag(config),
  ];
}

/**
 * trivy has no "download checks only": a config scan of an empty folder fetches the
 * bundle. `trivy config` has no --no-progress (it takes no DB flags) and refuses it.
 */
export const emptyDir = "/tmp/trivy-empty";
export function checksBundleArgs(
  checksBundleRepository: string,
  config?: string,
): string[] {
  return [
    "trivy",
    "config",
    "--cache-dir",
    cacheDir,
    "--skip-version-check",
    "--disable-telemetry",
    ...repositoryFlag("--checks-bundle-repository", checksBundleRepository),
    ...configFlag(config),
    emptyDir,
  ];
}

/** Flags every scan shares: offline from the cache, quiet, and the project's settings. */
function commonFlags(
  s: ScanSettings,
  scanners: readonly Scanner[],
  format: string,
  output: string,
): string[] {
  return [
    "--cache-dir",
    cacheDir,
    // No scanners for an SBOM: an empty --scanners, so a trivy.yaml that sets
    // scan.scanners cannot turn vulnerability scanning back on (trivy disables the
    // scanners for SBOM formats only when the setting is unset).
    ...(scanners.length ? ["--scanners", scanners.join(",")] : ["--scanners="]),
    "--format",
    format,
    "--output",
    output,
    // Findings never change the exit code: 0 is a report to read, anything else is trivy failing.
    "--exit-code",
    "0",
    "--severity",
    parseSeverity(s.severity).join(","),
    ...(s.ignoreUnfixed && scanners.includes("vuln")
      ? ["--ignore-unfixed"]
      : []),
    "--skip-db-update",
    "--skip-check-update",
    "--skip-version-check",
    "--disable-telemetry",
    "--no-progress",
    "--timeout",
    s.timeout,
    ...configFlag(s.config),
    ...(s.ignoreFile ? ["--ignorefile", s.ignoreFile] : []),
  ];
}

/** `trivy fs` on the source, for the given scanners and output format. */
export function fsScanArgs(
  s: ScanSettings,
  scanners: readonly Scanner[],
  format: string,
  output: string,
): string[] {
  return [
    "trivy",
    "fs",
    ...commonFlags(s, scanners, format, output),
    "--skip-java-db-update",
    ...s.skipDirs.flatMap((d) => ["--skip-dirs", d]),
    ...s.skipFiles.flatMap((f) => ["--skip-files", f]),
    ...(s.includeDevDeps ? ["--include-dev-deps"] : []),
    ...(s.offlineScan ? ["--offline-scan"] : []),
    ...s.extraArgs,
    ".",
  ];
}

/**
 * `trivy image` on a registry image, pulled directly (no Docker daemon in the
 * container). The Java DB is left to trivy: it downloads it into the shared cache only
 * when the image holds Java archives.
 */
export function imageScanArgs(
  s: ScanSettings,
  address: string,
  platform: string,
  output: string,
  javaDbRepository = "",
): string[] {
  return [
    "trivy",
    "image",
    ...commonFlags(s, ["vuln"], "json", output),
    "--image-src",
    "remote",
    "--cache-backend",
    "memory",
    ...(platform ? ["--platform", platform] : []),
    ...repositoryFlag("--java-db-repository", javaDbRepository),
    ...(s.offlineScan ? ["--offline-scan"] : []),
    ...s.extraArgs,
    address,
  ];
}
