// Which Go modules the toolchain lints, and what their go.mod, go.work and golangci-lint
// config files say. golangci-lint, like `go test`, only sees packages of the module (or
// workspace) it runs in, so it runs once per module directory.
import { compareVersions, parseVersion, type Version } from "./go-version.js";
import { ProjectError } from "./shared/text.js";

/** The files `go mod download` reads: a source edit must not re-run the download. */
export const goManifests = ["**/go.mod", "**/go.sum", "go.work", "go.work.sum"];

/** Config names golangci-lint looks for in each directory, in viper's order. */
export const configNames = [
  ".golangci.json",
  ".golangci.toml",
  ".golangci.yaml",
  ".golangci.yml",
];

/** "./a/b/", "a/b" → "a/b"; the repository root is ".". */
export function cleanDir(path: string): string {
  const parts = path
    .replace(/\\/g, "/")
    .split("/")
    .filter((p) => p !== "" && p !== ".");
  return parts.length ? parts.join("/") : ".";
}

/** Directories the go command never treats as packages of the module. */
function skipped(dir: string): boolean {
  return dir
    .split("/")
    .some(
      (part) =>
        part === "vendor" ||
        part === "testdata" ||
        part.startsWith(".") ||
        part.startsWith("_"),
    );
}

/** Module directories from the go.mod files found, without vendored and test data copies. */
export function modulesFromGoMods(goModPaths: readonly string[]): string[] {
  return goModPaths
    .map((p) => cleanDir(p.replace(/(^|\/)go\.mod$/, "")))
    .filter((dir) => dir === "." || !skipped(dir))
    .sort(byDepth);
}

/** Shallow directories first, so a nested module's results land after its parent's. */
export function byDepth(a: string, b: string): number {
  const depth = (d: string) => (d === "." ? 0 : d.split("/").length);
  return depth(a) - depth(b) || a.localeCompare(b);
}

function stripComment(line: string): string {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    if (!quoted && line.startsWith("//", i)) return line.slice(0, i);
  }
  return line;
}

function unquote(token: string): string {
  const t = token.trim();
  return t.startsWith('"') || t.startsWith("`") ? t.slice(1, -1) : t;
}

/** The `use` directories of a go.work file, single-line and block forms. */
export function parseGoWorkUses(text: string): string[] {
  const uses: string[] = [];
  let inBlock = false;
  for (const raw of text.split("\n")) {
    const line = stripComment(raw).trim();
    if (inBlock) {
      if (line === ")") inBlock = false;
      else if (line) uses.push(unquote(line));
      continue;
    }
    const m = /^use\s*(.*)$/.exec(line);
    if (!m) continue;
    const rest = m[1]!.trim();
    if (rest === "(") inBlock = true;
    else if (rest.startsWith("(") && rest.endsWith(")"))
      uses.push(...rest.slice(1, -1).trim().split(/\s+/).filter(Boolean));
    else if (rest) uses.push(unquote(rest));
  }
  return uses;
}

/** The workspace's module directories, relative to the repository root. */
export function modulesFromGoWork(text: string): string[] {
  const dirs = parseGoWorkUses(text).map((use) => {
    if (use.startsWith("/") || cleanDir(use).split("/")[0] === "..")
      throw new ProjectError(
        `go.work uses ${use}, which is outside the source this toolchain sees. ` +
          "Lint from a directory that holds every workspace module, or list the modules to lint in the `modules` setting.",
      );
    return cleanDir(use);
  });
  if (!dirs.length)
    throw new ProjectError(
      "go.work has no `use` directive, so it names no module to lint. Add `use ./<module>` lines (`go work use -r .`).",
    );
  return [...new Set(dirs)].sort(byDepth);
}

export interface GoDirectives {
  go?: string;
  toolchain?: string;
}

/** The `go` and `toolchain` lines of a go.mod or go.work file. */
export function parseDirectives(text: string): GoDirectives {
  const out: GoDirectives = {};
  for (const raw of text.split("\n")) {
    const m = /^(go|toolchain)\s+(\S+)/.exec(stripComment(raw).trim());
    if (m) out[m[1] as "go" | "toolchain"] = m[2]!;
  }
  return out;
}

/**
 * The Go version code needs, as golangci-lint detects it: the `toolchain` directive
 * wins over `go` (a toolchain line exists only when it is newer). The newest over all
 * files, since one binary lints every module.
 */
export function targetGo(files: readonly GoDirectives[]): Version | undefined {
  let newest: Version | undefined;
  for (const f of files) {
    const v =
      (f.toolchain && parseVersion(f.toolchain)) ??
      (f.go && parseVersion(f.go));
    if (v && (!newest || compareVersions(v, newest) > 0)) newest = v;
  }
  return newest;
}

/**
 * The config golangci-lint would load for a module: the first known name in the
 * module directory, then each parent up to the repository root.
 */
export function configFor(
  moduleDir: string,
  existing: ReadonlySet<string>,
): string | undefined {
  let dir = moduleDir;
  for (;;) {
    for (const name of configNames) {
      const path = dir === "." ? name : `${dir}/${name}`;
      if (existing.has(path)) return path;
    }
    if (dir === ".") return undefined;
    dir = dir.includes("/") ? dir.slice(0, dir.lastIndexOf("/")) : ".";
  }
}

/** A config's top-level `version`, by file type; undefined when it has none. */
export function configVersion(path: string, text: string): string | undefined {
  const pattern = path.endsWith(".json")
    ? /"version"\s*:\s*"?([^",}\s]+)"?/
    : path.endsWith(".toml")
      ? /^version\s*=\s*["']?([^"'\s#]+)["']?/m
      : /^version\s*:\s*["']?([^"'\s#]+)["']?/m;
  return pattern.exec(text)?.[1];
}

/**
 * The config's issues setting that compares against git history (new-from-rev,
 * new-from-merge-base, new: true), which needs .git; undefined when it has none.
 */
export function gitHistorySetting(text: string): string | undefined {
  const lines = text
    .split("\n")
    .map((l) => l.replace(/(^|\s)#.*$/, ""))
    .join("\n");
  const named =
    /["']?(new-from-rev|new-from-merge-base)["']?\s*[:=]\s*["']?([^"'\s,}]+)/.exec(
      lines,
    );
  if (named) return `issues.${named[1]}`;
  if (/(^|[\s{,])["']?new["']?\s*[:=]\s*true\b/m.test(lines))
    return "issues.new";
  return undefined;
}
