// Copied from packages/shared/src/node.ts by `npm run sync-shared`: edit it there.
// The project's own Node tool, installed: what the Node toolchains (eslint, prettier)
// run. The install step sees only the files an install reads, so editing sources never
// re-runs it, and keeps package stores on cache volumes.
import { Container, dag, Directory, ReturnType } from "@dagger.io/dagger";
import {
  binArgv,
  cacheInputs,
  dependsOn,
  detectProject,
  explainInstallFailure,
  installArgv,
  installInputs,
  packageStore,
  parsePackageJson,
  setupArgv,
  type NodeProject,
  type PackageJson,
} from "./node-project.js";
import { ProjectError } from "./text.js";

/** What the project's root says. */
export interface ProjectFacts {
  /** How the project installs; absent when the source has no package.json. */
  install?: NodeProject;
  packageJson?: PackageJson;
  /** Names at the source's root. */
  rootFiles: string[];
}

/** A tool ready to run on the project. */
export interface ProjectTool {
  /** With the project's dependencies installed in /src, before its sources arrive. */
  container: Container;
  /** The command that runs the tool, before its arguments. */
  argv: string[];
  project: ProjectFacts;
}

/** The settings every Node toolchain has. */
export interface NodeSettings {
  source: Directory;
  baseImageAddress: string;
  /** auto, npm, pnpm, yarn or bun. */
  packageManager: string;
  bunVersion: string;
}

/**
 * When the project has no package.json, or does not depend on the tool: what says how
 * to add it (thrown as a ProjectError), or a tool to run instead.
 */
export type MissingTool = (
  project: ProjectFacts,
  base: Container,
) => string | Omit<ProjectTool, "project">;

/**
 * The project's own `tool` (the package, and its binary of the same name), installed
 * with the project's package manager and lockfile.
 */
export async function projectTool(
  s: NodeSettings,
  tool: string,
  missing: MissingTool,
): Promise<ProjectTool> {
  const project = await readProject(s.source, s.packageManager);
  const base = dag.container().from(s.baseImageAddress);
  if (!project.install || !dependsOn(project.packageJson, tool)) {
    const instead = missing(project, base);
    if (typeof instead === "string") throw new ProjectError(instead);
    return { ...instead, project };
  }
  return {
    container: await installDependencies(
      base,
      s.source,
      project.install,
      s.bunVersion,
    ),
    argv: binArgv(project.install, tool),
    project,
  };
}

/** Reads the few files package manager detection needs. */
async function readProject(
  source: Directory,
  requested: string,
): Promise<ProjectFacts> {
  const rootFiles = await source.entries();
  if (!rootFiles.includes("package.json")) {
    detectProject(requested, { rootFiles }); // still rejects an unknown packageManager setting
    return { rootFiles };
  }
  const packageJson = parsePackageJson(
    await source.file("package.json").contents(),
  );
  const yarnLockHead = rootFiles.includes("yarn.lock")
    ? await source.file("yarn.lock").contents({ limitLines: 3 })
    : undefined;
  return {
    packageJson,
    rootFiles,
    install: detectProject(requested, { packageJson, rootFiles, yarnLockHead }),
  };
}

/** The container with the project's dependencies installed in /src, before its sources arrive. */
async function installDependencies(
  base: Container,
  source: Directory,
  project: NodeProject,
  bunVersion: string,
): Promise<Container> {
  const store = packageStore(project);
  let ctr = base
    .withMountedCache(store.path, dag.cacheVolume(store.volume))
    .withMountedCache("/cache/corepack", dag.cacheVolume("corepack"))
    .withEnvVariable("COREPACK_HOME", "/cache/corepack")
    .withEnvVariable("COREPACK_ENABLE_DOWNLOAD_PROMPT", "0");
  for (const [name, value] of Object.entries(store.env))
    ctr = ctr.withEnvVariable(name, value);
  // bun comes from npm: its download is kept on npm's cache volume too.
  if (project.manager === "bun")
    ctr = ctr
      .withMountedCache("/cache/npm", dag.cacheVolume("npm-cache"))
      .withEnvVariable("npm_config_cache", "/cache/npm");
  for (const argv of setupArgv(project, bunVersion)) ctr = ctr.withExec(argv);
  const installed = ctr
    .withDirectory("/src", source, { include: [...installInputs] })
    .withWorkdir("/src")
    .withExec(installArgv(project), { expect: ReturnType.Any });
  if ((await installed.exitCode()) !== 0) {
    const output = `${await installed.stdout()}\n${await installed.stderr()}`;
    throw new ProjectError(explainInstallFailure(project, output));
  }
  return installed;
}

/**
 * A digest of what can change the tool's verdict on a file besides the file itself
 * (see cacheInputs), for naming a tool cache that must never outlive it.
 */
export async function cacheScope(
  source: Directory,
  configs: readonly string[],
): Promise<string> {
  const found = (await Promise.all(configs.map((c) => source.glob(c))))
    .flat()
    .filter((p) => !p.endsWith("/"));
  const texts = await Promise.all(found.map((p) => source.file(p).contents()));
  return source
    .filter({
      include: cacheInputs(configs, texts),
      exclude: ["**/node_modules"],
    })
    .digest();
}
