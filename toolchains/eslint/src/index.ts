/**
 * ESLint for your repository: lints with the project's own ESLint and flat config,
 * applies its fixes as a changeset, and reports findings as SARIF or ESLint JSON.
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
} from "@dagger.io/dagger";
import { lintVerdict } from "./outcome.js";
import { eslintRun, fixChanges, findingsFile } from "./pipeline.js";
import { reportFormat } from "./report.js";
import { sourceIgnore } from "./shared/source-ignore.js";

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
    /** Keep ESLint's cache on a cache volume, so warm runs re-lint only changed files. Off by default: ESLint caches each file's result alone, so rules that read other files (type-aware typescript-eslint rules, import plugins) can pass from the cache where a cold run fails. */
    cache = false,
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
    const run = await eslintRun(this, "lint");
    const failure = lintVerdict(run.report, run.exitCode, this.maxWarnings);
    if (failure) throw new Error(failure);
  }

  /** Applies ESLint's fixes: the changeset holds exactly the files ESLint rewrote, and eslint-suppressions.json when the fixes left suppressions to prune. */
  @func()
  @generate()
  async fix(): Promise<Changeset> {
    return fixChanges(this);
  }

  /** ESLint's findings as a file: SARIF 2.1.0 for code scanning, or ESLint's own JSON. */
  @func()
  async report(
    /** sarif (paths relative to the repository root, rule docs links) or json (ESLint's json formatter). */
    format = "sarif",
  ): Promise<File> {
    return findingsFile(this, reportFormat(format));
  }
}
