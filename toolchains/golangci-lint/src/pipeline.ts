// The containers: golangci-lint (the official image, or the same release built with the
// code's Go), `go mod download` in a step that sees only the manifests, one run per
// module, and what the runs leave: the .go files fmt and fix rewrote, and the reports.
// Decisions come from the plain modules beside this one.
import {
  Changeset,
  Container,
  dag,
  Directory,
  File,
  ReturnType,
  Secret,
} from "@dagger.io/dagger";
import {
  downloadArgs,
  gitSshCommand,
  goBuildCache,
  goModCache,
  installArgs,
  jsonReport,
  lintCache,
  moduleDir,
  netrcPath,
  outDir,
  reportPath,
  sourceRoot,
  sshInsteadOf,
  sshKeyPath,
  type RunOptions,
} from "./argv.js";
import { byDepth, goManifests } from "./modules.js";
import {
  buildFailure,
  classifyRun,
  downloadFailure,
  findingsOrThrow,
  type ModuleOutcome,
  type RunResult,
} from "./outcome.js";
import { readProject, type Project, type ProjectSettings } from "./project.js";
import { mergeReports, reportFileName, type ReportFormat } from "./report.js";

/** The module's settings, as the toolchain object holds them. */
export interface Settings extends RunOptions, ProjectSettings {
  source: Directory;
  goImageAddress: string;
  goPrivate: string;
  goNoSumDb: string;
  goFlags: string;
  netrc?: Secret;
  sshKey?: Secret;
}

export interface ModuleRun {
  result: RunResult;
  outcome: ModuleOutcome;
  /** The container after the run: its /src holds what golangci-lint rewrote. */
  ran: Container;
}

/** Runs argv in every module directory, in parallel, on the source with dependencies downloaded. */
export async function eachModule(
  s: Settings,
  argv: string[],
): Promise<ModuleRun[]> {
  const project = await readSource(s);
  const base = (await downloaded(s, project))
    .withDirectory(sourceRoot, s.source)
    .withDirectory(outDir, dag.directory());
  const ctx = {
    root: sourceRoot,
    timeout: s.timeout,
    release: project.release,
  };
  return Promise.all(
    project.modules.map(async (dir) => {
      const ran = base
        .withWorkdir(moduleDir(dir))
        .withExec(argv, { expect: ReturnType.Any });
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

/** The source with the .go files argv rewrote in each module; nested modules last. */
export async function goChanges(
  s: Settings,
  argv: string[],
): Promise<Changeset> {
  const runs = await eachModule(s, argv);
  findingsOrThrow(runs);
  const after = [...runs]
    .sort((a, b) => byDepth(a.result.module, b.result.module))
    .reduce(
      (dir, r) =>
        dir.withDirectory(
          r.result.module,
          r.ran.directory(moduleDir(r.result.module)),
          { include: ["**/*.go"] },
        ),
      s.source,
    );
  return after.changes(s.source);
}

/** Every module's report of `format` merged into one file, paths from the repository root. */
export async function reportFile(
  runs: ModuleRun[],
  format: ReportFormat,
): Promise<File> {
  const reports = await Promise.all(
    runs.map((r) => r.ran.file(reportPath(format)).contents()),
  );
  const name = reportFileName[format];
  return dag
    .directory()
    .withNewFile(name, mergeReports(format, reports, sourceRoot))
    .file(name);
}

function readSource(s: Settings): Promise<Project> {
  const source = s.source;
  return readProject(
    {
      glob: (pattern) => source.glob(pattern),
      read: (path) => source.file(path).contents(),
    },
    s,
  );
}

/** golangci-lint with Go caches, after `go mod download` in each module (a step that sees only go.mod, go.sum and go.work). */
async function downloaded(s: Settings, project: Project): Promise<Container> {
  let ctr = (await tool(s, project)).withDirectory(
    sourceRoot,
    s.source.filter({ include: goManifests }),
  );
  for (const dir of project.downloads) {
    ctr = ctr
      .withWorkdir(moduleDir(dir))
      .withExec(downloadArgs, { expect: ReturnType.Any });
    // In a workspace it also asks for the versions modules require of each other
    // (example.com/lib v0.0.0), which only go.work provides: the run's own package
    // loading then fetches what is imported and names what is missing.
    if ((await ctr.exitCode()) !== 0 && !project.workspace)
      throw new Error(downloadFailure(dir, await ctr.stderr()));
  }
  return ctr;
}

/** The official image when its Go is new enough for the code, else the same release built with the code's Go. */
async function tool(s: Settings, project: Project): Promise<Container> {
  const plan = project.plan;
  const base = dag
    .container()
    .from(plan.kind === "official" ? plan.image : s.goImageAddress);
  // The official image trusts every repository for git; --new-from-rev needs that.
  const trustAll: [string, string][] =
    plan.kind === "official" ? [] : [["safe.directory", "*"]];
  const ctr = withPrivateModules(s, base, trustAll)
    .withMountedCache(goModCache, dag.cacheVolume("go-mod"))
    .withMountedCache(goBuildCache, dag.cacheVolume("go-build"))
    .withMountedCache(lintCache, dag.cacheVolume("golangci-lint"))
    .withEnvVariable("GOMODCACHE", goModCache)
    .withEnvVariable("GOCACHE", goBuildCache)
    .withEnvVariable("GOLANGCI_LINT_CACHE", lintCache);
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

/** Private module settings: Go variables, credentials and git config, only those set. */
function withPrivateModules(
  s: Settings,
  ctr: Container,
  git: [string, string][],
): Container {
  const env: [string, string][] = [
    ["GOPRIVATE", s.goPrivate],
    ["GONOSUMDB", s.goNoSumDb],
    ["GOFLAGS", s.goFlags],
  ];
  for (const [name, value] of env)
    if (value.trim()) ctr = ctr.withEnvVariable(name, value.trim());
  if (s.netrc) ctr = ctr.withMountedSecret(netrcPath, s.netrc, { mode: 0o600 });
  if (s.sshKey) git = [...git, ...sshInsteadOf(s.goPrivate)];
  ctr = withGitConfig(ctr, git);
  if (s.sshKey)
    ctr = ctr
      .withMountedSecret(sshKeyPath, s.sshKey, { mode: 0o600 })
      .withEnvVariable("GIT_SSH_COMMAND", gitSshCommand);
  return ctr;
}

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
