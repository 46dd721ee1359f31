// golangci-lint for real: every step of the toolchain's pipelines runs on this machine
// through the testkit's executing engine double, with the golangci-lint v2.13.1 and Go
// that .ci/setup provides standing in for the images, offline, from seeded caches.
import { afterAll, describe, expect, test } from "vitest";
import {
  call,
  golangciLintImage,
  golangImage,
  Host,
  sarifErrors,
  toolchainTest,
  type CallOptions,
} from "@toolchains/testkit";

const { module, fixture } = toolchainTest(import.meta.url);

const why = Host.unavailable();
if (why) throw new Error(why);
const host = new Host({
  images: [golangciLintImage(), golangImage()],
  seeds: process.env.TOOLCHAINS_SEEDS,
  // Modules come from the seeded go-mod volume only, with no checksum database to ask.
  env: { GOPROXY: "off", GOSUMDB: "off" },
});
afterAll(() => host.dispose());

const run = (repo: string, fn: string, more: Partial<CallOptions> = {}) =>
  call({ module, repo: fixture(repo), function: fn, host, ...more });

const lintRuns = (r: Awaited<ReturnType<typeof run>>) =>
  r.execs.filter((e) => e.argv[0] === "golangci-lint");

/** lint on a one-module fixture: a single run that found issues, and exactly this message. */
async function expectLintMessage(repo: string, message: string[]) {
  const r = await run(repo, "lint");
  expect(lintRuns(r).map((e) => e.exitCode)).toEqual([1]);
  expect(r.error).toBe(message.join("\n"));
  return r;
}

describe("one module", () => {
  test("lint: findings of every linter, packages named bin and dist type-check", async () => {
    await expectLintMessage("issues", [
      "golangci-lint found 3 issues (2 fixable):",
      "  errcheck: 1",
      "  gofmt: 1",
      "  misspell: 1",
      "",
      "  main.go:15:11 errcheck Error return value of `os.Remove` is not checked",
      "  format.go:3:1 gofmt File is not properly formatted",
      "  main.go:13:14 misspell `recieve` is a misspelling of `receive`",
      "",
      "Run `dagger generate golangci-lint:fix` to apply the 2 fixable ones; the others need a change by hand.",
    ]);
  });

  test("fmt: the config's formatters, only .go files", async () => {
    const r = await run("issues", "fmt");
    expect(r.error).toBeUndefined();
    expect(r.changeset).toMatchObject({
      added: [],
      modified: ["format.go"],
      removed: [],
    });
    expect(r.changeset!.files["format.go"]).toBe(
      "package main\n\nfunc add(a int, b int) int {\n\treturn a + b\n}\n",
    );
  });

  test("fix: misspell and gofmt fixes, the unfixable finding left", async () => {
    const r = await run("issues", "fix");
    expect(r.error).toBeUndefined();
    expect(r.changeset!.modified).toEqual(["format.go", "main.go"]);
    expect(r.changeset!.files["main.go"]).toContain(
      "// main will receive no arguments.",
    );
    expect(r.changeset!.files["main.go"]).toContain('\tos.Remove("stale.txt")');
  });

  test("report in every format, paths from the repository root", async () => {
    const reports = Object.fromEntries(
      await Promise.all(
        ["sarif", "json", "checkstyle", "junit-xml"].map(async (format) => {
          const r = await run("issues", "report", { args: { format } });
          expect(r.error).toBeUndefined();
          return [format, r.file!.contents] as const;
        }),
      ),
    );
    const sarif = JSON.parse(reports.sarif!);
    expect(sarifErrors(sarif)).toEqual([]);
    const located = sarif.runs[0].results.map(
      (x: {
        ruleId: string;
        locations: {
          physicalLocation: {
            artifactLocation: { uri: string };
            region: { startLine: number };
          };
        }[];
      }) =>
        `${x.locations[0]!.physicalLocation.artifactLocation.uri}:${x.locations[0]!.physicalLocation.region.startLine} ${x.ruleId}`,
    );
    expect(located.sort()).toEqual([
      "format.go:3 gofmt",
      "main.go:13 misspell",
      "main.go:15 errcheck",
    ]);
    const json = JSON.parse(reports.json!);
    expect(
      json.Issues.map(
        (i: { Pos: { Filename: string } }) => i.Pos.Filename,
      ).sort(),
    ).toEqual(["format.go", "main.go", "main.go"]);
    expect(reports.checkstyle).toMatch(
      /<checkstyle[^>]*>[\s\S]*<file name="main.go">[\s\S]*source="errcheck"/,
    );
    expect(reports["junit-xml"]).toMatch(
      /<testsuite name="main.go"[\s\S]*<testcase name="errcheck" classname="main.go:15:11">/,
    );
  });

  test("a config's run.issues-exit-code does not turn findings into a failure to run", async () => {
    const r = await expectLintMessage("exit-code", [
      "golangci-lint found 1 issue:",
      "  errcheck: 1",
      "",
      "  main.go:6:11 errcheck Error return value of `os.Remove` is not checked",
    ]);
    expect(lintRuns(r)[0]!.argv).toContain("--issues-exit-code=1");
  });

  test("a config comparing with git history needs .git: named before anything runs", async () => {
    const r = await run("new-from-rev", "lint");
    expect(r.execs).toEqual([]);
    expect(r.error).toBe(
      ".golangci.yml sets issues.new-from-rev, which needs the repository's git history (without it golangci-lint reports every issue), " +
        'but the source has no .git (the default `source` ignores it). Add a `source` customization whose ignore list leaves out ".git", or remove the setting from the config.',
    );
  });
});

describe("several modules", () => {
  test("nested modules: one run each, findings merged with paths from the root", async () => {
    const r = await run("nested", "lint");
    expect(
      lintRuns(r)
        .map((e) => e.workdir)
        .sort(),
    ).toEqual(["/src", "/src/services/api"]);
    expect(r.error).toContain(
      "golangci-lint found 3 issues in 2 modules (1 fixable):\n  errcheck: 2\n  misspell: 1\n",
    );
    expect(r.error).toContain(
      "  services/api/api.go:7:9 errcheck Error return value of `w.Write` is not checked",
    );
    expect(r.error).toContain(
      "  services/api/api.go:5:16 misspell `recieve` is a misspelling of `receive`",
    );
    expect(r.error).toContain(
      "  main.go:6:11 errcheck Error return value of `os.Remove` is not checked",
    );
  });

  test("go.mod discovery skips _examples and testdata; a vendored module downloads nothing", async () => {
    const r = await run("multi", "lint");
    expect(r.error).toBeUndefined();
    expect(
      lintRuns(r)
        .map((e) => [e.workdir, e.exitCode])
        .sort(),
    ).toEqual([
      ["/src", 0],
      ["/src/services/api", 0],
      ["/src/tools", 0],
    ]);
    expect(
      r.execs
        .filter((e) => e.argv[0] === "go")
        .map((e) => e.workdir)
        .sort(),
    ).toEqual(["/src", "/src/tools"]);
  });

  test("go.work: its modules only, each a run, modules that require each other at v0.0.0", async () => {
    const r = await run("workspace", "lint");
    expect(r.error).toBeUndefined();
    expect(
      lintRuns(r)
        .map((e) => [e.workdir, e.exitCode])
        .sort(),
    ).toEqual([
      ["/src/app", 0],
      ["/src/lib", 0],
    ]);
  });
});

describe("configs and Go versions", () => {
  test("a v1 config: the migrate message, nothing run", async () => {
    const r = await run("v1-config", "lint");
    expect(r.execs).toEqual([]);
    expect(r.error).toContain(".golangci.yml is a golangci-lint v1 config");
    expect(r.error).toContain("Run `golangci-lint migrate` next to it");
  });

  test("a Go newer than golangci-lint's: the build with that Go, and why it failed", async () => {
    const r = await run("toolchain", "lint");
    const build = r.execs.find((e) => e.argv[1] === "install")!;
    expect(build.env).toMatchObject({ GOTOOLCHAIN: "go1.28.1+auto" });
    expect(build.exitCode).toBe(1);
    expect(r.error).toMatch(
      /^The code targets Go 1\.28\.1, newer than the Go 1\.27 that built the official golangci-lint v2\.13\.1 image, .* and that build failed\./,
    );
    expect(r.error).toContain(
      "go: download go1.28.1 for linux/amd64: toolchain not available",
    );
  });

  test("no Go files: named before anything runs", async () => {
    const r = await run("no-go-files", "lint");
    expect(r.execs).toEqual([]);
    expect(r.error).toMatch(/^No Go files to lint in the root module\./);
  });
});
