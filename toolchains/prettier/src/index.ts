/**
 * Prettier for your repository: checks formatting, formats, and shows the patch, with
 * the project's own prettier, config and ignore files.
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
import { unformattedReport } from "./outcome.js";
import { format, patchFile } from "./pipeline.js";
import { sourceIgnore } from "./shared/source-ignore.js";

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
    const { outcome, formatted } = await format(this);
    if (outcome.kind === "failed") throw new Error(outcome.message);
    if (outcome.kind === "unformatted") {
      const patch = await formatted.changes(this.source).asPatch().contents();
      throw new Error(unformattedReport(outcome.files, patch));
    }
  }

  /** Formats the project: the changeset holds exactly the files prettier rewrote. */
  @func()
  @generate()
  async write(): Promise<Changeset> {
    const { outcome, formatted } = await format(this);
    if (outcome.kind === "failed") throw new Error(outcome.message);
    return formatted.changes(this.source);
  }

  /** The patch `write` would apply, as a file; empty when everything is formatted. */
  @func()
  async diff(): Promise<File> {
    return patchFile(await this.write());
  }
}
