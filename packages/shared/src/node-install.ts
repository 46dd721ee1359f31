// The install step of a Node project, as a Dagger pipeline: it sees only the files an
// install reads, so editing sources never re-runs it, and keeps package stores on
// cache volumes.
import { Container, dag, Directory, ReturnType } from "@dagger.io/dagger";
import {
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

export interface ProjectFacts {
  /** Absent when the source has no package.json. */
  project?: NodeProject;
  packageJson?: PackageJson;
  /** Names at the source's root. */
  rootFiles: string[];
}

/** Reads the few files package manager detection needs. */
export async function readProject(
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
    project: detectProject(requested, { packageJson, rootFiles, yarnLockHead }),
  };
}

/** The container with the project's dependencies installed in /src, before its sources arrive. */
export async function installDependencies(
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
