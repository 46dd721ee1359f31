/**
 * ESLint for your repository: lints with the project's own ESLint and flat config,
 * applies its fixes as a changeset, and reports findings as SARIF or ESLint JSON.
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
} from "@dagger.io/dagger";
import {
  cacheDir,
  eslintArgs,
  reportFile,
  suppressionsFile,
  validateOptions,
  type RunMode,
} from "./eslint-args.js";
import { eslintMissing, explainFailure, noPackageJson } from "./failures.js";
import { fixedFiles, parseReport, type EslintReport } from "./results.js";
import { parseVersion, toSarif } from "./sarif.js";
import { projectTool, type ProjectFacts } from "./shared/node.js";
import { toolCacheName, yarnArtifacts } from "./shared/node-project.js";
import { lintVerdict } from "./verdict.js";
import { sourceIgnore } from "./shared/source-ignore.js";

interface EslintRun {
  report: EslintReport;
  exitCode: number;
  /** The source as the run left it: with the fixed files, for a fix run. */
  after: Directory;
  /** The bulk suppressions file a fix run pruned, when the project has one. */
  suppressions?: string;
}

@object()
export class Eslint {
  source: Directory;
  baseImageAddress: string;
  packageManager: string;
  paths: string[];
  config: string;
  maxWarnings?: number;
  concurrency: string;
  cache: boolean;
  cacheKey: string;
  fixTypes: string[];
  extraArgs: string[];
  bunVersion: string;

  constructor(
    /** The project to lint: by default the root of your repository. */
    @argument({
      defaultPath: "/",
      ignore: sourceIgnore,
    })
    source: Directory,
    /** The Node image ESLint runs in (Node 24 on Alpine, pinned by digest). */
    baseImageAddress = "node:24.21.0-alpine3.24@sha256:ebfe2f90462722a7a4de65e91990e97fe0d401c70e0e762c5b53302f905ec1c1",
    /** auto (from package.json's packageManager field, then the lockfile, then npm), npm, pnpm, yarn or bun. */
    packageManager = "auto",
    /** Files, directories or globs to lint, relative to the repository root. */
    paths: string[] = ["."],
    /** A config file for ESLint's --config; empty lets ESLint find eslint.config.* itself (nested ones too, in ESLint 10). */
    config = "",
    /** The most warnings `lint` accepts before it fails; unset accepts any number (errors always fail). */
    maxWarnings?: number,
    /** ESLint's --concurrency: off, auto, or a number of threads (needs ESLint 9.34 or later unless off). */
    concurrency = "off",
    /** Keep ESLint's cache on a cache volume, so warm runs re-lint only changed files. */
    cache = true,
    /** Names this project's ESLint cache files; empty derives it from package.json's name and the settings that choose the files, so projects sharing an engine keep their own. */
    cacheKey = "",
    /** The kinds of fixes `fix` applies (problem, suggestion, layout, directive); empty applies all. */
    fixTypes: string[] = [],
    /** More ESLint options, placed before the paths (e.g. ["--report-unused-disable-directives"]). */
    extraArgs: string[] = [],
    /** The bun version installed for projects that use bun. */
    bunVersion = "1.4.5",
  ) {
    this.source = source;
    this.baseImageAddress = baseImageAddress;
    this.packageManager = packageManager;
    this.paths = paths;
    this.config = config;
    this.maxWarnings = maxWarnings;
    this.concurrency = concurrency;
    this.cache = cache;
    this.cacheKey = cacheKey;
    this.fixTypes = fixTypes;
    this.extraArgs = extraArgs;
    this.bunVersion = bunVersion;
  }

  /** Fails on ESLint errors (or more warnings than maxWarnings), with counts by rule, the first findings and the fix command. */
  @func()
  @check()
  async lint(): Promise<void> {
    const run = await this.run("lint");
    const failure = lintVerdict(run.report, run.exitCode, this.maxWarnings);
    if (failure) throw new Error(failure);
  }

  /** Applies ESLint's fixes: the changeset holds exactly the files ESLint rewrote, and eslint-suppressions.json when the fixes left suppressions to prune. */
  @func()
  @generate()
  async fix(): Promise<Changeset> {
    const run = await this.run("fix");
    const suppressions = run.suppressions ? [run.suppressions] : [];
    return [...fixedFiles(run.report), ...suppressions]
      .reduce(
        (dir, path) => dir.withFile(path, run.after.file(path)),
        this.source,
      )
      .changes(this.source);
  }

  /** ESLint's findings as a file: SARIF 2.1.0 for code scanning, or ESLint's own JSON. */
  @func()
  async report(
    /** sarif (paths relative to the repository root, rule docs links) or json (ESLint's json formatter). */
    format = "sarif",
  ): Promise<File> {
    if (format !== "sarif" && format !== "json")
      throw new Error(`format must be sarif or json; got "${format}".`);
    const { report } = await this.run("lint");
    const contents =
      format === "json"
        ? JSON.stringify(report.results)
        : JSON.stringify(toSarif(report, await this.version()), null, 2) + "\n";
    const name = `eslint.${format}`;
    return dag.directory().withNewFile(name, contents).file(name);
  }

  /** Runs ESLint once on a copy of the source; Dagger caches the run for the other functions. */
  private async run(mode: RunMode): Promise<EslintRun> {
    const { tool, bin, facts } = await this.installed();
    let ctr = tool.withDirectory("/src", this.source).withWorkdir("/src");
    if (this.cache)
      ctr = ctr.withMountedCache(cacheDir, dag.cacheVolume("eslint-cache"));
    const suppressions = suppressionsFile(this.extraArgs);
    const pruneSuppressions =
      mode === "fix" && (await this.source.exists(suppressions));
    const args = eslintArgs(this, mode, {
      cacheName: this.cacheName(facts),
      pruneSuppressions,
      // What a Yarn 2+ install wrote into /src is not the project's code.
      ignorePatterns: facts.install?.yarnBerry ? yarnArtifacts : [],
    });
    const ran = ctr.withExec([...bin, ...args], { expect: ReturnType.Any });
    const exitCode = await ran.exitCode();
    // 0: no errors; 1: errors, or too many warnings; anything else: ESLint could not run.
    if (exitCode !== 0 && exitCode !== 1)
      throw new Error(explainFailure(exitCode, await ran.stderr()));
    let report: EslintReport;
    try {
      report = parseReport(await ran.file(reportFile).contents());
    } catch (e) {
      throw new Error(
        `ESLint exited with code ${exitCode} without a readable report (${(e as Error).message}).\n` +
          explainFailure(exitCode, await ran.stderr()),
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

  /** This project's cache file name: one per project and file selection. */
  private cacheName(facts: ProjectFacts): string {
    return toolCacheName(this.cacheKey, facts, {
      paths: this.paths,
      config: this.config,
      extraArgs: this.extraArgs,
    });
  }

  /** The container with the project's dependencies, and the command that runs its ESLint. */
  private async installed(): Promise<{
    tool: Container;
    bin: string[];
    facts: ProjectFacts;
  }> {
    validateOptions(this);
    const { container, argv, project } = await projectTool(
      this,
      "eslint",
      ({ install }) => (install ? eslintMissing(install) : noPackageJson()),
    );
    return { tool: container, bin: argv, facts: project };
  }

  /** The project's ESLint version, from a step that never sees the source. */
  private async version(): Promise<string> {
    const { tool, bin } = await this.installed();
    return parseVersion(await tool.withExec([...bin, "--version"]).stdout());
  }
}
