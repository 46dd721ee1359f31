// The command lines and the container paths they name. Reports go to files through the
// v2 output flags (`--output.<format>.path`; v2 removed `--out-format`), never to
// stdout, where `--show-stats` would append "N issues." after the report.
import { reportFileName, type ReportFormat } from "./report.js";

/** Where the source is mounted; reported paths are absolute below it (`--path-mode abs`). */
export const sourceRoot = "/src";
/** Where reports are written, outside the source so they never reach a changeset. */
export const outDir = "/out";
export const jsonReport = `${outDir}/golangci-lint.json`;

/** Cache volume mount points: the module cache, the build cache and golangci-lint's own. */
export const goModCache = "/cache/go/mod";
export const goBuildCache = "/cache/go/build";
export const lintCache = "/cache/golangci-lint";

/** Where the private module secrets are mounted. */
export const netrcPath = "/root/.netrc";
export const sshKeyPath = "/root/.ssh/go-modules";
/** git's ssh: only the given key, and a host key accepted on first contact (no known_hosts). */
export const gitSshCommand = `ssh -i ${sshKeyPath} -o IdentitiesOnly=yes -o StrictHostKeyChecking=accept-new`;

export interface RunOptions {
  config: string;
  timeout: string;
  newFromRev: string;
  buildTags: readonly string[];
  concurrency: number;
  tests: boolean;
  extraArgs: readonly string[];
}

/** A module directory (relative to the repository root) in the container. */
export const moduleDir = (dir: string) =>
  dir === "." ? sourceRoot : `${sourceRoot}/${dir}`;

/** The config setting as an absolute path: golangci-lint runs in each module directory. */
export function configArgs(config: string): string[] {
  return config
    ? ["--config", `${sourceRoot}/${config.replace(/^\.?\//, "")}`]
    : [];
}

export function reportPath(format: ReportFormat): string {
  return `${outDir}/${reportFileName[format]}`;
}

/** `golangci-lint run` on the module in the working directory: JSON always, plus `format`. */
export function runArgs(
  o: RunOptions,
  format: ReportFormat,
  fix = false,
): string[] {
  return [
    "golangci-lint",
    "run",
    "--path-mode",
    "abs",
    "--show-stats=false",
    // A config's run.issues-exit-code must not turn findings into "could not finish".
    "--issues-exit-code=1",
    "--output.json.path",
    jsonReport,
    ...(format === "json"
      ? []
      : [`--output.${format}.path`, reportPath(format)]),
    ...(fix ? ["--fix"] : []),
    ...configArgs(o.config),
    ...(o.timeout ? ["--timeout", o.timeout] : []),
    ...(o.newFromRev ? ["--new-from-rev", o.newFromRev] : []),
    ...(o.buildTags.length ? ["--build-tags", o.buildTags.join(",")] : []),
    ...(o.concurrency > 0 ? ["--concurrency", String(o.concurrency)] : []),
    ...(o.tests ? [] : ["--tests=false"]),
    ...o.extraArgs,
    "./...",
  ];
}

/** `golangci-lint fmt`: the config's formatters on every .go file below the module. */
export function fmtArgs(config: string): string[] {
  return ["golangci-lint", "fmt", ...configArgs(config)];
}

/** Builds the release with the Go in GOTOOLCHAIN (the docs' `go install` route). */
export function installArgs(release: string): string[] {
  return [
    "go",
    "install",
    `github.com/golangci/golangci-lint/v2/cmd/golangci-lint@${release}`,
  ];
}

export const downloadArgs = ["go", "mod", "download"];

/** git fetches the hosts of goPrivate's globs (github.com/acme/*) over SSH, not HTTPS. */
export function sshInsteadOf(goPrivate: string): [string, string][] {
  const hosts = goPrivate
    .split(",")
    .map((glob) => glob.trim().split("/")[0]!)
    .filter((host) => host.includes(".") && !/[*?[]/.test(host));
  return [...new Set(hosts)].map((host) => [
    `url.ssh://git@${host}/.insteadOf`,
    `https://${host}/`,
  ]);
}
