// Every Dagger pipeline of the toolchain: the project's ESLint installed once, one run
// on a copy of the source, and the files `fix` and `report` return.
import { Changeset, dag, Directory, File, ReturnType } from "@dagger.io/dagger";
import {
  cacheDir,
  cacheName,
  eslintArgs,
  eslintConfigs,
  reportFile,
  suppressionsFile,
  validateOptions,
  type EslintOptions,
  type RunMode,
} from "./argv.js";
import {
  eslintMissing,
  eslintRan,
  explainFailure,
  noPackageJson,
  unreadableReport,
} from "./outcome.js";
import {
  fixedFiles,
  parseReport,
  parseVersion,
  toSarif,
  type EslintReport,
  type ReportFormat,
} from "./report.js";
import {
  cacheScope,
  projectTool,
  type NodeSettings,
  type ProjectTool,
} from "./shared/node.js";
import { yarnArtifacts } from "./shared/node-project.js";

/** The module's settings, as every pipeline reads them. */
export interface Settings extends NodeSettings, EslintOptions {
  cacheKey: string;
}

export interface EslintRun {
  report: EslintReport;
  exitCode: number;
  /** The source as the run left it: with the fixed files, for a fix run. */
  after: Directory;
  /** The bulk suppressions file a fix run pruned, when the project has one. */
  suppressions?: string;
}

/** The project's ESLint, installed; settings ESLint would reject fail first. */
async function installedEslint(s: Settings): Promise<ProjectTool> {
  validateOptions(s);
  return projectTool(s, "eslint", ({ install }) =>
    install ? eslintMissing(install) : noPackageJson(),
  );
}

/** Runs ESLint once on a copy of the source; Dagger caches the run for the other functions. */
export async function eslintRun(
  s: Settings,
  mode: RunMode,
  eslint?: ProjectTool,
): Promise<EslintRun> {
  const { container, argv, project } = eslint ?? (await installedEslint(s));
  let ctr = container.withDirectory("/src", s.source).withWorkdir("/src");
  if (s.cache)
    ctr = ctr.withMountedCache(cacheDir, dag.cacheVolume("eslint-cache"));
  const suppressions = suppressionsFile(s.extraArgs);
  const pruneSuppressions =
    mode === "fix" && (await s.source.exists(suppressions));
  const environment = s.cache
    ? await cacheScope(s.source, [
        ...eslintConfigs,
        ...(s.config ? [s.config] : []),
      ])
    : "";
  const args = eslintArgs(s, mode, {
    cacheName: cacheName(s, project, environment),
    pruneSuppressions,
    // What a Yarn 2+ install wrote into /src is not the project's code.
    ignorePatterns: project.install?.yarnBerry ? yarnArtifacts : [],
  });
  const ran = ctr.withExec([...argv, ...args], { expect: ReturnType.Any });
  const exitCode = await ran.exitCode();
  if (!eslintRan(exitCode))
    throw new Error(explainFailure(exitCode, await ran.stderr()));
  let report: EslintReport;
  try {
    report = parseReport(await ran.file(reportFile).contents());
  } catch (e) {
    throw new Error(
      unreadableReport(exitCode, e as Error, await ran.stderr()),
      { cause: e },
    );
  }
  return {
    report,
    exitCode,
    after: ran.directory("/src"),
    ...(pruneSuppressions ? { suppressions } : {}),
  };
}

/** The source with exactly the files a fix run rewrote (and the suppressions it pruned), as changes. */
export async function fixChanges(s: Settings): Promise<Changeset> {
  const run = await eslintRun(s, "fix");
  const suppressions = run.suppressions ? [run.suppressions] : [];
  return [...fixedFiles(run.report), ...suppressions]
    .reduce((dir, path) => dir.withFile(path, run.after.file(path)), s.source)
    .changes(s.source);
}

/** ESLint's findings as a file; one install serves the run and, for SARIF, the version. */
export async function findingsFile(
  s: Settings,
  format: ReportFormat,
): Promise<File> {
  const eslint = await installedEslint(s);
  const { report } = await eslintRun(s, "lint", eslint);
  const contents =
    format === "json"
      ? JSON.stringify(report.results)
      : JSON.stringify(toSarif(report, await version(eslint)), null, 2) + "\n";
  const name = `eslint.${format}`;
  return dag.directory().withNewFile(name, contents).file(name);
}

/** The project's ESLint version, from a step that never sees the source. */
async function version({ container, argv }: ProjectTool): Promise<string> {
  return parseVersion(
    await container.withExec([...argv, "--version"]).stdout(),
  );
}
