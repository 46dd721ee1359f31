/**
 * Prettier for your repository: checks formatting, formats, and shows the patch, with
 * the project's own prettier, config and ignore files.
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
  classify,
  prettierArgs,
  unformattedReport,
  type FormatOutcome,
} from "./prettier.js";
import { projectTool, type ProjectFacts } from "./shared/node.js";
import { installOwned, toolCacheName } from "./shared/node-project.js";
import { sourceIgnore } from "./shared/source-ignore.js";

interface FormatRun {
  outcome: FormatOutcome;
  /** The source with exactly the files prettier rewrote replaced. */
  formatted: Directory;
}

/**
 * Prettier formats lockfiles (pnpm-lock.yaml, package-lock.json) and the .pnp.cjs a
 * Yarn 2+ install writes unless the project ignores them; the toolchain never rewrites
 * those, so they are not prettier's findings.
 */
function withoutInstallOwned(outcome: FormatOutcome): FormatOutcome {
  if (outcome.kind !== "unformatted") return outcome;
  const files = outcome.files.filter((f) => !installOwned(f));
  return files.length ? { kind: "unformatted", files } : { kind: "formatted" };
}

@object()
export class Prettier {
  source: Directory;
  baseImageAddress: string;
  packageManager: string;
  version: string;
  paths: string[];
  config: string;
  ignorePaths: string[];
  cache: boolean;
  cacheKey: string;
  extraArgs: string[];
  bunVersion: string;

  constructor(
    /** The project to format: by default the root of your repository. */
    @argument({
      defaultPath: "/",
      ignore: sourceIgnore,
    })
    source: Directory,
    /** The Node image prettier runs in (Node 24 on Alpine, pinned by digest). */
    baseImageAddress = "node:24.21.0-alpine3.24@sha256:ebfe2f90462722a7a4de65e91990e97fe0d401c70e0e762c5b53302f905ec1c1",
    /** auto (from package.json's packageManager field, then the lockfile, then npm), npm, pnpm, yarn or bun. */
    packageManager = "auto",
    /** The prettier version used when the project does not depend on prettier. */
    version = "3.10.1",
    /** Files, directories or globs to format, relative to the repository root. */
    paths: string[] = ["."],
    /** A config file for prettier's --config; empty lets prettier find the project's own. */
    config = "",
    /** Ignore files for prettier's --ignore-path; empty keeps prettier's defaults (.gitignore and .prettierignore). */
    ignorePaths: string[] = [],
    /** Keep prettier's cache on a cache volume, so warm runs skip files already formatted. */
    cache = true,
    /** Names this project's prettier cache file; empty derives it from package.json's name and the settings that choose the files, so projects sharing an engine keep their own. */
    cacheKey = "",
    /** More prettier options, placed before the paths (e.g. ["--end-of-line", "lf"]). */
    extraArgs: string[] = [],
    /** The bun version installed for projects that use bun. */
    bunVersion = "1.4.5",
  ) {
    this.source = source;
    this.baseImageAddress = baseImageAddress;
    this.packageManager = packageManager;
    this.version = version;
    this.paths = paths;
    this.config = config;
    this.ignorePaths = ignorePaths;
    this.cache = cache;
    this.cacheKey = cacheKey;
    this.extraArgs = extraArgs;
    this.bunVersion = bunVersion;
  }

  /** Fails when prettier would reformat a file, listing the files and the patch that fixes them. */
  @func()
  @check()
  async check(): Promise<void> {
    const run = await this.format();
    if (run.outcome.kind === "failed") throw new Error(run.outcome.message);
    if (run.outcome.kind === "unformatted") {
      const patch = await run.formatted
        .changes(this.source)
        .asPatch()
        .contents();
      throw new Error(unformattedReport(run.outcome.files, patch));
    }
  }

  /** Formats the project: the changeset holds exactly the files prettier rewrote. */
  @func()
  @generate()
  async write(): Promise<Changeset> {
    const run = await this.format();
    if (run.outcome.kind === "failed") throw new Error(run.outcome.message);
    return run.formatted.changes(this.source);
  }

  /** The patch `write` would apply, as a file; empty when everything is formatted. */
  @func()
  async diff(): Promise<File> {
    const changes = await this.write();
    return dag
      .directory()
      .withNewFile("prettier.patch", await changes.asPatch().contents())
      .file("prettier.patch");
  }

  /** Runs prettier once on a copy of the source; Dagger caches the run for the other functions. */
  private async format(): Promise<FormatRun> {
    const tool = await projectTool(this, "prettier", (_, base) => ({
      container: this.pinnedPrettier(base),
      argv: ["prettier"],
    }));
    const ran = tool.container
      .withDirectory("/src", this.source)
      .withWorkdir("/src")
      .withMountedCache(cacheDir, dag.cacheVolume("prettier-cache"))
      .withExec(
        [...tool.argv, ...prettierArgs(this, this.cacheName(tool.project))],
        {
          expect: ReturnType.Any,
        },
      );
    const outcome = withoutInstallOwned(
      classify(await ran.exitCode(), await ran.stdout(), await ran.stderr()),
    );
    const after = ran.directory("/src");
    const files = outcome.kind === "unformatted" ? outcome.files : [];
    const formatted = files.reduce(
      (dir, path) => dir.withFile(path, after.file(path)),
      this.source,
    );
    return { outcome, formatted };
  }

  /** This project's cache file name: one per project and file selection. */
  private cacheName(facts: ProjectFacts): string {
    return toolCacheName(this.cacheKey, facts, {
      paths: this.paths,
      config: this.config,
      ignorePaths: this.ignorePaths,
      extraArgs: this.extraArgs,
    });
  }

  /** The pinned prettier, installed once per version (the step never sees the source). */
  private pinnedPrettier(base: Container): Container {
    return base
      .withMountedCache("/cache/npm", dag.cacheVolume("npm-cache"))
      .withEnvVariable("npm_config_cache", "/cache/npm")
      .withExec([
        "npm",
        "install",
        "--global",
        "--no-audit",
        "--no-fund",
        `prettier@${this.version}`,
      ]);
  }
}
