// What a run means: findings, or why golangci-lint (or go) could not run and what to
// change; and the message of a failed lint.
import { describe, expect, test } from "vitest";
import {
  buildFailure,
  classifyRun,
  downloadFailure,
  explainFailure,
  findingsOrThrow,
  issuesReport,
  type Context,
  type RunResult,
} from "../src/outcome.ts";
import type { Finding } from "../src/report.ts";

const ctx: Context = { root: "/src", timeout: "10m", release: "v2.13.1" };

/** An issue as golangci-lint's JSON report holds it, with --path-mode abs. */
const issue = (file: string, linter: string, fixable = false) => ({
  FromLinter: linter,
  Text: `${linter} says so`,
  Pos: { Filename: `/src/${file}`, Line: 3, Column: 2 },
  ...(fixable ? { SuggestedFixes: [{ Message: "" }] } : {}),
});
const json = (issues: object[], error?: string) =>
  JSON.stringify({ Issues: issues, Report: error ? { Error: error } : {} });

const run = (r: Partial<RunResult>): RunResult => ({
  module: ".",
  exitCode: 0,
  stderr: "",
  ...r,
});

const finding = (file: string, linter: string, fixable = false): Finding => ({
  file,
  line: 3,
  column: 2,
  linter,
  message: `${linter} says so`,
  severity: "",
  fixable,
});

describe("a run's outcome", () => {
  test("exit code 1 with a report: its findings, paths from the repository root", () => {
    expect(
      classifyRun(
        run({ exitCode: 1, json: json([issue("api/api.go", "errcheck")]) }),
        ctx,
      ),
    ).toEqual({ kind: "ok", findings: [finding("api/api.go", "errcheck")] });
  });

  test("exit code 0 without a report (golangci-lint fmt writes none): clean", () => {
    expect(classifyRun(run({}), ctx)).toEqual({ kind: "ok", findings: [] });
    expect(classifyRun(run({ json: "\n" }), ctx)).toEqual({
      kind: "ok",
      findings: [],
    });
  });

  test("Report.Error fails the run even with exit code 1: its findings are incomplete", () => {
    expect(
      classifyRun(
        run({
          exitCode: 1,
          json: json([issue("main.go", "errcheck")], "analysis skipped"),
        }),
        ctx,
      ),
    ).toEqual({
      kind: "failed",
      message:
        "golangci-lint hit an error while analysing the module at the repository root: analysis skipped\n" +
        "golangci-lint exited with code 1.",
    });
  });

  test("exit code 1 without a report is a failure, not a clean run", () => {
    expect(classifyRun(run({ module: "tools", exitCode: 1 }), ctx)).toEqual({
      kind: "failed",
      message:
        "golangci-lint could not finish on module tools.\ngolangci-lint exited with code 1.",
    });
  });
});

describe("why golangci-lint could not run", () => {
  const advice = (r: Partial<RunResult>, c: Context = ctx) =>
    explainFailure(run(r), c).split("\n")[0];

  test("a v1 config found by golangci-lint's own lookup", () => {
    expect(
      advice({
        exitCode: 3,
        stderr:
          'can\'t load config: unsupported version of the configuration: ""\n',
      }),
    ).toBe(
      'golangci-lint v2.13.1 could not load the config of the module at the repository root: it is not a v2 config (no `version: "2"`). ' +
        "Run `golangci-lint migrate` next to the config file and commit the result (https://golangci-lint.run/docs/product/migration-guide).",
    );
  });

  test("code newer than the Go golangci-lint was built with: the goVersion to set", () => {
    expect(
      advice({
        module: "svc",
        exitCode: 3,
        stderr:
          "Error: can't load config: the Go language version (go1.27) used to build golangci-lint is lower than the targeted Go version (1.28)\n",
      }),
    ).toBe(
      "golangci-lint v2.13.1 was built with go1.27, older than the Go version module svc targets (1.28). " +
        'Set the `goVersion` setting to "1.28" so the toolchain builds golangci-lint with that Go, or set `version` to a release built with it.',
    );
  });

  test("a timeout, with the limit when one is set", () => {
    expect(advice({ exitCode: 4 })).toBe(
      "golangci-lint timed out on the module at the repository root after 10m. Raise the `timeout` setting, or enable fewer or faster linters in the config.",
    );
    expect(
      advice(
        { exitCode: 7, stderr: "Timeout exceeded: try increasing it\n" },
        { ...ctx, timeout: "" },
      ),
    ).toMatch(
      /^golangci-lint timed out on the module at the repository root\. /,
    );
  });

  test("no Go files, a config that does not load, packages that do not load", () => {
    expect(advice({ exitCode: 5 })).toMatch(
      /^golangci-lint found no Go files to analyse in the module at the repository root\. Check the `buildTags` and `tests` settings/,
    );
    expect(
      advice({ exitCode: 3, stderr: "Error: can't read config: x\n" }),
    ).toBe(
      "golangci-lint could not load its config for the module at the repository root. " +
        "Fix the config file (`golangci-lint config verify` lists each problem), or point the `config` setting at a valid one.",
    );
    expect(
      advice({
        exitCode: 3,
        stderr: 'level=error msg="context loading failed: x"\n',
      }),
    ).toBe(
      "golangci-lint could not load the packages of the module at the repository root. " +
        "Make `go build ./...` pass there first (a missing go.sum entry is fixed by `go mod tidy`, committed).",
    );
  });

  test("stderr's error lines follow, without terminal colours; else its last 20 lines", () => {
    const esc = String.fromCharCode(27);
    expect(
      explainFailure(
        run({
          exitCode: 3,
          stderr: `INFO starting\n${esc}[31mERRO${esc}[0m boom\n\nINFO done\n`,
        }),
        ctx,
      ),
    ).toBe(
      "golangci-lint could not finish on the module at the repository root.\ngolangci-lint exited with code 3:\nERRO boom",
    );
    const noise = Array.from({ length: 25 }, (_, i) => `line ${i + 1}`);
    const message = explainFailure(
      run({ exitCode: 2, stderr: noise.join("\n") }),
      ctx,
    );
    expect(message.split("\n").slice(2)).toEqual(noise.slice(5));
  });
});

describe("the message of a failed lint", () => {
  test("one issue in one module: the count, the linter, the finding, no fix command", () => {
    expect(issuesReport([finding("main.go", "errcheck")], 1)).toBe(
      [
        "golangci-lint found 1 issue:",
        "  errcheck: 1",
        "",
        "  main.go:3:2 errcheck errcheck says so",
      ].join("\n"),
    );
  });

  test("several modules, counts per linter most first, the fix command for the fixable ones", () => {
    expect(
      issuesReport(
        [
          finding("main.go", "errcheck"),
          finding("api/api.go", "misspell", true),
          finding("api/api.go", "errcheck", true),
        ],
        2,
      ),
    ).toBe(
      [
        "golangci-lint found 3 issues in 2 modules (2 fixable):",
        "  errcheck: 2",
        "  misspell: 1",
        "",
        "  main.go:3:2 errcheck errcheck says so",
        "  api/api.go:3:2 misspell misspell says so",
        "  api/api.go:3:2 errcheck errcheck says so",
        "",
        "Run `dagger generate golangci-lint:fix` to apply the 2 fixable ones; the others need a change by hand.",
      ].join("\n"),
    );
  });

  test("past the limit, the rest is counted and report named", () => {
    const many = Array.from({ length: 32 }, () =>
      finding("main.go", "lll", true),
    );
    const lines = issuesReport(many, 1).split("\n");
    expect(lines.filter((l) => l.startsWith("  main.go"))).toHaveLength(30);
    expect(lines).toContain(
      "  … and 2 more; `report` returns them all (SARIF, JSON, checkstyle or JUnit XML)",
    );
    expect(issuesReport(many.slice(0, 1), 1)).toContain(
      "to apply the fixable one;",
    );
  });
});

describe("every module's runs together", () => {
  test("findings of every module, in order", () => {
    expect(
      findingsOrThrow([
        { outcome: { kind: "ok", findings: [finding("a.go", "lll")] } },
        { outcome: { kind: "ok", findings: [] } },
        { outcome: { kind: "ok", findings: [finding("b/b.go", "lll")] } },
      ]),
    ).toEqual([finding("a.go", "lll"), finding("b/b.go", "lll")]);
  });

  test("any failed run throws, with every failed run's message", () => {
    expect(() =>
      findingsOrThrow([
        { outcome: { kind: "failed", message: "first" } },
        { outcome: { kind: "ok", findings: [finding("a.go", "lll")] } },
        { outcome: { kind: "failed", message: "second" } },
      ]),
    ).toThrow(new Error("first\n\nsecond"));
  });
});

describe("failures before golangci-lint runs", () => {
  test("go mod download: the module, the fix, the settings for private modules, go's error", () => {
    expect(downloadFailure(".", "checksum mismatch\n")).toBe(
      "`go mod download` failed in the repository root: check go.mod and go.sum (`go mod tidy`, then commit both). " +
        "For private modules, set `goPrivate` to their path globs and give credentials with `netrc` (HTTPS) or `sshKey`.\n" +
        "checksum mismatch",
    );
    expect(downloadFailure("services/api", "")).toMatch(
      /^`go mod download` failed in services\/api: /,
    );
  });

  test("building golangci-lint with the code's Go: why it was built, what to check", () => {
    expect(
      buildFailure(
        {
          kind: "build",
          goToolchain: "go1.29.0+auto",
          release: "v2.13.1",
          target: "1.29.0",
          builtWith: "1.27",
        },
        "go: download go1.29.0: toolchain not available\n",
      ),
    ).toBe(
      "The code targets Go 1.29.0, newer than the Go 1.27 that built the official golangci-lint v2.13.1 image, " +
        "so the toolchain builds golangci-lint v2.13.1 with Go 1.29.0, and that build failed. " +
        "Check that the Go version exists (the `goVersion` setting, or your go.mod's go/toolchain line), " +
        "or set `version` to a golangci-lint release whose official image has that Go.\n" +
        "go: download go1.29.0: toolchain not available",
    );
  });
});
