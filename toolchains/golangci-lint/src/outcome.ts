// What one golangci-lint run in one module means, from its exit code (pkg/exitcodes:
// 1 issues, 3 failure, 4 timeout, 5 no Go files, 7 an error was logged), its stderr and
// its JSON report, and the messages a failed check shows.
import type { BuildPlan } from "./go-version.js";
import {
  countByLinter,
  formatFinding,
  readJsonReport,
  type Finding,
} from "./report.js";
import { excerpt, plural, stripAnsi } from "./shared/text.js";

export interface RunResult {
  /** The module directory, relative to the repository root. */
  module: string;
  exitCode: number;
  stderr: string;
  /** The JSON report, when golangci-lint wrote one. */
  json?: string;
}

export interface Context {
  /** The mount point of the source, stripped from reported paths. */
  root: string;
  timeout: string;
  release: string;
}

export type ModuleOutcome =
  { kind: "ok"; findings: Finding[] } | { kind: "failed"; message: string };

/** golangci-lint's error lines: a failure shows them, else stderr's last lines. */
const errorLine = /level=error|ERRO|Error:|error:|terminated due to an error/;

/** What a v1 config needs, wherever it was found. */
export const migrateAdvice = (place: string) =>
  `Run \`golangci-lint migrate\` next to ${place} and commit the result (https://golangci-lint.run/docs/product/migration-guide).`;

const where = (module: string) =>
  module === "." ? "the module at the repository root" : `module ${module}`;

/** Why golangci-lint could not run, and what to change. */
export function explainFailure(
  r: RunResult,
  ctx: Context,
  reportError?: string,
): string {
  const stderr = stripAnsi(r.stderr);
  const goGate =
    /Go language version \((go[\d.]+)\) used to build golangci-lint is lower than the targeted Go version \(([^)]+)\)/.exec(
      stderr,
    );
  let advice: string;
  if (
    /unsupported version of the configuration|invalid version of the configuration/.test(
      stderr,
    )
  ) {
    advice =
      `golangci-lint ${ctx.release} could not load the config of ${where(r.module)}: it is not a v2 config (no \`version: "2"\`). ` +
      migrateAdvice("the config file");
  } else if (goGate) {
    advice =
      `golangci-lint ${ctx.release} was built with ${goGate[1]}, older than the Go version ${where(r.module)} targets (${goGate[2]}). ` +
      `Set the \`goVersion\` setting to "${goGate[2]}" so the toolchain builds golangci-lint with that Go, or set \`version\` to a release built with it.`;
  } else if (r.exitCode === 4 || /Timeout exceeded/.test(stderr)) {
    advice =
      `golangci-lint timed out on ${where(r.module)}${ctx.timeout ? ` after ${ctx.timeout}` : ""}. ` +
      "Raise the `timeout` setting, or enable fewer or faster linters in the config.";
  } else if (r.exitCode === 5 || /no go files to analyze/.test(stderr)) {
    advice =
      `golangci-lint found no Go files to analyse in ${where(r.module)}. ` +
      "Check the `buildTags` and `tests` settings and the config's exclusions, or leave the module out (go.work, the `modules` setting, or the `source` ignore patterns).";
  } else if (
    /can't load config|can't read config|config file|invalid configuration|the configuration contains invalid elements/i.test(
      stderr,
    )
  ) {
    advice =
      `golangci-lint could not load its config for ${where(r.module)}. ` +
      "Fix the config file (`golangci-lint config verify` lists each problem), or point the `config` setting at a valid one.";
  } else if (
    /context loading failed|failed to load packages|go: |go\.mod|go\.sum/.test(
      stderr,
    )
  ) {
    advice =
      `golangci-lint could not load the packages of ${where(r.module)}. ` +
      "Make `go build ./...` pass there first (a missing go.sum entry is fixed by `go mod tidy`, committed).";
  } else if (reportError) {
    advice = `golangci-lint hit an error while analysing ${where(r.module)}: ${reportError}`;
  } else {
    advice = `golangci-lint could not finish on ${where(r.module)}.`;
  }
  const shown = excerpt(stderr, errorLine);
  return `${advice}\ngolangci-lint exited with code ${r.exitCode}${shown ? `:\n${shown}` : "."}`;
}

export function classifyRun(r: RunResult, ctx: Context): ModuleOutcome {
  const report =
    r.json && r.json.trim() ? readJsonReport(r.json, ctx.root) : undefined;
  // Report.Error can be set with exit code 1 too: findings then are incomplete.
  if ((r.exitCode === 0 || r.exitCode === 1) && report && !report.error)
    return { kind: "ok", findings: report.findings };
  if (r.exitCode === 0 && !report) return { kind: "ok", findings: [] };
  return { kind: "failed", message: explainFailure(r, ctx, report?.error) };
}

/** The message of a failed lint: counts, the first findings, and the fix command. */
export function issuesReport(
  findings: readonly Finding[],
  modules: number,
  limit = 30,
): string {
  const fixable = findings.filter((f) => f.fixable).length;
  const scope = modules > 1 ? ` in ${modules} modules` : "";
  const lines = [
    `golangci-lint found ${plural(findings.length, "issue")}${scope}${fixable ? ` (${fixable} fixable)` : ""}:`,
    ...countByLinter(findings).map(([linter, n]) => `  ${linter}: ${n}`),
    "",
    ...findings.slice(0, limit).map((f) => `  ${formatFinding(f)}`),
  ];
  if (findings.length > limit)
    lines.push(
      `  … and ${findings.length - limit} more; \`report\` returns them all (SARIF, JSON, checkstyle or JUnit XML)`,
    );
  if (fixable)
    lines.push(
      "",
      `Run \`dagger generate golangci-lint:fix\` to apply the ${fixable === 1 ? "fixable one" : `${fixable} fixable ones`}; the others need a change by hand.`,
    );
  return lines.join("\n");
}

/** Every module's findings; throws the failed runs' messages when a run failed. */
export function findingsOrThrow(
  runs: readonly { outcome: ModuleOutcome }[],
): Finding[] {
  const failed = runs.flatMap((r) =>
    r.outcome.kind === "failed" ? [r.outcome.message] : [],
  );
  if (failed.length) throw new Error(failed.join("\n\n"));
  return runs.flatMap((r) =>
    r.outcome.kind === "ok" ? r.outcome.findings : [],
  );
}

/** `go mod download` failed before golangci-lint could run: go.mod, go.sum or credentials. */
export function downloadFailure(dir: string, stderr: string): string {
  return (
    `\`go mod download\` failed in ${dir === "." ? "the repository root" : dir}: ` +
    "check go.mod and go.sum (`go mod tidy`, then commit both). " +
    "For private modules, set `goPrivate` to their path globs and give credentials with `netrc` (HTTPS) or `sshKey`.\n" +
    stderr.trim()
  );
}

/** Building golangci-lint with the code's Go failed: most often a Go that does not exist. */
export function buildFailure(plan: BuildPlan, stderr: string): string {
  return (
    `The code targets Go ${plan.target}, newer than the Go ${plan.builtWith} that built the official golangci-lint ${plan.release} image, ` +
    `so the toolchain builds golangci-lint ${plan.release} with Go ${plan.target}, and that build failed. ` +
    "Check that the Go version exists (the `goVersion` setting, or your go.mod's go/toolchain line), " +
    "or set `version` to a golangci-lint release whose official image has that Go.\n" +
    stderr.trim()
  );
}
