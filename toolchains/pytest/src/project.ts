// What the project's own files say: which installer, which Python, which extras and
// groups hold the test dependencies, and which pytest plugins it already has.
import { readToml, type TomlTables } from "./toml.js";

export type Installer = "uv" | "poetry" | "pdm" | "pip" | "pyproject" | "none";
export const installerSettings = [
  "auto",
  "uv",
  "poetry",
  "pdm",
  "pip",
  "pyproject",
] as const;

export class ProjectError extends Error {}

/** Root files read to understand the project (all small). */
export const projectFiles = [
  "pyproject.toml",
  ".python-version",
  "setup.cfg",
  "setup.py",
];

/** requirements.txt, requirements-dev.txt, dev-requirements.txt, requirements/*.txt ... */
export function isRequirementsFile(path: string): boolean {
  return (
    /^(?:[\w.-]*requirements[\w.-]*)\.txt$/.test(path) ||
    /^requirements\/[\w.-]+\.txt$/.test(path)
  );
}

export interface ProjectInput {
  /** Entries of the source root (directories end in "/"). */
  rootEntries: string[];
  /** Requirement files found (root and requirements/). */
  requirementFiles: string[];
  /** Contents of the files in `projectFiles` and of the requirement files, by path. */
  contents: Record<string, string>;
}

export interface Project {
  installer: Installer;
  pyproject?: TomlTables;
  requirementFiles: string[];
  /** The text that lists dependencies: pyproject.toml, setup.*, requirement files. */
  dependencyText: string;
  /** The project itself is a package to install (it has a build system or setup.py). */
  isPackage: boolean;
}

const lockfiles: [string, Installer][] = [
  ["uv.lock", "uv"],
  ["poetry.lock", "poetry"],
  ["pdm.lock", "pdm"],
];

export function detectProject(input: ProjectInput, setting: string): Project {
  if (!(installerSettings as readonly string[]).includes(setting))
    throw new ProjectError(
      `installer must be one of ${installerSettings.join(", ")}; got "${setting}".`,
    );
  const has = (name: string) => input.rootEntries.includes(name);
  const pyprojectText = input.contents["pyproject.toml"];
  const pyproject =
    pyprojectText === undefined ? undefined : readToml(pyprojectText);
  const detected: Installer =
    lockfiles.find(([file]) => has(file))?.[1] ??
    (input.requirementFiles.length
      ? "pip"
      : pyproject || has("setup.py") || has("setup.cfg")
        ? "pyproject"
        : "none");
  const installer = setting === "auto" ? detected : (setting as Installer);
  const lock = lockfiles.find(([, name]) => name === installer)?.[0];
  if (lock && !has(lock))
    throw new ProjectError(
      `The installer setting is ${installer}, but there is no ${lock} at the root of the source. ` +
        `Create it (${installer} lock) and commit it, or set installer to auto.`,
    );
  if (installer === "pip" && !input.requirementFiles.length)
    throw new ProjectError(
      "The installer setting is pip, but there is no requirements*.txt (or requirements/*.txt) at the root of the source.",
    );
  const dependencyText = [
    pyprojectText,
    input.contents["setup.cfg"],
    input.contents["setup.py"],
    ...input.requirementFiles.map((f) => input.contents[f]),
  ]
    .filter((t) => t !== undefined)
    .join("\n");
  return {
    installer,
    pyproject,
    requirementFiles: installer === "pip" ? input.requirementFiles : [],
    dependencyText,
    isPackage:
      !!pyproject?.keys.has("build-system") ||
      has("setup.py") ||
      has("setup.cfg"),
  };
}

/** Whether a dependency list names a package (names compare as PEP 503 normalizes them). */
export function dependsOn(project: Project, name: string): boolean {
  const pattern = name.split(/[-_.]/).join("[-_.]");
  return new RegExp(`(^|["'\\s,])${pattern}\\s*([<>=!~;\\[@"',]|$)`, "im").test(
    project.dependencyText,
  );
}

const testNames = ["test", "tests", "testing"];

/**
 * The extras to install: the setting, or else the optional-dependency groups named
 * test, tests or testing.
 */
export function selectedExtras(project: Project, setting: string[]): string[] {
  if (setting.length) return setting;
  const extras = [
    ...(project.pyproject?.keys.get("project.optional-dependencies") ?? []),
    ...(project.pyproject?.keys.get("tool.poetry.extras") ?? []),
    // setup.py's extras_require={"test": [...]} and setup.cfg's [options.extras_require]
    ...[
      ...project.dependencyText.matchAll(
        /["'](\w+)["']\s*:\s*\[|^(\w+)\s*=\s*$/gm,
      ),
    ].map((m) => m[1] ?? m[2]!),
  ];
  return testNames.filter((n) => extras.includes(n));
}

/**
 * The dependency groups to install beyond the installer's defaults: the setting, or
 * else the groups named test, tests or testing (PEP 735, Poetry or PDM dev groups).
 */
export function selectedGroups(project: Project, setting: string[]): string[] {
  if (setting.length) return setting;
  const keys = project.pyproject?.keys ?? new Map<string, string[]>();
  const groups = new Set([
    ...(keys.get("dependency-groups") ?? []),
    ...(keys.get("tool.pdm.dev-dependencies") ?? []),
    ...[...keys.keys()]
      .map((t) => t.match(/^tool\.poetry\.group\.([^.]+)/)?.[1])
      .filter((g) => g !== undefined),
  ]);
  return testNames.filter((n) => groups.has(n));
}

/** A Poetry project with package-mode = false has no root package to install. */
export function poetryPackageMode(project: Project): boolean {
  const text = project.dependencyText;
  return !/^\s*package-mode\s*=\s*false\b/m.test(text);
}

/** Whether [project] lists its dependencies statically, so they install without building. */
export function staticDependencies(project: Project): boolean {
  const tables = project.pyproject;
  if (!tables?.keys.has("project")) return false;
  const dynamic = tables.values.get("project.dynamic");
  return !(
    Array.isArray(dynamic) &&
    dynamic.some((d) => d === "dependencies" || d === "optional-dependencies")
  );
}
