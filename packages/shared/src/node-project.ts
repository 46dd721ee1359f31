import { createHash } from "node:crypto";
import { lastLines, ProjectError } from "./text.js";

// Decisions about a Node project, made from its files alone: which package manager it
// uses, how to install it without touching its lockfile, which files that install
// reads, where package stores live, and what an install failure means.

export type PackageManager = "npm" | "pnpm" | "yarn" | "bun";

export const packageManagers: readonly PackageManager[] = [
  "npm",
  "pnpm",
  "yarn",
  "bun",
];

export interface PackageJson {
  name?: string;
  packageManager?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  workspaces?: unknown;
}

export interface NodeProject {
  manager: PackageManager;
  /** The version the `packageManager` field pins, if any. */
  version?: string;
  /** Yarn 2 or later (berry), which has its own flags and may run without node_modules. */
  yarnBerry: boolean;
  /** The lockfile the install honours, if the project has one. */
  lockfile?: string;
  /** Why this package manager: shown when an install fails. */
  reason: string;
}

/** Every file a frozen install of any package manager reads, as include patterns. */
export const installInputs: readonly string[] = [
  "**/package.json",
  "**/.npmrc",
  "package-lock.json",
  "npm-shrinkwrap.json",
  "pnpm-lock.yaml",
  "pnpm-workspace.yaml",
  ".pnpmfile.cjs",
  "yarn.lock",
  ".yarnrc",
  ".yarnrc.yml",
  ".yarn/releases",
  ".yarn/plugins",
  ".yarn/patches",
  "bun.lock",
  "bun.lockb",
  "bunfig.toml",
  "patches",
];

const lockfiles: readonly [string, PackageManager][] = [
  ["package-lock.json", "npm"],
  ["npm-shrinkwrap.json", "npm"],
  ["pnpm-lock.yaml", "pnpm"],
  ["yarn.lock", "yarn"],
  ["bun.lock", "bun"],
  ["bun.lockb", "bun"],
];

export function parsePackageJson(text: string): PackageJson {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ProjectError(
      `package.json is not valid JSON (${(e as Error).message}). Fix it, then run again.`,
    );
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ProjectError(
      "package.json must hold a JSON object. Fix it, then run again.",
    );
  }
  return parsed as PackageJson;
}

/** "pnpm@9.12.0+sha512.abc" → pnpm, 9.12.0. */
export function parsePackageManagerField(field: string): {
  manager: PackageManager;
  version: string;
} {
  const match = /^(@?[^@\s]+)@([^+\s]+)(\+.*)?$/.exec(field.trim());
  if (!match) {
    throw new ProjectError(
      `package.json's packageManager field "${field}" is not of the form name@version (for example "pnpm@9.12.0").`,
    );
  }
  const [, name, version] = match;
  if (!packageManagers.includes(name as PackageManager)) {
    throw new ProjectError(
      `package.json's packageManager field names "${name}", which this toolchain does not support: use npm, pnpm, yarn or bun.`,
    );
  }
  return { manager: name as PackageManager, version: version! };
}

export interface ProjectFiles {
  /** The parsed root package.json, if there is one. */
  packageJson?: PackageJson;
  /** Names of the files at the project root. */
  rootFiles: readonly string[];
  /**
   * The first lines of yarn.lock, which tell Yarn 1 ("# yarn lockfile v1", after a
   * comment line) from Yarn 2+ ("__metadata:").
   */
  yarnLockHead?: string;
}

/**
 * The package manager, in order: the toolchain's `packageManager` setting when not
 * "auto", the `packageManager` field of package.json, the lockfile, then npm.
 */
export function detectProject(
  requested: string,
  files: ProjectFiles,
): NodeProject {
  if (
    requested !== "auto" &&
    !packageManagers.includes(requested as PackageManager)
  ) {
    throw new ProjectError(
      `packageManager must be one of auto, npm, pnpm, yarn, bun; got "${requested}".`,
    );
  }
  const field = files.packageJson?.packageManager;
  const pinned = field ? parsePackageManagerField(field) : undefined;
  const locked = lockfiles.find(([name]) => files.rootFiles.includes(name));

  let manager: PackageManager;
  let reason: string;
  if (requested !== "auto") {
    manager = requested as PackageManager;
    reason = `the toolchain's packageManager setting (${requested})`;
  } else if (pinned) {
    manager = pinned.manager;
    reason = `package.json's packageManager field (${field})`;
  } else if (locked) {
    manager = locked[1];
    reason = `the lockfile ${locked[0]}`;
  } else {
    manager = "npm";
    reason = "no packageManager field or lockfile, so npm";
  }

  const lockfile = lockfiles.find(
    ([name, m]) => m === manager && files.rootFiles.includes(name),
  )?.[0];
  const version = pinned?.manager === manager ? pinned.version : undefined;
  const yarnBerry =
    manager === "yarn" &&
    (version !== undefined
      ? !version.startsWith("1.")
      : files.rootFiles.includes(".yarnrc.yml") ||
        (files.yarnLockHead !== undefined &&
          !/^# yarn lockfile v1\s*$/m.test(files.yarnLockHead)));
  return {
    manager,
    ...(version ? { version } : {}),
    yarnBerry,
    ...(lockfile ? { lockfile } : {}),
    reason,
  };
}

/**
 * The install that never writes the lockfile. Lifecycle scripts are skipped: the
 * install step sees only manifests, so a script that needs the sources cannot work.
 */
export function installArgv(project: NodeProject): string[] {
  switch (project.manager) {
    case "npm":
      return project.lockfile
        ? ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"]
        : [
            "npm",
            "install",
            "--no-package-lock",
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
          ];
    case "pnpm":
      return [
        "pnpm",
        "install",
        project.lockfile ? "--frozen-lockfile" : "--no-lockfile",
        "--ignore-scripts",
      ];
    case "yarn":
      return project.yarnBerry
        ? ["yarn", "install", "--immutable", "--mode=skip-build"]
        : [
            "yarn",
            "install",
            "--frozen-lockfile",
            "--ignore-scripts",
            "--non-interactive",
          ];
    case "bun":
      return [
        "bun",
        "install",
        ...(project.lockfile ? ["--frozen-lockfile"] : ["--no-save"]),
        "--ignore-scripts",
      ];
  }
}

/** Where each package manager keeps its downloads: a cache volume per store. */
export function packageStore(project: NodeProject): {
  volume: string;
  path: string;
  env: Record<string, string>;
} {
  switch (project.manager) {
    case "npm":
      return {
        volume: "npm-cache",
        path: "/cache/npm",
        env: { npm_config_cache: "/cache/npm" },
      };
    case "pnpm":
      return {
        volume: "pnpm-store",
        path: "/cache/pnpm",
        env: {
          pnpm_config_store_dir: "/cache/pnpm",
          npm_config_store_dir: "/cache/pnpm",
        },
      };
    case "yarn":
      return project.yarnBerry
        ? {
            volume: "yarn-berry-cache",
            path: "/cache/yarn-berry",
            env: { YARN_GLOBAL_FOLDER: "/cache/yarn-berry" },
          }
        : {
            volume: "yarn-cache",
            path: "/cache/yarn",
            env: { YARN_CACHE_FOLDER: "/cache/yarn" },
          };
    case "bun":
      return {
        volume: "bun-cache",
        path: "/cache/bun",
        env: { BUN_INSTALL_CACHE_DIR: "/cache/bun" },
      };
  }
}

/** pnpm and Yarn 2+ come through corepack, which Node 24 ships; bun is installed from npm. */
export function setupArgv(
  project: NodeProject,
  bunVersion: string,
): string[][] {
  if (project.manager === "pnpm" || project.yarnBerry)
    return [["corepack", "enable"]];
  if (project.manager === "yarn" && project.version)
    return [["corepack", "enable"]];
  if (project.manager === "bun")
    return [
      [
        "npm",
        "install",
        "--global",
        "--no-audit",
        "--no-fund",
        `bun@${bunVersion}`,
      ],
    ];
  return [];
}

/**
 * Runs a binary the project installed. Straight from node_modules/.bin where there is
 * one: Yarn 1's `yarn <bin>` wraps the tool's stdout in "yarn run v1…", "$ …" and
 * "Done in …" lines. Yarn 2+ may use Plug'n'Play, so through `yarn run`, which prints
 * nothing of its own there; `--binaries-only`, or a script of the same name (`"eslint":
 * "eslint --fix"`) would run instead of the binary.
 */
export function binArgv(project: NodeProject, bin: string): string[] {
  return project.yarnBerry
    ? ["yarn", "run", "--binaries-only", bin]
    : [`node_modules/.bin/${bin}`];
}

/**
 * The name of a tool's cache file for this project. Prettier and ESLint drop the
 * entries of every file a run did not visit, so projects (or `paths` settings) that
 * share one engine need a file each, or they evict each other's. The `cacheKey`
 * setting when set; otherwise the root package.json's name (or, without one, the
 * names at the root) and the settings that choose the files, as a digest.
 */
export function toolCacheName(
  cacheKey: string,
  project: { packageJson?: PackageJson; rootFiles: readonly string[] },
  scope: unknown,
): string {
  if (cacheKey) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(cacheKey))
      throw new ProjectError(
        `cacheKey may hold letters, digits, ".", "_" and "-" (starting with a letter or digit); got "${cacheKey}".`,
      );
    return cacheKey;
  }
  const name = project.packageJson?.name;
  const identity = project.packageJson
    ? { name: name ?? null }
    : { rootFiles: [...project.rootFiles].sort() };
  const digest = createHash("sha256")
    .update(JSON.stringify([identity, scope]))
    .digest("hex")
    .slice(0, 12);
  const label =
    (name ?? "")
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .replace(/^[-.]+/, "")
      .slice(0, 40) || "project";
  return `${label}-${digest}`;
}

/**
 * The files, besides a file itself, that can change what a Node tool says of it: the
 * installed packages (package.json and lockfiles at any depth, package manager
 * settings), the tool's `configs` at any depth, and the project's own modules the
 * configs at the root import (`configTexts`): local rules and plugins. A tool cache
 * named after these files' digest starts afresh when one of them changes.
 */
export function cacheInputs(
  configs: readonly string[],
  configTexts: readonly string[],
): string[] {
  const local = configTexts.flatMap((text) =>
    [...text.matchAll(/["'`](\.{1,2}\/[^"'`\s]+)["'`]/g)].flatMap(([, spec]) =>
      localModule(spec!),
    ),
  );
  return [
    ...new Set([
      ...installInputs.map((p) => (p.startsWith("**/") ? p : `**/${p}`)),
      ...configs.map((c) => `**/${c}`),
      ...local,
    ]),
  ];
}

/** Patterns for a module a root config imports: its folder, or the file at the root. */
function localModule(spec: string): string[] {
  const parts = spec.split("/").filter((p) => p !== ".");
  if (parts.includes("..") || parts.length === 0) return [];
  if (parts.length > 1) return [parts.slice(0, -1).join("/")];
  const name = parts[0]!;
  return name.includes(".") ? [name] : [name, `${name}.*`];
}

/**
 * Files no formatter or linter run by a toolchain may rewrite or report: lockfiles, at
 * any depth (the toolchains never rewrite them), and what a Yarn 2+ install writes
 * into the project (.pnp.cjs, .pnp.loader.mjs, .pnp.data.json, .yarn/).
 */
export function installOwned(path: string): boolean {
  const name = path.split("/").pop()!;
  return (
    lockfiles.some(([lockfile]) => lockfile === name) ||
    yarnArtifacts.some((artifact) =>
      artifact.endsWith("/") ? path.startsWith(artifact) : path === artifact,
    )
  );
}

/** What a Yarn 2+ install writes into the project, relative to its root. */
export const yarnArtifacts: readonly string[] = [
  ".pnp.cjs",
  ".pnp.loader.mjs",
  ".pnp.data.json",
  ".yarn/",
];

export function dependsOn(
  packageJson: PackageJson | undefined,
  name: string,
): boolean {
  if (!packageJson) return false;
  const groups = [
    packageJson.dependencies,
    packageJson.devDependencies,
    packageJson.optionalDependencies,
  ];
  return groups.some((deps) => deps !== undefined && name in deps);
}

const staleLockfile: readonly RegExp[] = [
  /can only install packages when your package\.json and package-lock\.json/,
  /ERR_PNPM_OUTDATED_LOCKFILE/,
  /Your lockfile needs to be updated/,
  /YN0028/,
  /lockfile had changes, but lockfile is frozen/,
];

const localInstall: Record<PackageManager, string> = {
  npm: "npm install",
  pnpm: "pnpm install",
  yarn: "yarn install",
  bun: "bun install",
};

/** One actionable message for a failed install. */
export function explainInstallFailure(
  project: NodeProject,
  output: string,
): string {
  const argv = installArgv(project).join(" ");
  if (staleLockfile.some((pattern) => pattern.test(output))) {
    return [
      `The lockfile ${project.lockfile ?? ""} is out of date with package.json, so \`${argv}\` refused to install.`,
      `Run \`${localInstall[project.manager]}\` and commit the updated lockfile; this toolchain never rewrites it.`,
    ].join("\n");
  }
  return [
    `Installing the project's dependencies with \`${argv}\` failed (${project.manager}, chosen by ${project.reason}).`,
    "Its output ends with:",
    lastLines(output, 20),
  ].join("\n");
}
