// The prettier command line the toolchain runs. One run serves every function:
// `prettier --write --list-different` on a copy of the source writes the formatted
// files and names them, so `check` can report them with their diff and `write` can
// return exactly those files.
import { toolCacheName, type PackageJson } from "./shared/node-project.js";

export interface PrettierOptions {
  paths: readonly string[];
  config: string;
  ignorePaths: readonly string[];
  cache: boolean;
  extraArgs: readonly string[];
}

/** Where prettier's cache files live: a cache volume. */
export const cacheDir = "/cache/prettier";

/**
 * Prettier's cache file for one project (see toolCacheName): prettier drops the
 * entries of files a run did not visit, so each project has its own. Entries are keyed
 * by absolute path, and /src never moves.
 */
export const cacheFile = (name: string) => `${cacheDir}/${name}.json`;

/** What configures prettier besides package.json, wherever it is. */
export const prettierConfigs = [
  ".prettierrc*",
  "prettier.config.*",
  ".prettierignore",
  ".editorconfig",
];

/**
 * This project's cache file name: one per project, file selection and `environment`
 * (the digest of its packages, configs and local plugins: see cacheScope), so a
 * plugin upgrade or a config change starts a fresh cache.
 */
export function cacheName(
  o: PrettierOptions & { cacheKey: string },
  project: { packageJson?: PackageJson; rootFiles: readonly string[] },
  environment: string,
): string {
  const name = toolCacheName(o.cacheKey, project, {
    paths: o.paths,
    config: o.config,
    ignorePaths: o.ignorePaths,
    extraArgs: o.extraArgs,
    environment,
  });
  return o.cacheKey ? `${name}-${environment.slice(-12)}` : name;
}

export function prettierArgs(o: PrettierOptions, cacheName: string): string[] {
  return [
    "--write",
    "--list-different",
    ...(o.cache
      ? [
          "--cache",
          "--cache-location",
          cacheFile(cacheName),
          "--cache-strategy",
          "content",
        ]
      : []),
    ...(o.config ? ["--config", o.config] : []),
    ...o.ignorePaths.flatMap((path) => ["--ignore-path", path]),
    ...o.extraArgs,
    ...o.paths,
  ];
}
