// What the toolchain learns from the source before anything runs: the modules to lint,
// the Go version they need, and setup mistakes it can name without running the tool.
import {
  normalizeRelease,
  parseVersion,
  planTool,
  type ToolPlan,
  type Version,
} from "./go-version.js";
import {
  cleanDir,
  configFor,
  configNames,
  configVersion,
  gitHistorySetting,
  modulesFromGoMods,
  modulesFromGoWork,
  parseDirectives,
  targetGo,
} from "./modules.js";
import { migrateAdvice } from "./outcome.js";
import { ProjectError } from "./shared/text.js";

/** The reads the toolchain needs from the source Directory. */
export interface SourceReader {
  glob(pattern: string): Promise<string[]>;
  read(path: string): Promise<string>;
}

/** The settings that decide what is linted and which golangci-lint runs. */
export interface ProjectSettings {
  version: string;
  goVersion: string;
  modules: readonly string[];
  config: string;
  newFromRev: string;
}

export interface Project {
  release: string;
  /** Module directories to lint, relative to the repository root, shallow first. */
  modules: string[];
  /** Where `go mod download` runs: the workspace root, or each module not vendored. */
  downloads: string[];
  /** A go.work workspace: `go mod download` there also asks for the versions its modules require of each other. */
  workspace: boolean;
  target?: Version;
  plan: ToolPlan;
}

const inDir = (dir: string, path: string) =>
  dir === "." || path.startsWith(`${dir}/`);

/** Inside the module, not in a nested module's vendor/ or testdata/. */
const goFileOf = (dir: string) => (path: string) =>
  inDir(dir, path) &&
  !(dir === "." ? path : path.slice(dir.length + 1))
    .split("/")
    .slice(0, -1)
    .some((p) => p === "vendor" || p === "testdata" || p.startsWith("."));

export function v1ConfigMessage(path: string): string {
  return (
    `${path} is a golangci-lint v1 config (it has no \`version: "2"\`), and this toolchain runs golangci-lint v2. ` +
    migrateAdvice("it")
  );
}

async function moduleDirs(
  src: SourceReader,
  s: ProjectSettings,
  goMods: ReadonlySet<string>,
): Promise<{ dirs: string[]; goWork: boolean }> {
  if (s.modules.length) return { dirs: s.modules.map(cleanDir), goWork: false };
  if ((await src.glob("go.work")).length)
    return {
      dirs: modulesFromGoWork(await src.read("go.work")),
      goWork: true,
    };
  return { dirs: modulesFromGoMods([...goMods]), goWork: false };
}

const goModOf = (dir: string) => (dir === "." ? "go.mod" : `${dir}/go.mod`);

/** Checks the configs the runs will load; returns the first git-history setting found. */
async function checkConfigs(
  src: SourceReader,
  s: ProjectSettings,
  dirs: readonly string[],
): Promise<{ path: string; setting: string } | undefined> {
  let used: (string | undefined)[];
  if (s.config) {
    const config = cleanDir(s.config);
    if (!(await src.glob(config)).length)
      throw new ProjectError(
        `The config setting names ${s.config}, which is not in the source. Give a path relative to the repository root, or leave it empty for golangci-lint's own lookup.`,
      );
    used = [config];
  } else {
    const found = new Set(
      (await Promise.all(configNames.map((n) => src.glob(`**/${n}`)))).flat(),
    );
    used = dirs.map((dir) => configFor(dir, found));
  }
  let history: { path: string; setting: string } | undefined;
  for (const path of new Set(used)) {
    if (!path) continue;
    const text = await src.read(path);
    if (configVersion(path, text) !== "2")
      throw new ProjectError(v1ConfigMessage(path));
    const setting = gitHistorySetting(text);
    if (setting && !history) history = { path, setting };
  }
  return history;
}

const noGit =
  "the source has no .git (the default `source` ignores it). " +
  'Add a `source` customization whose ignore list leaves out ".git"';

export async function readProject(
  src: SourceReader,
  s: ProjectSettings,
): Promise<Project> {
  const release = normalizeRelease(s.version);
  const goMods = new Set(await src.glob("**/go.mod"));
  const { dirs, goWork } = await moduleDirs(src, s, goMods);
  if (!dirs.length)
    throw new ProjectError(
      "No Go module to lint: the source has no go.work and no go.mod outside vendor/ and testdata/. " +
        "Add a go.mod (`go mod init`), or check the `source` ignore patterns in your dagger.json customizations.",
    );
  const missing = dirs.filter((d) => !goMods.has(goModOf(d)));
  if (missing.length)
    throw new ProjectError(
      `${goWork ? "go.work uses" : "The modules setting names"} ${missing.join(", ")}, but ${missing.length === 1 ? "it has" : "they have"} no go.mod in the source. ` +
        `Fix ${goWork ? "go.work" : "the setting"}, or the \`source\` ignore patterns if they hide it.`,
    );

  const goFiles = await src.glob("**/*.go");
  const empty = dirs.filter((d) => !goFiles.some(goFileOf(d)));
  if (empty.length)
    throw new ProjectError(
      `No Go files to lint in ${empty.map((d) => (d === "." ? "the root module" : d)).join(", ")}. ` +
        "Add Go code, or leave the module out (go.work, the `modules` setting, or the `source` ignore patterns).",
    );

  const history = await checkConfigs(src, s, dirs);

  if ((s.newFromRev || history) && !(await src.glob(".git")).length)
    throw new ProjectError(
      s.newFromRev
        ? `newFromRev needs the repository's git history, but ${noGit}.`
        : `${history!.path} sets ${history!.setting}, which needs the repository's git history (without it golangci-lint reports every issue), but ${noGit}, or remove the setting from the config.`,
    );

  let target: Version | undefined;
  if (s.goVersion) {
    target = parseVersion(s.goVersion);
    if (!target)
      throw new ProjectError(
        `goVersion must be a Go version such as 1.27 or 1.27.2; got "${s.goVersion}".`,
      );
  } else {
    const files = [...(goWork ? ["go.work"] : []), ...dirs.map(goModOf)];
    target = targetGo(
      await Promise.all(
        files.map(async (f) => parseDirectives(await src.read(f))),
      ),
    );
  }

  const vendored = new Set(
    (await src.glob("**/vendor/modules.txt")).map((p) =>
      cleanDir(p.replace(/(^|\/)vendor\/modules\.txt$/, "")),
    ),
  );
  // In a workspace one download at its root fetches every module's dependencies.
  const downloads = (goWork ? ["."] : dirs).filter((d) => !vendored.has(d));
  return {
    release,
    modules: dirs,
    downloads,
    workspace: goWork,
    target,
    plan: planTool(release, target),
  };
}
