// The ESLint command line the toolchain runs. Every run writes ESLint's
// `json-with-metadata` report to a file outside the source (config files and plugins
// may print to stdout, which would corrupt a report read from there); `lint`, `fix`
// and `report` read findings, fixed files and rule docs from it.
import { toolCacheName, type PackageJson } from "./shared/node-project.js";
import { ProjectError } from "./shared/text.js";

export interface EslintOptions {
  paths: readonly string[];
  config: string;
  maxWarnings?: number;
  concurrency: string;
  cache: boolean;
  fixTypes: readonly string[];
  extraArgs: readonly string[];
}

/** A lint run only reads; a fix run writes the fixed files into its copy of the source. */
export type RunMode = "lint" | "fix";

/** Where ESLint writes its report: outside /src, so it never reaches a changeset. */
export const reportFile = "/tmp/eslint/report.json";

/** The cache volume's mount point. */
export const cacheDir = "/cache/eslint";

/**
 * One cache file per project (see toolCacheName: ESLint drops the entries of files a
 * run did not visit, so projects sharing an engine keep their own) and per mode, so
 * the `lint` check and the `fix` generator, which `dagger check` runs side by side,
 * never write the same file at once. Entries are keyed by absolute path, and /src
 * never moves.
 */
export const cacheFile = (name: string, mode: RunMode) =>
  `${cacheDir}/${name}-${mode}.eslintcache`;

/** ESLint's config files, and its ignore file, wherever they are. */
export const eslintConfigs = ["eslint.config.*", ".eslintrc*", ".eslintignore"];

/**
 * This project's cache file name: one per project, file selection and `environment`
 * (the digest of its packages, configs and local rules: see cacheScope), so a change
 * to any of them starts a fresh cache.
 */
export function cacheName(
  o: EslintOptions & { cacheKey: string },
  project: { packageJson?: PackageJson; rootFiles: readonly string[] },
  environment: string,
): string {
  const name = toolCacheName(o.cacheKey, project, {
    paths: o.paths,
    config: o.config,
    extraArgs: o.extraArgs,
    environment,
  });
  return o.cacheKey ? `${name}-${environment.slice(-12)}` : name;
}

/** ESLint's bulk suppressions file, relative to /src: its default, or --suppressions-location in extraArgs. */
export function suppressionsFile(extraArgs: readonly string[]): string {
  for (const [i, arg] of extraArgs.entries()) {
    if (arg === "--suppressions-location" && extraArgs[i + 1])
      return extraArgs[i + 1]!.replace(/^\.\//, "");
    if (arg.startsWith("--suppressions-location="))
      return arg.slice("--suppressions-location=".length).replace(/^\.\//, "");
  }
  return "eslint-suppressions.json";
}

/** What a run adds to the settings: its cache file, and whether to prune suppressions. */
export interface RunContext {
  cacheName: string;
  /**
   * A fix run on a project with bulk suppressions prunes those its fixes made unused
   * (ESLint exits 2 otherwise); the pruned file joins the changeset.
   */
  pruneSuppressions: boolean;
  /** Files the install wrote into the source (Yarn 2+'s .pnp.cjs), for --ignore-pattern. */
  ignorePatterns: readonly string[];
}

const fixTypeNames = ["problem", "suggestion", "layout", "directive"];

/** Rejects settings ESLint would reject, with the setting's name rather than ESLint's flag. */
export function validateOptions(o: EslintOptions): void {
  if (o.paths.length === 0)
    throw new ProjectError(
      'paths is empty: list what ESLint should lint, for example ["."].',
    );
  if (
    o.maxWarnings !== undefined &&
    (!Number.isInteger(o.maxWarnings) || o.maxWarnings < 0)
  )
    throw new ProjectError(
      `maxWarnings must be a whole number of 0 or more; got ${o.maxWarnings}. Leave it unset to allow any number of warnings.`,
    );
  if (!/^(off|auto|[1-9]\d*)$/.test(o.concurrency))
    throw new ProjectError(
      `concurrency must be "off", "auto" or a positive whole number of threads; got "${o.concurrency}".`,
    );
  const unknown = o.fixTypes.filter((t) => !fixTypeNames.includes(t));
  if (unknown.length)
    throw new ProjectError(
      `fixTypes may hold ${fixTypeNames.join(", ")}; got ${unknown.join(", ")}.`,
    );
}

export function eslintArgs(
  o: EslintOptions,
  mode: RunMode,
  run: RunContext,
): string[] {
  return [
    ...(mode === "fix"
      ? [
          "--fix",
          ...(o.fixTypes.length ? ["--fix-type", o.fixTypes.join(",")] : []),
          ...(run.pruneSuppressions ? ["--prune-suppressions"] : []),
        ]
      : []),
    "--format",
    "json-with-metadata",
    "--output-file",
    reportFile,
    ...(o.cache
      ? [
          "--cache",
          "--cache-location",
          cacheFile(run.cacheName, mode),
          "--cache-strategy",
          "content",
        ]
      : []),
    ...run.ignorePatterns.flatMap((p) => ["--ignore-pattern", p]),
    ...(o.config ? ["--config", o.config] : []),
    // A fix run must not fail for warnings: it returns what it fixed either way.
    ...(mode === "lint" && o.maxWarnings !== undefined
      ? ["--max-warnings", String(o.maxWarnings)]
      : []),
    // Older ESLint (before 9.34) rejects the flag, even as "off", so it is left out.
    ...(o.concurrency !== "off" ? ["--concurrency", o.concurrency] : []),
    ...o.extraArgs,
    ...o.paths,
  ];
}
