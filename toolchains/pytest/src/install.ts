// How each installer puts the project's test environment into /venv without ever
// rewriting a lockfile: what it runs before the project's files arrive, with only the
// files the install reads, and with the whole source; and what its failures mean.
import {
  neededSystemPackages,
  pdmGroups,
  requirementsInstallProject,
  selectedExtras,
  selectedGroups,
  staticDependencies,
  includedRequirementFiles,
  isLocalRequirement,
  withoutLocalRequirements,
  type Installer,
  type Project,
} from "./project.js";
import { lastLines, stripAnsi } from "./shared/text.js";

export const venv = "/venv";

export interface InstallPlan {
  env: Record<string, string>;
  caches: { path: string; volume: string }[];
  /** Before any project file arrives: system packages, installer tools, the virtualenv. */
  setup: string[][];
  /** Files written over the install inputs for the dependency step only (path → text). */
  dependencyFiles: Record<string, string>;
  /** Patterns (from the source root) of the only files the dependency step sees. */
  installInputs: string[];
  /** With only `installInputs` in /src: the dependencies, never the project itself. */
  dependencies: string[][];
  /** With the whole source in /src: the project itself. */
  project: string[][];
}

export interface InstallSettings {
  extras: string[];
  groups: string[];
  poetryVersion: string;
  pdmVersion: string;
  systemPackages: string[];
}

const uvEnv = {
  UV_CACHE_DIR: "/cache/uv",
  UV_LINK_MODE: "copy",
  UV_PYTHON_DOWNLOADS: "never",
  // The image's Python, even when .python-version names another patch release.
  UV_PYTHON: "python3",
  UV_TOOL_DIR: "/opt/uv-tools",
  UV_TOOL_BIN_DIR: "/usr/local/bin",
  VIRTUAL_ENV: venv,
};
const uvCache = { path: "/cache/uv", volume: "uv-cache" };
/**
 * PDM 2.x declares hishel and unearth without upper bounds, and their newer releases
 * break it (hishel 2 dropped SyncSqliteStorage; unearth 0.19's client fails httpx's
 * init): a fresh `uv tool install pdm` cannot run `pdm sync` at all.
 */
const pdmPins = ["--with", "hishel<2", "--with", "unearth<0.19"];

const flags = (flag: string, values: string[]) =>
  values.flatMap((v) => [flag, v]);

/** Installs Debian packages the slim image lacks, before anything else. */
export function systemPackagesArgv(
  project: Project,
  setting: string[],
): string[] | undefined {
  const packages = [
    ...new Set([...neededSystemPackages(project), ...setting]),
  ].sort();
  return packages.length
    ? [
        "sh",
        "-c",
        `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${packages.join(" ")} && rm -rf /var/lib/apt/lists/*`,
      ]
    : undefined;
}

export function installPlan(project: Project, s: InstallSettings): InstallPlan {
  const plan = installerPlan(project, s);
  const system = systemPackagesArgv(project, s.systemPackages);
  return system ? { ...plan, setup: [system, ...plan.setup] } : plan;
}

function installerPlan(project: Project, s: InstallSettings): InstallPlan {
  const extras = selectedExtras(project, s.extras);
  const groups = selectedGroups(project, s.groups);
  const plain: InstallPlan = {
    env: { ...uvEnv },
    caches: [uvCache],
    setup: [],
    dependencyFiles: {},
    installInputs: [],
    dependencies: [],
    project: [],
  };
  const pythonVenv = ["python3", "-m", "venv", venv];
  switch (project.installer) {
    case "uv": {
      const selection = [
        ...flags("--extra", extras),
        ...flags("--group", groups),
      ];
      return {
        ...plain,
        env: { ...uvEnv, UV_PROJECT_ENVIRONMENT: venv },
        installInputs: [
          "pyproject.toml",
          "uv.lock",
          ".python-version",
          "uv.toml",
          "**/pyproject.toml",
        ],
        // --locked fails on a stale lock; the project and workspace members, whose
        // sources are not there yet, wait for the second step.
        dependencies: [
          ["uv", "sync", "--locked", "--no-install-workspace", ...selection],
        ],
        // --inexact keeps the plugins the toolchain added in between.
        project: [["uv", "sync", "--frozen", "--inexact", ...selection]],
      };
    }
    case "poetry": {
      const selection = [
        ...(groups.length ? ["--with", groups.join(",")] : []),
        ...flags("--extras", extras),
      ];
      return {
        ...plain,
        env: {
          ...uvEnv,
          POETRY_CACHE_DIR: "/cache/poetry",
          POETRY_NO_INTERACTION: "1",
        },
        caches: [uvCache, { path: "/cache/poetry", volume: "poetry-cache" }],
        setup: [
          ["uv", "tool", "install", `poetry==${s.poetryVersion}`],
          pythonVenv,
        ],
        installInputs: ["pyproject.toml", "poetry.lock", "poetry.toml"],
        dependencies: [
          ["poetry", "install", "--no-root", "--no-directory", ...selection],
        ],
        // Path dependencies and the root (unless package-mode = false) need the source:
        // `--only-root` would skip the path dependencies.
        project: [["poetry", "install", ...selection]],
      };
    }
    case "pdm": {
      const selection = flags("-G", pdmGroups(project, extras, groups));
      return {
        ...plain,
        env: {
          ...uvEnv,
          PDM_CACHE_DIR: "/cache/pdm",
          PDM_PYTHON: `${venv}/bin/python`,
          PDM_CHECK_UPDATE: "false",
          PDM_NON_INTERACTIVE: "1",
        },
        caches: [uvCache, { path: "/cache/pdm", volume: "pdm-cache" }],
        setup: [
          ["uv", "tool", "install", `pdm==${s.pdmVersion}`, ...pdmPins],
          pythonVenv,
        ],
        installInputs: ["pyproject.toml", "pdm.lock", "pdm.toml"],
        // `pdm sync` only warns on a stale lock: `pdm lock --check` fails on one.
        dependencies: [
          ["pdm", "lock", "--check"],
          ["pdm", "sync", "--no-self", ...selection],
        ],
        project: [["pdm", "sync", ...selection]],
      };
    }
    case "pip": {
      // Only the chosen files go to pip; those they include (-r, -c) come along.
      const pipFiles = flags(
        "-r",
        project.requirementFiles.filter((f) => !includedBy(project, f)),
      );
      return {
        ...plain,
        env: {
          ...uvEnv,
          PIP_CACHE_DIR: "/cache/pip",
          PIP_DISABLE_PIP_VERSION_CHECK: "1",
          PIP_NO_INPUT: "1",
          PIP_ROOT_USER_ACTION: "ignore",
        },
        caches: [uvCache, { path: "/cache/pip", volume: "pip-cache" }],
        setup: [pythonVenv],
        installInputs: [...project.requirementFiles, "constraints*.txt"],
        // Local references (-e ., -e ./libs/x, ./pkg) wait for the source.
        dependencyFiles: Object.fromEntries(
          Object.entries(project.requirementContents).flatMap(([f, text]) =>
            text.split("\n").some(isLocalRequirement)
              ? [[f, withoutLocalRequirements(text)]]
              : [],
          ),
        ),
        dependencies: [[`${venv}/bin/pip`, "install", ...pipFiles]],
        project: [
          ...(Object.values(project.requirementContents).some((t) =>
            t.split("\n").some(isLocalRequirement),
          )
            ? [[`${venv}/bin/pip`, "install", ...pipFiles]]
            : []),
          ...(project.isPackage && !requirementsInstallProject(project)
            ? [[`${venv}/bin/pip`, "install", "--no-deps", "-e", "."]]
            : []),
        ],
      };
    }
    case "pyproject": {
      const setup = [["uv", "venv", venv]];
      if (staticDependencies(project))
        return {
          ...plain,
          setup,
          installInputs: ["pyproject.toml"],
          dependencies: [
            [
              "uv",
              "pip",
              "install",
              "-r",
              "pyproject.toml",
              ...flags("--extra", extras),
              ...flags("--group", groups),
            ],
          ],
          project: project.isPackage
            ? [["uv", "pip", "install", "--no-deps", "-e", "."]]
            : [],
        };
      // Dependencies computed by setup.py or declared dynamic need the whole source.
      const target = extras.length ? `.[${extras.join(",")}]` : ".";
      return {
        ...plain,
        setup,
        project: project.isPackage
          ? [
              [
                "uv",
                "pip",
                "install",
                "-e",
                target,
                ...flags("--group", groups),
              ],
            ]
          : [],
      };
    }
    case "none":
      return { ...plain, setup: [["uv", "venv", venv]] };
  }
}

/** Whether another chosen requirement file includes this one with -r or -c. */
function includedBy(project: Project, file: string): boolean {
  return Object.entries(project.requirementContents).some(
    ([other, text]) =>
      other !== file && includedRequirementFiles(other, text).includes(file),
  );
}

/** Adds the pytest plugins the run needs and the project lacks. */
export function toolsArgv(packages: string[]): string[] | undefined {
  return packages.length
    ? ["uv", "pip", "install", "--python", `${venv}/bin/python`, ...packages]
    : undefined;
}

const lockfileOf: Partial<Record<Installer, string>> = {
  uv: "uv.lock",
  poetry: "poetry.lock",
  pdm: "pdm.lock",
};

function staleLock(installer: Installer, output: string): boolean {
  switch (installer) {
    case "uv":
      return /needs to be updated, but `--locked` was provided/.test(output);
    case "poetry":
      return /changed significantly since poetry\.lock was last generated/.test(
        output,
      );
    case "pdm":
      return /Lockfile is out of date|Please run `pdm lock`/i.test(output);
    default:
      return false;
  }
}

/** What a failed install step means, and what to do about it. */
export function explainInstallFailure(
  installer: Installer,
  argv: string[],
  exitCode: number,
  rawOutput: string,
  settings: Pick<InstallSettings, "poetryVersion">,
): string {
  const output = stripAnsi(rawOutput);
  const lock = lockfileOf[installer];
  // Without stdout the output starts with a blank line: not worth showing.
  const end = lastLines(output.trimStart(), 30);
  if (lock && staleLock(installer, output))
    return (
      `${lock} is out of date with pyproject.toml. Run \`${installer} lock\` and commit ${lock}; ` +
      `this toolchain installs exactly what the lock says and never rewrites it.\n${end}`
    );
  if (installer === "uv" && /Failed to parse `uv\.lock`/.test(output))
    return `uv.lock cannot be read. Regenerate it with \`uv lock\` and commit it.\n${end}`;
  if (
    installer === "poetry" &&
    /not compatible with the current version of Poetry/.test(output)
  )
    return (
      `poetry.lock was written by a newer Poetry than ${settings.poetryVersion}. ` +
      `Set poetryVersion to the Poetry that wrote it.\n${end}`
    );
  if (/THESE PACKAGES DO NOT MATCH THE HASHES/.test(output))
    return `A downloaded package does not match the hash in the requirements file. Regenerate the hashes (pip-compile --generate-hashes, uv pip compile --generate-hashes) and commit them.\n${end}`;
  return (
    `Installing the project with \`${argv.join(" ")}\` failed (exit code ${exitCode}). ` +
    `Its output ends with:\n${end}`
  );
}
