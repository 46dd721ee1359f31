// Recorded pipelines: the toolchain runs through the SDK's real entrypoint against the
// testkit's engine double, which records each exec and plays golangci-lint's part
// (exit codes, stderr and report files as golangci-lint v2 writes them).
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  answer,
  call,
  sourceFiles,
  toolchainTest,
  type ExecOutcome,
  type ExecRequest,
  type RecordedExec,
} from "@toolchains/testkit";

const { module, fixture } = toolchainTest(import.meta.url);

const officialImage =
  "golangci/golangci-lint:v2.13.1@sha256:d371321370bf2907bd13a8f6f8baff0e0ca7438d76fdf636b281eadf7e2305e3";
const goImage =
  "golang:1.27.2@sha256:5bc7f572bbaa98885a3a1fd9c0aa76b59e3e14e8628bfc316bbfd0c701e4818c";
const caches = {
  "/cache/go/mod": { type: "cache", volume: "go-mod", sharing: "SHARED" },
  "/cache/go/build": { type: "cache", volume: "go-build", sharing: "SHARED" },
  "/cache/golangci-lint": {
    type: "cache",
    volume: "golangci-lint",
    sharing: "SHARED",
  },
};
const cacheEnv = {
  GOMODCACHE: "/cache/go/mod",
  GOCACHE: "/cache/go/build",
  GOLANGCI_LINT_CACHE: "/cache/golangci-lint",
};
const runFlags = [
  "golangci-lint",
  "run",
  "--path-mode",
  "abs",
  "--show-stats=false",
  "--issues-exit-code=1",
  "--output.json.path",
  "/out/golangci-lint.json",
];
const lintArgv = [
  ...runFlags,
  "--output.sarif.path",
  "/out/golangci-lint.sarif",
  "--timeout",
  "10m",
  "./...",
];

const isRun = (e: { argv: string[] }) =>
  e.argv[0] === "golangci-lint" && e.argv[1] === "run";
const isFmt = (e: { argv: string[] }) =>
  e.argv[0] === "golangci-lint" && e.argv[1] === "fmt";
const isDownload = (e: { argv: string[] }) =>
  e.argv.join(" ") === "go mod download";
const runs = (execs: RecordedExec[]) => execs.filter(isRun);

interface Issue {
  file: string;
  line: number;
  column?: number;
  linter: string;
  text: string;
  fixable?: boolean;
}

/** A JSON report as golangci-lint v2 writes it with --path-mode abs. */
function jsonReport(workdir: string, issues: Issue[], error?: string): string {
  return (
    JSON.stringify({
      Issues: issues.map((i) => ({
        FromLinter: i.linter,
        Text: i.text,
        Severity: "",
        SourceLines: [""],
        Pos: {
          Filename: `${workdir}/${i.file}`,
          Offset: 0,
          Line: i.line,
          Column: i.column ?? 0,
        },
        ...(i.fixable
          ? {
              SuggestedFixes: [
                {
                  Message: "",
                  TextEdits: [{ Pos: 1, End: 4, NewText: "b2NjdXJyZWQ=" }],
                },
              ],
            }
          : {}),
        ExpectNoLint: false,
        ExpectedNoLintLinter: "",
      })),
      Report: {
        Linters: [{ Name: "errcheck", Enabled: true }],
        ...(error ? { Error: error } : {}),
      },
    }) + "\n"
  );
}

/** A SARIF report as golangci-lint v2 writes it. */
function sarifReport(workdir: string, issues: Issue[]): string {
  return (
    JSON.stringify({
      version: "2.1.0",
      $schema:
        "https://schemastore.azurewebsites.net/schemas/json/sarif-2.1.0-rtm.6.json",
      runs: [
        {
          tool: { driver: { name: "golangci-lint" } },
          results: issues.map((i) => ({
            ruleId: i.linter,
            level: "error",
            message: { text: i.text },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: `${workdir}/${i.file}`, index: 0 },
                  region: { startLine: i.line, startColumn: i.column ?? 1 },
                },
              },
            ],
          })),
        },
      ],
    }) + "\n"
  );
}

/** Plays `golangci-lint run`: per module directory, its issues, reports and exit code. */
const lints = (
  perModule: Record<string, Issue[]>,
  more: Partial<ExecOutcome> = {},
) =>
  answer(isRun, (e) => {
    const issues = perModule[e.workdir] ?? [];
    const sarifAt = e.argv.indexOf("--output.sarif.path");
    return {
      exitCode: issues.length ? 1 : 0,
      ...more,
      files: {
        "/out/golangci-lint.json": jsonReport(e.workdir, issues),
        ...(sarifAt > 0
          ? { [e.argv[sarifAt + 1]!]: sarifReport(e.workdir, issues) }
          : {}),
        ...more.files,
      },
    };
  });

/** Plays a run that fails: golangci-lint prints no report then. */
const fails = (exitCode: number, stderr: string, json?: string) =>
  answer(isRun, {
    exitCode,
    stderr,
    ...(json ? { files: { "/out/golangci-lint.json": json } } : {}),
  });

describe.concurrent("pipelines", () => {
  test("one module: the pinned official image, caches on volumes, a download that sees only go.mod and go.sum", async () => {
    const r = await call({ module, repo: fixture("single"), function: "lint" });
    expect(r.error).toBeUndefined();
    const [download, lint] = r.execs;
    expect(r.execs).toHaveLength(2);
    expect(download).toMatchObject({
      image: officialImage,
      argv: ["go", "mod", "download"],
      workdir: "/src",
      env: { ...cacheEnv, GOTOOLCHAIN: "auto" },
      mounts: caches,
    });
    // A source edit leaves the download cached.
    expect(sourceFiles(download!)).toEqual(["go.mod", "go.sum"]);
    expect(lint).toMatchObject({
      image: officialImage,
      argv: lintArgv,
      workdir: "/src",
      env: cacheEnv,
      mounts: caches,
      expect: "ANY",
    });
    expect(sourceFiles(lint!)).toEqual([
      ".golangci.yml",
      "README.md",
      "go.mod",
      "go.sum",
      "main.go",
    ]);
  });

  test("several modules: each go.mod but vendored copies and test data, one run each, findings from the repository root", async () => {
    const r = await call({
      module,
      repo: fixture("multi"),
      function: "lint",
      exec: lints({
        "/src": [
          {
            file: "main.go",
            line: 3,
            column: 2,
            linter: "errcheck",
            text: "Error return value is not checked",
          },
        ],
        "/src/services/api": [
          {
            file: "api.go",
            line: 4,
            column: 1,
            linter: "misspell",
            text: "`recieve` is a misspelling of `receive`",
            fixable: true,
          },
          {
            file: "api.go",
            line: 9,
            linter: "errcheck",
            text: "Error return value of `w.Write` is not checked",
          },
        ],
      }),
    });
    // services/api vendors its dependencies: nothing to download there.
    expect(r.execs.filter(isDownload).map((e) => e.workdir)).toEqual([
      "/src",
      "/src/tools",
    ]);
    expect(
      runs(r.execs)
        .map((e) => e.workdir)
        .sort(),
    ).toEqual(["/src", "/src/services/api", "/src/tools"]);
    expect(r.error).toBe(
      [
        "golangci-lint found 3 issues in 3 modules (1 fixable):",
        "  errcheck: 2",
        "  misspell: 1",
        "",
        "  main.go:3:2 errcheck Error return value is not checked",
        "  services/api/api.go:4:1 misspell `recieve` is a misspelling of `receive`",
        "  services/api/api.go:9 errcheck Error return value of `w.Write` is not checked",
        "",
        "Run `dagger generate golangci-lint:fix` to apply the fixable one; the others need a change by hand.",
      ].join("\n"),
    );
  });

  test("a go.work workspace: its use directives, and go.work and go.work.sum reach the download", async () => {
    const r = await call({
      module,
      repo: fixture("workspace"),
      function: "lint",
    });
    expect(r.error).toBeUndefined();
    expect(runs(r.execs).map((e) => e.workdir)).toEqual([
      "/src/app",
      "/src/lib",
    ]);
    // One download at the workspace root fetches what every module needs.
    const downloads = r.execs.filter(isDownload);
    expect(downloads.map((e) => e.workdir)).toEqual(["/src"]);
    expect(sourceFiles(downloads[0]!)).toEqual([
      "app/go.mod",
      "experiments/go.mod",
      "go.work",
      "go.work.sum",
      "lib/go.mod",
    ]);
  });

  test("a toolchain directive newer than the official image's Go: golangci-lint built with that Go", async () => {
    const r = await call({
      module,
      repo: fixture("toolchain"),
      function: "lint",
    });
    expect(r.error).toBeUndefined();
    const [install, download, lint] = r.execs;
    expect(install).toMatchObject({
      image: goImage,
      argv: [
        "go",
        "install",
        "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.13.1",
      ],
      env: {
        ...cacheEnv,
        GOTOOLCHAIN: "go1.28.1+auto",
        GOBIN: "/usr/local/bin",
      },
      mounts: caches,
    });
    // The build never sees the source.
    expect(sourceFiles(install!)).toEqual([]);
    expect(download!.argv).toEqual(["go", "mod", "download"]);
    expect(lint).toMatchObject({
      image: goImage,
      argv: lintArgv,
      env: { GOTOOLCHAIN: "go1.28.1+auto" },
    });
  });

  test("the goVersion setting overrides the directives; a failed build says what to change", async () => {
    const r = await call({
      module,
      repo: fixture("single"),
      constructorArgs: { goVersion: "1.29" },
      function: "lint",
      exec: (e) =>
        e.argv[1] === "install"
          ? {
              exitCode: 1,
              stderr:
                "go: downloading go1.29.0 (linux/amd64)\ngo: download go1.29.0: toolchain not available\n",
            }
          : undefined,
    });
    expect(r.execs[0]!.env.GOTOOLCHAIN).toBe("go1.29.0+auto");
    expect(r.error).toContain(
      "The code targets Go 1.29.0, newer than the Go 1.27 that built the official golangci-lint v2.13.1 image",
    );
    expect(r.error).toContain("go1.29.0: toolchain not available");
    expect(r.execs).toHaveLength(1);
  });

  test("no Go files, no Go module, and a v1 config are named before anything runs", async () => {
    const [noFiles, noModule, v1] = await Promise.all(
      ["no-go-files", "no-module", "v1-config"].map((repo) =>
        call({ module, repo: fixture(repo), function: "lint" }),
      ),
    );
    expect(noFiles.error).toBe(
      "No Go files to lint in the root module. Add Go code, or leave the module out (go.work, the `modules` setting, or the `source` ignore patterns).",
    );
    expect(noModule.error).toMatch(
      /^No Go module to lint: the source has no go\.work and no go\.mod/,
    );
    expect(v1.error).toBe(
      '.golangci.yml is a golangci-lint v1 config (it has no `version: "2"`), and this toolchain runs golangci-lint v2. ' +
        "Run `golangci-lint migrate` next to it and commit the result (https://golangci-lint.run/docs/product/migration-guide).",
    );
    for (const r of [noFiles, noModule, v1]) expect(r.execs).toEqual([]);
  });
});

describe.concurrent("exit codes get their own message", () => {
  const cases: [
    string,
    (e: ExecRequest) => ExecOutcome | undefined,
    string[],
  ][] = [
    [
      "3: a config golangci-lint cannot load",
      fails(
        3,
        "Error: can't load config: can't read viper config: While parsing config: yaml: line 4: did not find expected key\nThe command is terminated due to an error: can't load config\n",
      ),
      [
        "golangci-lint could not load its config for the module at the repository root. Fix the config file (`golangci-lint config verify` lists each problem)",
        "golangci-lint exited with code 3:\nError: can't load config: can't read viper config",
      ],
    ],
    [
      "3: a v1 config found outside the source",
      fails(
        3,
        'The command is terminated due to an error: can\'t load config: unsupported version of the configuration: "" See https://golangci-lint.run/docs/product/migration-guide for migration instructions\n',
      ),
      [
        'it is not a v2 config (no `version: "2"`). Run `golangci-lint migrate` next to the config file',
      ],
    ],
    [
      "3: code newer than the Go golangci-lint was built with",
      fails(
        3,
        "Error: can't load config: the Go language version (go1.27) used to build golangci-lint is lower than the targeted Go version (1.28)\n",
      ),
      [
        "golangci-lint v2.13.1 was built with go1.27, older than the Go version the module at the repository root targets (1.28). " +
          'Set the `goVersion` setting to "1.28"',
      ],
    ],
    [
      "4: a timeout",
      fails(
        4,
        'level=error msg="Timeout exceeded: try increasing it by passing --timeout option"\n',
      ),
      [
        "golangci-lint timed out on the module at the repository root after 10m. Raise the `timeout` setting",
      ],
    ],
    [
      "5: no Go files golangci-lint can analyse",
      fails(
        5,
        'level=error msg="Running error: context loading failed: no go files to analyze: running `go mod tidy` may solve the problem"\n',
      ),
      [
        "golangci-lint found no Go files to analyse in the module at the repository root. Check the `buildTags` and `tests` settings",
      ],
    ],
    [
      "7: an error logged during analysis, in Report.Error",
      fails(
        7,
        "",
        '{"Issues":[],"Report":{"Error":"typechecking error: main.go:3:8: could not import example.com/missing"}}\n',
      ),
      [
        "golangci-lint hit an error while analysing the module at the repository root: typechecking error: main.go:3:8: could not import example.com/missing",
      ],
    ],
    [
      "1 with Report.Error: the findings are incomplete",
      fails(
        1,
        "",
        '{"Issues":[{"FromLinter":"errcheck","Text":"x","Pos":{"Filename":"/src/main.go","Line":1,"Column":1}}],"Report":{"Error":"analysis skipped: errors in package"}}\n',
      ),
      [
        "golangci-lint hit an error while analysing the module at the repository root: analysis skipped: errors in package",
      ],
    ],
  ];

  test.each(cases)("%s", async (_, exec, expected) => {
    const r = await call({
      module,
      repo: fixture("single"),
      function: "lint",
      exec,
    });
    for (const text of expected) expect(r.error).toContain(text);
    expect(r.error).not.toContain("dagger generate");
  });

  test("a failed go mod download names the module and the fix", async () => {
    const r = await call({
      module,
      repo: fixture("single"),
      function: "lint",
      exec: (e) =>
        isDownload(e)
          ? {
              exitCode: 1,
              stderr:
                "verifying golang.org/x/text@v0.40.0: checksum mismatch\n",
            }
          : undefined,
    });
    expect(r.error).toBe(
      "`go mod download` failed in the repository root: check go.mod and go.sum (`go mod tidy`, then commit both). " +
        "For private modules, set `goPrivate` to their path globs and give credentials with `netrc` (HTTPS) or `sshKey`.\n" +
        "verifying golang.org/x/text@v0.40.0: checksum mismatch",
    );
    expect(runs(r.execs)).toEqual([]);
  });
});

describe.concurrent("fmt, fix and report", () => {
  test("fmt: golangci-lint fmt in each module; the changeset holds only the .go files it rewrote", async () => {
    const r = await call({
      module,
      repo: fixture("multi"),
      function: "fmt",
      exec: (e) =>
        isFmt(e) && e.workdir === "/src/tools"
          ? {
              files: {
                "tools.go": "package tools\n\n// formatted\n",
                "go.sum": "junk\n",
                "/src/tools/.cache/x": "junk",
              },
            }
          : undefined,
    });
    expect(r.error).toBeUndefined();
    expect(r.execs.filter(isFmt).map((e) => [e.workdir, e.argv])).toEqual(
      expect.arrayContaining([
        ["/src", ["golangci-lint", "fmt"]],
        ["/src/tools", ["golangci-lint", "fmt"]],
        ["/src/services/api", ["golangci-lint", "fmt"]],
      ]),
    );
    expect(r.changeset).toMatchObject({
      added: [],
      modified: ["tools/tools.go"],
      removed: [],
      files: { "tools/tools.go": "package tools\n\n// formatted\n" },
    });
  });

  test("fmt fails with the tool's message when the config cannot load", async () => {
    const r = await call({
      module,
      repo: fixture("single"),
      function: "fmt",
      exec: (e) =>
        isFmt(e)
          ? {
              exitCode: 3,
              stderr:
                'The command is terminated due to an error: can\'t load config: invalid version of the configuration: "1"\n',
            }
          : undefined,
    });
    expect(r.error).toContain(
      "Run `golangci-lint migrate` next to the config file",
    );
  });

  test("fix: run --fix in each module; remaining issues do not stop it; only .go files change", async () => {
    const r = await call({
      module,
      repo: fixture("workspace"),
      function: "fix",
      exec: (e) =>
        isRun(e)
          ? {
              exitCode: e.workdir === "/src/lib" ? 1 : 0,
              files: {
                "/out/golangci-lint.json": jsonReport(
                  e.workdir,
                  e.workdir === "/src/lib"
                    ? [
                        {
                          file: "lib.go",
                          line: 3,
                          linter: "godot",
                          text: "Comment should end in a period",
                        },
                      ]
                    : [],
                ),
                ...(e.workdir === "/src/app"
                  ? {
                      "main.go":
                        'package main\n\nimport "example.com/lib"\n\nfunc main() {\n\tlib.Greet()\n}\n',
                      "go.mod": "rewritten\n",
                    }
                  : {}),
              },
            }
          : undefined,
    });
    expect(r.error).toBeUndefined();
    expect(runs(r.execs)[0]!.argv).toEqual([
      ...runFlags,
      "--fix",
      "--timeout",
      "10m",
      "./...",
    ]);
    expect(r.changeset).toMatchObject({
      modified: ["app/main.go"],
      added: [],
      removed: [],
    });
  });

  test("report: SARIF by default, every module in one run, paths from the repository root", async () => {
    const r = await call({
      module,
      repo: fixture("multi"),
      function: "report",
      exec: lints({
        "/src/tools": [
          {
            file: "tools.go",
            line: 1,
            linter: "revive",
            text: "package-comments: should have a package comment",
          },
        ],
        "/src/services/api": [
          {
            file: "api.go",
            line: 4,
            column: 6,
            linter: "errcheck",
            text: "unchecked",
          },
        ],
      }),
    });
    expect(r.error).toBeUndefined();
    expect(r.file!.name).toBe("golangci-lint.sarif");
    const sarif = JSON.parse(r.file!.contents);
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs).toHaveLength(1);
    expect(
      sarif.runs[0].results
        .map(
          (x: {
            locations: {
              physicalLocation: { artifactLocation: { uri: string } };
            }[];
          }) => x.locations[0]!.physicalLocation.artifactLocation.uri,
        )
        .sort(),
    ).toEqual(["services/api/api.go", "tools/tools.go"]);
    // The same runs as lint's, so `dagger check` and the report share them.
    expect(
      runs(r.execs).every((e) => e.argv.join(" ") === lintArgv.join(" ")),
    ).toBe(true);
    expect(r.execs.some((e) => e.argv.includes("--out-format"))).toBe(false);
  });

  test("report formats use golangci-lint's own v2 output flags", async () => {
    const formats = [
      [
        "checkstyle",
        "--output.checkstyle.path",
        "/out/golangci-lint-checkstyle.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n\n<checkstyle version="5.0">\n  <file name="/src/main.go">\n    <error column="1" line="2" message="m" severity="error" source="lll"></error>\n  </file>\n</checkstyle>\n',
      ],
      [
        "junit-xml",
        "--output.junit-xml.path",
        "/out/golangci-lint-junit.xml",
        "<testsuites></testsuites>",
      ],
    ] as const;
    const results = await Promise.all(
      formats.map(([format, flag, path, contents]) =>
        call({
          module,
          repo: fixture("single"),
          function: "report",
          args: { format },
          exec: (e) =>
            isRun(e)
              ? {
                  files: {
                    "/out/golangci-lint.json": jsonReport(e.workdir, []),
                    [path]: contents,
                  },
                }
              : undefined,
        }).then((r) => ({ r, flag, path })),
      ),
    );
    for (const { r, flag, path } of results) {
      expect(r.error).toBeUndefined();
      const argv = runs(r.execs)[0]!.argv;
      expect(argv.slice(argv.indexOf(flag), argv.indexOf(flag) + 2)).toEqual([
        flag,
        path,
      ]);
    }
    expect(results[0]!.r.file!.contents).toContain('<file name="main.go">');
    expect(results[1]!.r.file).toEqual({
      name: "golangci-lint-junit.xml",
      contents: "<testsuites></testsuites>",
    });

    const json = await call({
      module,
      repo: fixture("single"),
      function: "report",
      args: { format: "json" },
      exec: lints({
        "/src": [{ file: "main.go", line: 5, linter: "lll", text: "long" }],
      }),
    });
    expect(runs(json.execs)[0]!.argv).toEqual([
      ...runFlags,
      "--timeout",
      "10m",
      "./...",
    ]);
    expect(JSON.parse(json.file!.contents).Issues[0].Pos.Filename).toBe(
      "main.go",
    );
  });
});

/** golangci-lint finding nothing. */
const clean = (e: ExecRequest) =>
  isRun(e)
    ? { files: { "/out/golangci-lint.json": jsonReport(e.workdir, []) } }
    : undefined;

describe.concurrent("settings", () => {
  test("config, timeout, build tags, concurrency, tests and extra arguments reach the command line", async () => {
    const r = await call({
      module,
      repo: fixture("single"),
      constructorArgs: {
        config: "./.golangci.yml",
        timeout: "3m",
        buildTags: ["integration", "e2e"],
        concurrency: 4,
        tests: false,
        extraArgs: ["--enable-only", "errcheck"],
      },
      function: "lint",
      exec: clean,
    });
    expect(r.error).toBeUndefined();
    expect(runs(r.execs)[0]!.argv).toEqual([
      ...runFlags,
      "--output.sarif.path",
      "/out/golangci-lint.sarif",
      "--config",
      "/src/.golangci.yml",
      "--timeout",
      "3m",
      "--build-tags",
      "integration,e2e",
      "--concurrency",
      "4",
      "--tests=false",
      "--enable-only",
      "errcheck",
      "./...",
    ]);
  });

  test("the modules setting replaces discovery; a config that is not there is named", async () => {
    const picked = await call({
      module,
      repo: fixture("multi"),
      constructorArgs: { modules: ["./services/api/"] },
      function: "lint",
      exec: clean,
    });
    expect(picked.error).toBeUndefined();
    expect(runs(picked.execs).map((e) => e.workdir)).toEqual([
      "/src/services/api",
    ]);
    const missing = await call({
      module,
      repo: fixture("multi"),
      constructorArgs: { config: "lint/golangci.yml" },
      function: "lint",
    });
    expect(missing.error).toBe(
      "The config setting names lint/golangci.yml, which is not in the source. Give a path relative to the repository root, or leave it empty for golangci-lint's own lookup.",
    );
  });

  test("newFromRev: passed on when the source keeps .git, explained when it does not", async () => {
    const withGit = await call({
      module,
      repo: repoWithGit(),
      ignore: { source: ["**/node_modules"] },
      constructorArgs: { newFromRev: "origin/main" },
      function: "lint",
      exec: clean,
    });
    expect(withGit.error).toBeUndefined();
    const argv = runs(withGit.execs)[0]!.argv;
    expect(
      argv.slice(
        argv.indexOf("--new-from-rev"),
        argv.indexOf("--new-from-rev") + 2,
      ),
    ).toEqual(["--new-from-rev", "origin/main"]);
    expect(sourceFiles(runs(withGit.execs)[0]!)).toContain(".git/HEAD");
    const withoutGit = await call({
      module,
      repo: repoWithGit(),
      constructorArgs: { newFromRev: "origin/main" },
      function: "lint",
    });
    expect(withoutGit.error).toBe(
      "newFromRev needs the repository's git history, but the source has no .git (the default `source` ignores it). " +
        'Add a `source` customization whose ignore list leaves out ".git".',
    );
  });
});

describe("private modules", () => {
  test("GOPRIVATE, GONOSUMDB and GOFLAGS reach every go step; a netrc and an SSH key as secrets", async () => {
    const r = await call({
      module,
      repo: fixture("single"),
      constructorArgs: {
        goPrivate: "github.com/acme/*,*.corp.example.com",
        goNoSumDb: "github.com/acme/*",
        goFlags: "-mod=mod",
        netrc: "machine github.com login x password t0ken",
        sshKey: "-----BEGIN OPENSSH PRIVATE KEY-----",
      },
      function: "lint",
      exec: clean,
    });
    expect(r.error).toBeUndefined();
    for (const e of r.execs) {
      expect(e.env).toMatchObject({
        GOPRIVATE: "github.com/acme/*,*.corp.example.com",
        GONOSUMDB: "github.com/acme/*",
        GOFLAGS: "-mod=mod",
        GIT_SSH_COMMAND:
          "ssh -i /root/.ssh/go-modules -o IdentitiesOnly=yes -o StrictHostKeyChecking=accept-new",
        // git fetches the goPrivate host that is not a glob over SSH.
        GIT_CONFIG_COUNT: "1",
        GIT_CONFIG_KEY_0: "url.ssh://git@github.com/.insteadOf",
        GIT_CONFIG_VALUE_0: "https://github.com/",
      });
      expect(e.mounts).toMatchObject({
        "/root/.netrc": { type: "secret" },
        "/root/.ssh/go-modules": { type: "secret" },
      });
    }
  });

  test("none set: no private module variables", async () => {
    const r = await call({
      module,
      repo: fixture("single"),
      function: "lint",
      exec: clean,
    });
    for (const e of r.execs)
      for (const name of [
        "GOPRIVATE",
        "GONOSUMDB",
        "GOFLAGS",
        "GIT_SSH_COMMAND",
        "GIT_CONFIG_COUNT",
      ])
        expect(e.env).not.toHaveProperty(name);
  });
});

/** A repository with git history, as a `source` customization that keeps .git gives it. */
function repoWithGit(): string {
  const dir = mkdtempSync(join(tmpdir(), "golangci-lint-git-"));
  mkdirSync(join(dir, ".git"));
  writeFileSync(join(dir, ".git/HEAD"), "ref: refs/heads/main\n");
  writeFileSync(join(dir, ".golangci.yml"), 'version: "2"\n');
  writeFileSync(join(dir, "go.mod"), "module example.com/git\n\ngo 1.26.0\n");
  writeFileSync(join(dir, "main.go"), "package main\n\nfunc main() {}\n");
  return dir;
}
