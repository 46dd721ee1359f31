// Every Dagger pipeline of the toolchain: prettier (the project's own, or the pinned
// one), one run on a copy of the source, and the patch file `diff` returns.
import {
  Changeset,
  Container,
  dag,
  Directory,
  File,
  ReturnType,
} from "@dagger.io/dagger";
import {
  cacheDir,
  cacheName,
  prettierArgs,
  prettierConfigs,
  type PrettierOptions,
} from "./argv.js";
import {
  classify,
  withoutInstallOwned,
  type FormatOutcome,
} from "./outcome.js";
import { cacheScope, projectTool, type NodeSettings } from "./shared/node.js";

/** The module's settings, as every pipeline reads them. */
export interface Settings extends NodeSettings, PrettierOptions {
  /** The prettier version for projects that do not depend on prettier. */
  version: string;
  cacheKey: string;
}

export interface FormatRun {
  outcome: FormatOutcome;
  /** The source with exactly the files prettier rewrote replaced. */
  formatted: Directory;
}

/** Runs prettier once on a copy of the source; Dagger caches the run for the other functions. */
export async function format(s: Settings): Promise<FormatRun> {
  const prettier = await projectTool(s, "prettier", (_, base) => ({
    container: pinnedPrettier(base, s.version),
    argv: ["prettier"],
  }));
  const environment = s.cache
    ? await cacheScope(s.source, [
        ...prettierConfigs,
        ...[s.config, ...s.ignorePaths].filter(Boolean),
      ])
    : "";
  const ran = prettier.container
    .withDirectory("/src", s.source)
    .withWorkdir("/src")
    .withMountedCache(cacheDir, dag.cacheVolume("prettier-cache"))
    .withExec(
      [
        ...prettier.argv,
        ...prettierArgs(s, cacheName(s, prettier.project, environment)),
      ],
      { expect: ReturnType.Any },
    );
  const outcome = withoutInstallOwned(
    classify(await ran.exitCode(), await ran.stdout(), await ran.stderr()),
  );
  const after = ran.directory("/src");
  const files = outcome.kind === "unformatted" ? outcome.files : [];
  const formatted = files.reduce(
    (dir, path) => dir.withFile(path, after.file(path)),
    s.source,
  );
  return { outcome, formatted };
}

/** The pinned prettier, installed once per version (the step never sees the source). */
function pinnedPrettier(base: Container, version: string): Container {
  return base
    .withMountedCache("/cache/npm", dag.cacheVolume("npm-cache"))
    .withEnvVariable("npm_config_cache", "/cache/npm")
    .withExec([
      "npm",
      "install",
      "--global",
      "--no-audit",
      "--no-fund",
      `prettier@${version}`,
    ]);
}

/** The changes as a patch file; empty when there are none. */
export async function patchFile(changes: Changeset): Promise<File> {
  return dag
    .directory()
    .withNewFile("prettier.patch", await changes.asPatch().contents())
    .file("prettier.patch");
}
