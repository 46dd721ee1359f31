// The containers: the project's test environment, built in cache-friendly steps, and
// one pytest run in it. Decisions come from the plain modules beside this one.
import {
  Changeset,
  Container,
  dag,
  Directory,
  File,
  ReturnType,
} from "@dagger.io/dagger";
import {
  chooseWorkers,
  junitPath,
  parseEnv,
  pytestArgv,
  pytestCacheDir,
  type CoverageFormat,
  type PytestRun,
} from "./argv.js";
import {
  explainInstallFailure,
  installPlan,
  toolsArgv,
  venv,
  type InstallSettings,
} from "./install.js";
import { explain, updateFailure, type RunOutcome } from "./outcome.js";
import {
  dependsOn,
  detectProject,
  includedRequirementFiles,
  isRequirementsFile,
  lockfileNames,
  projectFiles,
  type Project,
} from "./project.js";
import { choosePython, pythonImage } from "./python.js";
import { readJunit, type JunitSummary } from "./report.js";
import { ProjectError } from "./shared/text.js";
import {
  isSnapshotOrTestFile,
  noSnapshotPluginNote,
  usedSnapshotPlugins,
} from "./snapshots.js";
import { tracingFile, tracingPlugin, withTracingPath } from "./tracing.js";
import { XmlError } from "./xml.js";

/** The module's settings the pipelines read: index.ts passes the module itself. */
export interface Settings extends InstallSettings {
  source: Directory;
  installer: string;
  requirements: string[];
  pythonVersion: string;
  baseImageAddress: string;
  uvImageAddress: string;
  args: string[];
  workers: string;
  allowNoTests: boolean;
  coverageSources: string[];
  env: string[];
  pytestVersion: string;
  pytestXdistVersion: string;
  pytestCovVersion: string;
  pytestCacheVolume: string;
  cacheResults: boolean;
  traceTests: boolean;
}

/** Reads the root files that say how the project installs. */
async function readProject(s: Settings): Promise<Project> {
  const rootEntries = await s.source.entries();
  const requirementFiles = [
    ...rootEntries.filter(isRequirementsFile),
    ...(rootEntries.includes("requirements/")
      ? (await s.source.glob("requirements/*.txt")).filter(isRequirementsFile)
      : []),
  ].sort();
  const contents: Record<string, string> = {};
  const pending = [...projectFiles, ...lockfileNames, ...requirementFiles];
  for (let path = pending.shift(); path !== undefined; path = pending.shift()) {
    if (path in contents) continue;
    if (
      !(path.includes("/")
        ? await exists(s.source, path)
        : rootEntries.includes(path))
    )
      continue;
    contents[path] = await s.source.file(path).contents();
    // Files a requirement file includes (-r base.txt, -c constraints.txt).
    if (path.endsWith(".txt"))
      pending.push(...includedRequirementFiles(path, contents[path]));
  }
  return detectProject(
    { rootEntries, requirementFiles, contents, requirements: s.requirements },
    s.installer,
  );
}

async function exists(dir: Directory, path: string): Promise<boolean> {
  const at = path.lastIndexOf("/");
  try {
    return (await dir.directory(path.slice(0, at)).entries()).includes(
      path.slice(at + 1),
    );
  } catch {
    return false;
  }
}

async function step(
  ctr: Container,
  argv: string[],
  project: Project,
  s: Settings,
): Promise<Container> {
  const ran = ctr.withExec(argv, { expect: ReturnType.Any });
  const exitCode = await ran.exitCode();
  if (exitCode !== 0) {
    const output = `${await ran.stdout()}\n${await ran.stderr()}`;
    throw new ProjectError(
      explainInstallFailure(project.installer, argv, exitCode, output, s),
    );
  }
  return ran;
}

/**
 * The project installed in /venv and its source in /src. The dependency step sees
 * only the files it reads, so editing code re-runs only the last steps.
 */
async function environment(
  s: Settings,
  project: Project,
  plugins: string[],
): Promise<Container> {
  const plan = installPlan(project, s);
  let ctr = dag
    .container()
    .from(await imageFor(s, project))
    .withDirectory(
      "/usr/local/bin",
      dag.container().from(s.uvImageAddress).directory("/"),
      { include: ["uv", "uvx"] },
    );
  for (const cache of plan.caches)
    ctr = ctr.withMountedCache(cache.path, dag.cacheVolume(cache.volume));
  for (const [name, value] of Object.entries(plan.env))
    ctr = ctr.withEnvVariable(name, value);
  for (const argv of plan.setup) ctr = await step(ctr, argv, project, s);
  ctr = ctr.withWorkdir("/src");
  if (plan.installInputs.length)
    ctr = ctr.withDirectory("/src", s.source, {
      include: plan.installInputs,
    });
  for (const [path, text] of Object.entries(plan.dependencyFiles))
    ctr = ctr.withNewFile(`/src/${path}`, text);
  for (const argv of plan.dependencies) ctr = await step(ctr, argv, project, s);
  const tools = toolsArgv(plugins);
  if (tools) ctr = await step(ctr, tools, project, s);
  ctr = ctr.withDirectory("/src", s.source);
  for (const argv of plan.project) ctr = await step(ctr, argv, project, s);
  return ctr;
}

async function imageFor(s: Settings, project: Project): Promise<string> {
  const versionFile = (await s.source.entries()).includes(".python-version")
    ? await s.source.file(".python-version").contents()
    : undefined;
  const requires = project.pyproject?.values.get("project.requires-python");
  return pythonImage(
    choosePython(
      s.pythonVersion,
      versionFile,
      typeof requires === "string" ? requires : undefined,
    ),
    s.baseImageAddress,
  );
}

export interface RunResult extends RunOutcome {
  container: Container;
}

/** The tests run once, with coverage in this format when one is given. */
export async function runPytest(
  s: Settings,
  coverage?: CoverageFormat,
): Promise<RunResult> {
  const project = await readProject(s);
  const run: PytestRun = {
    workers: chooseWorkers(s.workers, project),
    args: s.args,
  };
  if (coverage) run.coverage = { format: coverage, sources: s.coverageSources };
  return pytest(s, project, run);
}

/** The packages a run needs beside the project's own: the pytest plugins it lacks. */
function missingPlugins(
  project: Project,
  s: Settings,
  run: Pick<PytestRun, "workers" | "coverage">,
): string[] {
  const wanted: [string, string, boolean][] = [
    ["pytest", s.pytestVersion, true],
    ["pytest-xdist", s.pytestXdistVersion, run.workers !== ""],
    ["pytest-cov", s.pytestCovVersion, run.coverage !== undefined],
  ];
  return wanted
    .filter(([name, , needed]) => needed && !dependsOn(project, name))
    .map(([name, version]) => `${name}==${version}`);
}

/** The pytest step: the environment, the plugins the run lacks, pytest itself. */
async function pytest(
  s: Settings,
  project: Project,
  run: PytestRun,
): Promise<RunResult> {
  // What the run adds to the project's environment: packages in missingPlugins,
  // variables here (the env setting last, so it can override them), and the tracing
  // plugin as a file of its own.
  const traced = s.traceTests;
  const env = traced ? withTracingPath(parseEnv(s.env)) : parseEnv(s.env);
  let ctr = (await environment(s, project, missingPlugins(project, s, run)))
    .withEnvVariable("PATH", `${venv}/bin:\${PATH}`, { expand: true })
    .withEnvVariable("PYTHONDONTWRITEBYTECODE", "1");
  if (traced) ctr = ctr.withNewFile(tracingFile, tracingPlugin);
  // pytest's cache (--lf, --ff, --sw) outlives the run only in the volume the user
  // names; otherwise every run starts without one, so no other run picks its tests.
  if (s.pytestCacheVolume)
    ctr = ctr.withMountedCache(
      pytestCacheDir,
      dag.cacheVolume(`pytest-cache-${s.pytestCacheVolume}`),
    );
  // Without cached results, a run-unique value keeps the engine from reusing the
  // last run's outcome for the same inputs.
  if (!s.cacheResults)
    ctr = ctr.withEnvVariable("TOOLCHAIN_PYTEST_RUN", runId());
  for (const [name, value] of env) ctr = ctr.withEnvVariable(name, value);
  const ran = ctr.withExec(pytestArgv({ ...run, traced }), {
    expect: ReturnType.Any,
  });
  const exitCode = await ran.exitCode();
  const output = `${await ran.stdout()}\n${await ran.stderr()}`;
  const xml = await readOptional(ran, junitPath);
  let junit: JunitSummary | undefined;
  try {
    junit = xml === undefined ? undefined : readJunit(xml);
  } catch (e) {
    if (!(e instanceof XmlError)) throw e;
  }
  const outcome = explain({
    exitCode,
    junit,
    output,
    allowNoTests: s.allowNoTests,
    snapshotPlugins: usedSnapshotPlugins(project).map((p) => p.package),
  });
  return { container: ran, exitCode, junit, outcome };
}

/** A report the run wrote; when there is none, why (pytest writes none on usage errors). */
export async function reportFile(run: RunResult, path: string): Promise<File> {
  if ((await readOptional(run.container, path)) === undefined)
    throw new Error(
      run.outcome.kind === "failed"
        ? run.outcome.message
        : `pytest wrote no ${path}.`,
    );
  return run.container.file(path);
}

/** The snapshot plugins' update run, as a changeset of snapshot and test files only. */
export async function updatedSnapshots(s: Settings): Promise<Changeset> {
  const project = await readProject(s);
  const plugins = usedSnapshotPlugins(project);
  if (!plugins.length) {
    console.log(noSnapshotPluginNote);
    return s.source.changes(s.source);
  }
  // inline-snapshot cannot rewrite files under xdist, so updates run in one process.
  const run = await pytest(s, project, {
    workers: "",
    args: s.args,
    updateFlags: plugins.map((p) => p.updateFlag),
  });
  const failure = updateFailure(run);
  if (failure) throw new Error(failure);
  return snapshotChanges(s.source, run.container.directory("/src"));
}

/** The source with the run's changes to snapshot and test files, as a changeset. */
async function snapshotChanges(
  source: Directory,
  after: Directory,
): Promise<Changeset> {
  const changes = after.changes(source);
  const [added, modified, removed] = await Promise.all([
    changes.addedPaths(),
    changes.modifiedPaths(),
    changes.removedPaths(),
  ]);
  let updated = source;
  for (const path of [...added, ...modified])
    if (!path.endsWith("/") && isSnapshotOrTestFile(path))
      updated = updated.withFile(path, after.file(path));
  for (const path of removed.filter(isSnapshotOrTestFile))
    updated = path.endsWith("/")
      ? updated.withoutDirectory(path)
      : updated.withoutFile(path);
  return updated.changes(source);
}

function runId(): string {
  return `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** A file the run may not have written (pytest writes no report for usage errors). */
async function readOptional(
  ctr: Container,
  path: string,
): Promise<string | undefined> {
  const [dir, name] = [
    path.slice(0, path.lastIndexOf("/")),
    path.slice(path.lastIndexOf("/") + 1),
  ];
  try {
    const entries = await ctr.directory(dir).entries();
    return entries.includes(name) ? await ctr.file(path).contents() : undefined;
  } catch {
    return undefined;
  }
}
