// What the project's own trivy files are: the config to pass with --config, the one
// ignore file trivy should read, and the CA file the config names, checked against the
// settings and the source.
import { posix } from "node:path";
import { sourceDir } from "./argv.js";
import { ProjectError } from "./shared/text.js";

/** The settings that name the project's trivy files. */
export interface FileSettings {
  configFile: string;
  ignoreFile: string;
}

/** The project's trivy files the steps read, when it has them. */
export interface ProjectFiles {
  config?: string;
  ignoreFile?: string;
  /** The CA file the config names (`cacert`), as a path in the source. */
  caCert?: string;
}

/** How the source answers: whether a path exists, and a file's text. */
export interface Source {
  exists(path: string): Promise<boolean>;
  read(path: string): Promise<string>;
}
type Exists = Source["exists"];

export async function projectFiles(
  s: FileSettings,
  source: Source,
): Promise<ProjectFiles> {
  const exists: Exists = (path) => source.exists(path);
  const config = await configFile(s.configFile, exists);
  return {
    config,
    ignoreFile: await ignoreFile(s.ignoreFile, exists),
    caCert: config
      ? await caCertFile(config, await source.read(config), exists)
      : undefined,
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

/**
 * The value of trivy's top-level `cacert` key (same as --cacert), or undefined when it
 * is unset or empty. Keys are case-insensitive, as viper reads them.
 */
export function caCertSetting(configText: string): string | undefined {
  for (const line of configText.split(/\r?\n/)) {
    const m = /^cacert[ \t]*:(.*)$/i.exec(line);
    if (!m) continue;
    const raw = m[1]!.trim();
    const quoted = /^(["'])(.*)\1(?:\s+#.*)?$/.exec(raw);
    const value = quoted ? quoted[2]! : raw.replace(/(^|\s+)#.*$/, "").trim();
    return value || undefined;
  }
  return undefined;
}

/**
 * The CA file trivy.yaml names, as a path in the source. trivy reads `cacert` from its
 * working directory, which is the repository root here, so a relative path is taken
 * from the root; an absolute one must point into the mounted source.
 */
async function caCertFile(
  config: string,
  text: string,
  exists: Exists,
): Promise<string | undefined> {
  const named = caCertSetting(text);
  if (!named) return undefined;
  const inSource = posix.relative(sourceDir, posix.resolve(sourceDir, named));
  const outside =
    inSource === "" || inSource === ".." || inSource.startsWith("../");
  if (outside || !(await exists(inSource)))
    throw new ProjectError(
      `${config} names the CA file "${named}" (cacert), but the repository has no such file: ` +
        "trivy runs in a container that sees only the repository. " +
        "Commit the CA file and name it by its path from the repository root (for example cacert: certs/ca.pem).",
    );
  return inSource;
}
