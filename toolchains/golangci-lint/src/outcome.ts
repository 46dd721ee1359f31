// What one golangci-lint run in one module means, from its exit code (pkg/exitcodes:
// 1 issues, 3 failure, 4 timeout, 5 no Go files, 7 an error was logged), its stderr and
// its JSON report, and the messages a failed check shows.
import {
  countByLinter,
  formatFinding,
  readJsonReport,
  type Finding,
} from "./report.js";

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

// eslint-disable-next-line no-control-regex -- ANSI escapes start with ESC
const ansi = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

export const stripAnsi = (text: string) => text.replace(ansi, "");

/** The lines worth showing from stderr: golangci-lint's errors, else the last lines. */
function stderrExcerpt(stderr: string, max = 20): string {
  const lines = stripAnsi(stderr)
    .split("\n")
    .filter((l) => l.trim() !== "");
  const errors = lines.filter((l) =>
    /level=error|ERRO|Error:|error:|terminated due to an error/.test(l),
  );
  return (errors.length ? errors : lines.slice(-max)).slice(0, max).join("\n");
}

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
  const excerpt = stderrExcerpt(stderr);
  return `${advice}\ngolangci-lint exited with code ${r.exitCode}${excerpt ? `:\n${excerpt}` : "."}`;
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
  const count = findings.length === 1 ? "1 issue" : `${findings.length} issues`;
  const scope = modules > 1 ? ` in ${modules} modules` : "";
  const lines = [
    `golangci-lint found ${count}${scope}${fixable ? ` (${fixable} fixable)` : ""}:`,
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
