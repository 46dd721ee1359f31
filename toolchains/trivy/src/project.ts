// What the project's own trivy files are: the config to pass with --config and the one
// ignore file trivy should read, checked against the settings that name them.
import { ProjectError } from "./shared/text.js";

/** The settings that name the project's trivy files. */
export interface FileSettings {
  configFile: string;
  ignoreFile: string;
}

/** The project's trivy files the scans pass explicitly, when it has them. */
export interface ProjectFiles {
  config?: string;
  ignoreFile?: string;
}

/** Whether a path exists in the source. */
export type Exists = (path: string) => Promise<boolean>;

export async function projectFiles(
  s: FileSettings,
  exists: Exists,
): Promise<ProjectFiles> {
  return {
    config: await configFile(s.configFile, exists),
    ignoreFile: await ignoreFile(s.ignoreFile, exists),
  };
}

/** The config file when the project has it; only the default may be missing. */
async function configFile(
  setting: string,
  exists: Exists,
): Promise<string | undefined> {
  if (await exists(setting)) return setting;
  if (setting !== "trivy.yaml")
    throw new ProjectError(
      `configFile "${setting}" is not in the repository. Fix the setting, or set it back to trivy.yaml.`,
    );
  return undefined;
}

/** trivy reads one ignore file, and .trivyignore.yaml only when named: pick it explicitly. */
async function ignoreFile(
  setting: string,
  exists: Exists,
): Promise<string | undefined> {
  if (setting) {
    if (!(await exists(setting)))
      throw new ProjectError(
        `ignoreFile "${setting}" is not in the repository. Fix the setting, or leave it empty to use .trivyignore.yaml or .trivyignore.`,
      );
    return setting;
  }
  const yaml = await exists(".trivyignore.yaml");
  const plain = await exists(".trivyignore");
  if (yaml && plain)
    throw new ProjectError(
      "The repository has both .trivyignore.yaml and .trivyignore, and trivy reads only one. " +
        "Move the entries of .trivyignore into .trivyignore.yaml and delete it, or set ignoreFile to the one to use.",
    );
  return yaml ? ".trivyignore.yaml" : plain ? ".trivyignore" : undefined;
}
