/**
 * golangci-lint v2 for your repository: lints every Go module, formats and fixes as
 * reviewed changesets, and writes SARIF, JSON, checkstyle or JUnit XML reports.
 */
import {
  argument,
  Changeset,
  check,
  Container,
  dag,
  Directory,
  File,
  func,
  generate,
  object,
  ReturnType,
  Secret,
} from "@dagger.io/dagger";
import {
  fmtArgs,
  jsonReport,
  outDir,
  reportPath,
  runArgs,
  sourceRoot,
} from "./argv.js";
import { buildFailure, installArgs } from "./go-version.js";
import { byDepth, goManifests } from "./modules.js";
import {
  classifyRun,
  issuesReport,
  type Context,
  type ModuleOutcome,
  type RunResult,
} from "./outcome.js";
import { sshInsteadOf } from "./private-modules.js";
import { readProject, type Project } from "./project.js";
import {
  mergeReports,
  reportFileName,
  reportFormat,
  type Finding,
  type ReportFormat,
} from "./report.js";
import { sourceIgnore } from "./shared/source-ignore.js";

interface ModuleRun {
  result: RunResult;
  outcome: ModuleOutcome;
  /** The container after the run: its /src holds what golangci-lint rewrote. */
  ran: Container;
}

const moduleDir = (dir: string) =>
  dir === "." ? sourceRoot : `${sourceRoot}/${dir}`;

/** git config through GIT_CONFIG_* variables, which need no config file. */
function withGitConfig(ctr: Container, pairs: [string, string][]): Container {
  if (!pairs.length) return ctr;
  return pairs.reduce(
    (c, [key, value], i) =>
      c
        .withEnvVariable(`GIT_CONFIG_KEY_${i}`, key)
        .withEnvVariable(`GIT_CONFIG_VALUE_${i}`, value),
    ctr.withEnvVariable("GIT_CONFIG_COUNT", String(pairs.length)),
  );
}

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
    const { runs } = await this.analyse("sarif");
    const findings = this.findingsOrThrow(runs);
    if (findings.length) throw new Error(issuesReport(findings, runs.length));
  }

  /** Formats Go files with the config's formatters (golangci-lint fmt): the changeset holds only .go files. */
  @func()
  @generate()
  async fmt(): Promise<Changeset> {
    const project = await this.project();
    const runs = await this.eachModule(project, () => fmtArgs(this.config));
    this.findingsOrThrow(runs);
    return this.goChanges(runs);
  }

  /** Applies golangci-lint's suggested fixes (run --fix): the changeset holds only .go files. */
  @func()
  @generate()
  async fix(): Promise<Changeset> {
    const project = await this.project();
    const runs = await this.eachModule(project, () =>
      runArgs(this, "json", true),
    );
    this.findingsOrThrow(runs);
    return this.goChanges(runs);
  }

  /** golangci-lint's report for every module, paths relative to the repository root. */
  @func()
  async report(
    /** sarif (SARIF 2.1.0), json, checkstyle or junit-xml. */
    format = "sarif",
  ): Promise<File> {
    const { runs, format: f } = await this.analyse(format);
    this.findingsOrThrow(runs);
    const reports = await Promise.all(
      runs.map((r) => r.ran.file(reportPath(f)).contents()),
    );
    const name = reportFileName[f];
    return dag
      .directory()
      .withNewFile(name, mergeReports(f, reports, sourceRoot))
      .file(name);
  }

  /** One run per module writing JSON and `format`; lint and report(sarif) share it. */
  private async analyse(
    format: string,
  ): Promise<{ runs: ModuleRun[]; format: ReportFormat }> {
    const f = reportFormat(format);
    const project = await this.project();
    return {
      runs: await this.eachModule(project, () => runArgs(this, f)),
      format: f,
    };
  }

  private context(project: Project): Context {
    return {
      root: sourceRoot,
      timeout: this.timeout,
      release: project.release,
    };
  }

  private project(): Promise<Project> {
    const source = this.source;
    return readProject(
      {
        glob: (pattern) => source.glob(pattern),
        read: (path) => source.file(path).contents(),
      },
      this,
    );
  }

  /** Findings of every module; throws the failures' messages when a run failed. */
  private findingsOrThrow(runs: ModuleRun[]): Finding[] {
    const failed = runs.flatMap((r) =>
      r.outcome.kind === "failed" ? [r.outcome.message] : [],
    );
    if (failed.length) throw new Error(failed.join("\n\n"));
    return runs.flatMap((r) =>
      r.outcome.kind === "ok" ? r.outcome.findings : [],
    );
  }

  /** The source with the .go files each module's run rewrote; nested modules last. */
  private goChanges(runs: ModuleRun[]): Changeset {
    const after = [...runs]
      .sort((a, b) => byDepth(a.result.module, b.result.module))
      .reduce(
        (dir, r) =>
          dir.withDirectory(
            r.result.module,
            r.ran.directory(moduleDir(r.result.module)),
            { include: ["**/*.go"] },
          ),
        this.source,
      );
    return after.changes(this.source);
  }

  /** Runs argv in every module directory, in parallel, on the source with dependencies downloaded. */
  private async eachModule(
    project: Project,
    argv: () => string[],
  ): Promise<ModuleRun[]> {
    const base = (await this.downloaded(project))
      .withDirectory(sourceRoot, this.source)
      .withDirectory(outDir, dag.directory());
    const ctx = this.context(project);
    return Promise.all(
      project.modules.map(async (dir) => {
        const ran = base
          .withWorkdir(moduleDir(dir))
          .withExec(argv(), { expect: ReturnType.Any });
        const written = await ran.directory(outDir).entries();
        const result: RunResult = {
          module: dir,
          exitCode: await ran.exitCode(),
          stderr: await ran.stderr(),
          ...(written.includes(jsonReport.slice(outDir.length + 1))
            ? { json: await ran.file(jsonReport).contents() }
            : {}),
        };
        return { result, outcome: classifyRun(result, ctx), ran };
      }),
    );
  }

  /** golangci-lint with Go caches, after `go mod download` in each module (a step that sees only go.mod, go.sum and go.work). */
  private async downloaded(project: Project): Promise<Container> {
    let ctr = (await this.tool(project)).withDirectory(
      sourceRoot,
      this.source.filter({ include: goManifests }),
    );
    for (const dir of project.downloads) {
      ctr = ctr
        .withWorkdir(moduleDir(dir))
        .withExec(["go", "mod", "download"], { expect: ReturnType.Any });
      // In a workspace it also asks for the versions modules require of each other
      // (example.com/lib v0.0.0), which only go.work provides: the run's own package
      // loading then fetches what is imported and names what is missing.
      if ((await ctr.exitCode()) !== 0 && !project.workspace)
        throw new Error(
          `\`go mod download\` failed in ${dir === "." ? "the repository root" : dir}: ` +
            "check go.mod and go.sum (`go mod tidy`, then commit both). " +
            "For private modules, set `goPrivate` to their path globs and give credentials with `netrc` (HTTPS) or `sshKey`.\n" +
            (await ctr.stderr()).trim(),
        );
    }
    return ctr;
  }

  /** Private module settings: Go variables, credentials and git config, only those set. */
  private withPrivateModules(
    ctr: Container,
    git: [string, string][],
  ): Container {
    const env: [string, string][] = [
      ["GOPRIVATE", this.goPrivate],
      ["GONOSUMDB", this.goNoSumDb],
      ["GOFLAGS", this.goFlags],
    ];
    for (const [name, value] of env)
      if (value.trim()) ctr = ctr.withEnvVariable(name, value.trim());
    if (this.netrc)
      ctr = ctr.withMountedSecret("/root/.netrc", this.netrc, { mode: 0o600 });
    if (this.sshKey) git = [...git, ...sshInsteadOf(this.goPrivate)];
    ctr = withGitConfig(ctr, git);
    if (this.sshKey)
      ctr = ctr
        .withMountedSecret("/root/.ssh/go-modules", this.sshKey, {
          mode: 0o600,
        })
        .withEnvVariable(
          "GIT_SSH_COMMAND",
          "ssh -i /root/.ssh/go-modules -o IdentitiesOnly=yes -o StrictHostKeyChecking=accept-new",
        );
    return ctr;
  }

  /** The official image when its Go is new enough for the code, else the same release built with the code's Go. */
  private async tool(project: Project): Promise<Container> {
    const plan = project.plan;
    const base =
      plan.kind === "official"
        ? dag.container().from(plan.image)
        : dag.container().from(this.goImageAddress);
    // The official image trusts every repository for git; --new-from-rev needs that.
    const trustAll: [string, string][] =
      plan.kind === "official" ? [] : [["safe.directory", "*"]];
    const ctr = this.withPrivateModules(base, trustAll)
      .withMountedCache("/cache/go/mod", dag.cacheVolume("go-mod"))
      .withMountedCache("/cache/go/build", dag.cacheVolume("go-build"))
      .withMountedCache(
        "/cache/golangci-lint",
        dag.cacheVolume("golangci-lint"),
      )
      .withEnvVariable("GOMODCACHE", "/cache/go/mod")
      .withEnvVariable("GOCACHE", "/cache/go/build")
      .withEnvVariable("GOLANGCI_LINT_CACHE", "/cache/golangci-lint");
    if (plan.kind === "official")
      return ctr.withEnvVariable("GOTOOLCHAIN", "auto");
    const built = ctr
      .withEnvVariable("GOTOOLCHAIN", plan.goToolchain)
      .withEnvVariable("GOBIN", "/usr/local/bin")
      .withExec(installArgs(plan.release), { expect: ReturnType.Any });
    if ((await built.exitCode()) !== 0)
      throw new Error(buildFailure(plan, await built.stderr()));
    return built;
  }
}
