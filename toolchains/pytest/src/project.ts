// What the project's own files say: which installer, which Python, which extras and
// groups hold the test dependencies, and which pytest plugins it already has.
import { ProjectError } from "./shared/text.js";
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
  /** Contents of the files in `projectFiles`, the lockfiles and the requirement files, by path. */
  contents: Record<string, string>;
  /** The requirements setting: the files pip installs; empty: chosen for tests. */
  requirements?: string[];
}

export interface Project {
  installer: Installer;
  pyproject?: TomlTables;
  /** The requirement files pip installs (the chosen ones and those they include). */
  requirementFiles: string[];
  /** The contents of `requirementFiles`, by path. */
  requirementContents: Record<string, string>;
  /** The installer's lockfile text, when it has one. */
  lockText?: string;
  /** The text that lists dependencies: pyproject.toml, setup.*, requirement files. */
  dependencyText: string;
  /** The project itself is a package to install (it has a build system or setup.py). */
  isPackage: boolean;
}

export const lockfileNames = ["uv.lock", "poetry.lock", "pdm.lock"];
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
  const requirementFiles: string[] = [];
  if (installer === "pip") {
    const pending = chooseRequirementFiles(
      input.requirementFiles,
      input.requirements ?? [],
    );
    for (let f = pending.shift(); f !== undefined; f = pending.shift()) {
      if (requirementFiles.includes(f) || input.contents[f] === undefined)
        continue;
      requirementFiles.push(f);
      pending.push(...includedRequirementFiles(f, input.contents[f]));
    }
  }
  const requirementContents = Object.fromEntries(
    requirementFiles.map((f) => [f, input.contents[f] ?? ""]),
  );
  const dependencyText = [
    pyprojectText,
    input.contents["setup.cfg"],
    input.contents["setup.py"],
    ...(installer === "pip"
      ? Object.values(requirementContents)
      : input.requirementFiles.map((f) => input.contents[f])),
  ]
    .filter((t) => t !== undefined)
    .join("\n");
  return {
    installer,
    pyproject,
    requirementFiles,
    requirementContents,
    lockText: lock ? input.contents[lock] : undefined,
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

/** Requirement files for tests, in the order they are looked for. */
const testRequirementNames = [
  /^requirements[-_.]tests?\.txt$/,
  /^tests?[-_.]requirements\.txt$/,
  /^requirements[-_.]testing\.txt$/,
  /^requirements\/tests?\.txt$/,
  /^requirements\/testing\.txt$/,
];
const devRequirementNames = [
  /^requirements[-_.]dev\.txt$/,
  /^dev[-_.]requirements\.txt$/,
  /^requirements\/dev\.txt$/,
];
const baseRequirementNames = [
  /^requirements\.txt$/,
  /^requirements\/base\.txt$/,
];

/**
 * The requirement files to install: the setting, or else the base file
 * (requirements.txt, requirements/base.txt) with the first test file
 * (requirements-test.txt, test-requirements.txt, requirements/test.txt ...), else the
 * first dev file. Docs, lint and per-Python variants are left out: installed together
 * they conflict.
 */
export function chooseRequirementFiles(
  found: string[],
  setting: string[],
): string[] {
  if (setting.length) {
    const missing = setting.filter((f) => !found.includes(f));
    if (missing.length)
      throw new ProjectError(
        `The requirements setting names ${missing.join(", ")}, which the source does not have at its root or in requirements/ ` +
          `(found: ${found.join(", ") || "none"}).`,
      );
    return setting;
  }
  const first = (patterns: RegExp[]) =>
    patterns.map((p) => found.find((f) => p.test(f))).find((f) => f);
  const base = first(baseRequirementNames);
  const extra = first(testRequirementNames) ?? first(devRequirementNames);
  const chosen = [base, extra].filter((f) => f !== undefined);
  if (!chosen.length)
    throw new ProjectError(
      `None of the requirement files (${found.join(", ")}) is requirements.txt or a test or dev requirement file. ` +
        'Set requirements to the files the tests need, like ["requirements/ci.txt"].',
    );
  return chosen;
}

/** Files a requirement file includes with -r or -c, relative to the source root. */
export function includedRequirementFiles(path: string, text: string): string[] {
  const dir = path.includes("/")
    ? path.slice(0, path.lastIndexOf("/") + 1)
    : "";
  return text.split("\n").flatMap((line) => {
    const m = line
      .replace(/(^|\s)#.*$/, "")
      .trim()
      .match(/^(?:-r|-c|--requirement|--constraint)(?:\s+|=)(\S+)$/);
    if (!m || /^[a-z+]+:\/\//.test(m[1]!)) return [];
    const parts: string[] = [];
    for (const part of `${dir}${m[1]}`.split("/"))
      if (part === "..") parts.pop();
      else if (part !== "." && part !== "") parts.push(part);
    return [parts.join("/")];
  });
}

/**
 * Whether a requirement line names something in the source (`-e .`, `-e ./libs/x`,
 * `./pkg`, `../x`, `file:...`, `name @ file:...`): it cannot install before the source is there.
 */
export function isLocalRequirement(line: string): boolean {
  const text = line.replace(/(^|\s)#.*$/, "").trim();
  const target = text.match(/^(?:-e|--editable)(?:\s+|=)(\S+)/)?.[1] ?? text;
  if (/^[a-z][a-z0-9+.-]*\+[a-z]+:\/\//i.test(target)) return false; // git+https://...
  return (
    /^(\.|\/|file:)/.test(target) ||
    /@\s*file:/.test(text) ||
    (/^(-e|--editable)\b/.test(text) && !/^[a-z]+:\/\//i.test(target))
  );
}

/** A requirement file without its local references, for the step before the source. */
export function withoutLocalRequirements(text: string): string {
  return text
    .split("\n")
    .map((line) =>
      isLocalRequirement(line) ? `# (installed with the source) ${line}` : line,
    )
    .join("\n");
}

/** Whether the requirement files install the project itself (`-e .`, `.`). */
export function requirementsInstallProject(project: Project): boolean {
  return Object.values(project.requirementContents).some((text) =>
    text
      .split("\n")
      .some((line) =>
        /^(?:(?:-e|--editable)(?:\s+|=))?\.\/?(\[[^\]]*\])?$/.test(
          line.replace(/(^|\s)#.*$/, "").trim(),
        ),
      ),
  );
}

/**
 * PDM's groups to name with -G: naming any group makes PDM drop the dev groups not
 * named, so every dev group is named, then the selected extras and groups.
 */
export function pdmGroups(
  project: Project,
  extras: string[],
  groups: string[],
): string[] {
  const keys = project.pyproject?.keys ?? new Map<string, string[]>();
  const dev = [
    ...(keys.get("tool.pdm.dev-dependencies") ?? []),
    ...(keys.get("dependency-groups") ?? []),
  ];
  const named = [...new Set([...dev, ...extras, ...groups])];
  return extras.length || groups.some((g) => !dev.includes(g)) ? named : [];
}

/**
 * Debian packages the slim image lacks and the project's lockfile needs: git for git
 * dependencies, a compiler for locked packages that come only as source.
 */
export function neededSystemPackages(project: Project): string[] {
  const text = `${project.lockText ?? ""}\n${project.dependencyText}`;
  const git =
    /\bgit\+(https?|ssh|git|file):|^\s*source\s*=\s*\{\s*git\s*=|^\s*type\s*=\s*"git"|^\s*git\s*=\s*"|\{[^}]*\bgit\s*=/m.test(
      text,
    );
  const sourceOnly = (project.lockText ?? "")
    .split(/^\[\[package\]\]/m)
    .slice(1)
    .some(
      (block) => /\.(tar\.gz|zip)["']/.test(block) && !/\.whl["']/.test(block),
    );
  return [...(git ? ["git"] : []), ...(sourceOnly ? ["build-essential"] : [])];
}
