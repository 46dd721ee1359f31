/**
 * golangci-lint v2 for your repository: lints every Go module, formats and fixes as
 * reviewed changesets, and writes SARIF, JSON, checkstyle or JUnit XML reports.
 */
import {
  argument,
  Changeset,
  check,
  Directory,
  File,
  func,
  generate,
  object,
  Secret,
} from "@dagger.io/dagger";
import { fmtArgs, runArgs } from "./argv.js";
import { findingsOrThrow, issuesReport } from "./outcome.js";
import { eachModule, goChanges, reportFile } from "./pipeline.js";
import { reportFormat } from "./report.js";
import { sourceIgnore } from "./shared/source-ignore.js";

@object()
export class GolangciLint {
  source: Directory;
  version: string;
  goVersion: string;
  goImageAddress: string;
  config: string;
  timeout: string;
  newFromRev: string;
  buildTags: string[];
  concurrency: number;
  tests: boolean;
  modules: string[];
  extraArgs: string[];
  goPrivate: string;
  goNoSumDb: string;
  goFlags: string;
  netrc?: Secret;
  sshKey?: Secret;

  constructor(
    /** The repository to lint: by default its root, without .git, dependency folders and caches (never Go packages such as bin or dist). */
    @argument({
      defaultPath: "/",
      ignore: sourceIgnore,
    })
    source: Directory,
    /** The golangci-lint v2 release; the official image is pinned by digest for known releases. */
    version = "v2.13.1",
    /** The Go that golangci-lint must support; empty takes the newest go/toolchain directive of the modules. */
    goVersion = "",
    /** The Go image that builds golangci-lint when the code needs a newer Go than the official image's. */
    goImageAddress = "golang:1.27.2@sha256:5bc7f572bbaa98885a3a1fd9c0aa76b59e3e14e8628bfc316bbfd0c701e4818c",
    /** A config file relative to the repository root; empty lets golangci-lint find each module's own. */
    config = "",
    /** golangci-lint's --timeout for each module (e.g. 5m); empty or 0 means no limit. */
    timeout = "10m",
    /** Report only issues added since this git revision (--new-from-rev); needs .git in the source. */
    newFromRev = "",
    /** Build tags for the analysis (--build-tags). */
    buildTags: string[] = [],
    /** Parallel linters (--concurrency); 0 lets golangci-lint use every CPU. */
    concurrency = 0,
    /** Lint _test.go files too (--tests). */
    tests = true,
    /** Module directories to lint, relative to the repository root; empty finds them (go.work, else every go.mod). */
    modules: string[] = [],
    /** More `golangci-lint run` options, placed before the package pattern (e.g. ["--enable-only", "errcheck"]). */
    extraArgs: string[] = [],
    /** GOPRIVATE: module path globs fetched directly from their repositories, not through the proxy or checksum DB (e.g. github.com/acme/*). */
    goPrivate = "",
    /** GONOSUMDB: module path globs not checked against the checksum DB; empty leaves it to goPrivate. */
    goNoSumDb = "",
    /** GOFLAGS for every go and golangci-lint command (e.g. -mod=mod). */
    goFlags = "",
    /** A .netrc with credentials for private module hosts (machine github.com login x password <token>). */
    netrc?: Secret,
    /** An SSH private key for private modules: git then fetches the goPrivate hosts over SSH. */
    sshKey?: Secret,
  ) {
    this.source = source;
    this.version = version;
    this.goVersion = goVersion;
    this.goImageAddress = goImageAddress;
    this.config = config;
    this.timeout = timeout;
    this.newFromRev = newFromRev;
    this.buildTags = buildTags;
    this.concurrency = concurrency;
    this.tests = tests;
    this.modules = modules;
    this.extraArgs = extraArgs;
    this.goPrivate = goPrivate;
    this.goNoSumDb = goNoSumDb;
    this.goFlags = goFlags;
    this.netrc = netrc;
    this.sshKey = sshKey;
  }

  /** Fails when golangci-lint finds issues: counts per linter, the first findings, and the fix command. */
  @func()
  @check()
  async lint(): Promise<void> {
    // The same runs as report("sarif"), so a check and its report share them.
    const runs = await eachModule(this, runArgs(this, "sarif"));
    const findings = findingsOrThrow(runs);
    if (findings.length) throw new Error(issuesReport(findings, runs.length));
  }

  /** Formats Go files with the config's formatters (golangci-lint fmt): the changeset holds only .go files. */
  @func()
  @generate()
  async fmt(): Promise<Changeset> {
    return goChanges(this, fmtArgs(this.config));
  }

  /** Applies golangci-lint's suggested fixes (run --fix): the changeset holds only .go files. */
  @func()
  @generate()
  async fix(): Promise<Changeset> {
    return goChanges(this, runArgs(this, "json", true));
  }

  /** golangci-lint's report for every module, paths relative to the repository root. */
  @func()
  async report(
    /** sarif (SARIF 2.1.0), json, checkstyle or junit-xml. */
    format = "sarif",
  ): Promise<File> {
    const f = reportFormat(format);
    const runs = await eachModule(this, runArgs(this, f));
    findingsOrThrow(runs);
    return reportFile(runs, f);
  }
}
