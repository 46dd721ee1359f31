// The command lines: what every golangci-lint run is asked, where its reports go, and
// which git hosts an SSH key reaches.
import { describe, expect, test } from "vitest";
import {
  configArgs,
  fmtArgs,
  installArgs,
  moduleDir,
  reportPath,
  runArgs,
  sshInsteadOf,
  type RunOptions,
} from "../src/argv.ts";

const defaults: RunOptions = {
  config: "",
  timeout: "10m",
  newFromRev: "",
  buildTags: [],
  concurrency: 0,
  tests: true,
  extraArgs: [],
};

const fixedFlags = [
  "golangci-lint",
  "run",
  "--path-mode",
  "abs",
  "--show-stats=false",
  "--issues-exit-code=1",
  "--output.json.path",
  "/out/golangci-lint.json",
];

describe("golangci-lint run", () => {
  test("absolute paths, no stats, findings as exit code 1, JSON and the asked format written outside the source", () => {
    expect(runArgs(defaults, "sarif")).toEqual([
      ...fixedFlags,
      "--output.sarif.path",
      "/out/golangci-lint.sarif",
      "--timeout",
      "10m",
      "./...",
    ]);
  });

  test("json needs only the JSON output; fix adds --fix", () => {
    expect(runArgs(defaults, "json", true)).toEqual([
      ...fixedFlags,
      "--fix",
      "--timeout",
      "10m",
      "./...",
    ]);
  });

  test("every setting in its flag, extra arguments just before the package pattern", () => {
    expect(
      runArgs(
        {
          config: "ci/.golangci.yml",
          timeout: "3m",
          newFromRev: "origin/main",
          buildTags: ["integration", "e2e"],
          concurrency: 4,
          tests: false,
          extraArgs: ["--enable-only", "errcheck"],
        },
        "checkstyle",
      ),
    ).toEqual([
      ...fixedFlags,
      "--output.checkstyle.path",
      "/out/golangci-lint-checkstyle.xml",
      "--config",
      "/src/ci/.golangci.yml",
      "--timeout",
      "3m",
      "--new-from-rev",
      "origin/main",
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

  test("an empty timeout and zero concurrency leave golangci-lint's own defaults", () => {
    expect(runArgs({ ...defaults, timeout: "" }, "json")).toEqual([
      ...fixedFlags,
      "./...",
    ]);
  });

  test("report files by format", () => {
    expect(reportPath("sarif")).toBe("/out/golangci-lint.sarif");
    expect(reportPath("json")).toBe("/out/golangci-lint.json");
    expect(reportPath("checkstyle")).toBe("/out/golangci-lint-checkstyle.xml");
    expect(reportPath("junit-xml")).toBe("/out/golangci-lint-junit.xml");
  });
});

describe("paths in the container", () => {
  test("the config is absolute below the mount point however it is written, since each run has its module as workdir", () => {
    expect(configArgs("./.golangci.yml")).toEqual([
      "--config",
      "/src/.golangci.yml",
    ]);
    expect(configArgs("/lint/golangci.yml")).toEqual([
      "--config",
      "/src/lint/golangci.yml",
    ]);
    expect(configArgs("")).toEqual([]);
    expect(fmtArgs("")).toEqual(["golangci-lint", "fmt"]);
    expect(fmtArgs("ci/.golangci.yml")).toEqual([
      "golangci-lint",
      "fmt",
      "--config",
      "/src/ci/.golangci.yml",
    ]);
  });

  test("module directories below the mount point; the root module is the mount point", () => {
    expect(moduleDir(".")).toBe("/src");
    expect(moduleDir("services/api")).toBe("/src/services/api");
  });
});

test("golangci-lint is built with go install of the same release", () => {
  expect(installArgs("v2.13.1")).toEqual([
    "go",
    "install",
    "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.13.1",
  ]);
});

describe("private modules over SSH", () => {
  test("the hosts of goPrivate's globs, once each; wildcard hosts and paths without a host are left to HTTPS", () => {
    expect(
      sshInsteadOf(
        "github.com/acme/*, *.corp.example.com,gitlab.example.org/team/*,github.com/other,acme/*",
      ),
    ).toEqual([
      ["url.ssh://git@github.com/.insteadOf", "https://github.com/"],
      [
        "url.ssh://git@gitlab.example.org/.insteadOf",
        "https://gitlab.example.org/",
      ],
    ]);
    expect(sshInsteadOf("")).toEqual([]);
  });
});
