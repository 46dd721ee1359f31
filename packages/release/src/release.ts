// Tags every toolchain whose current version has no tag yet, as
// `toolchains/<name>/v<version>`: the form Dagger resolves for
// `github.com/<owner>/<repo>/toolchains/<name>@v<version>`. Never a bare `vX.Y.Z`.
//
//   npm run release -- [--dry-run]      (node packages/release/src/release.ts [--dry-run] [--cwd <repo>])
//
// Versions are read from the commit being tagged (HEAD), never from the working tree,
// and a working tree with uncommitted changes is refused: a tag names a commit, so what
// was tested must be what is tagged. A dry run refuses what the release would refuse.
//
// It creates tags locally and pushes nothing. With CHANGESETS_OUTPUT set, it appends one
// `{"type":"git-tag",...}` line per tag, from which changesets/action pushes the tags and
// creates each GitHub release from the toolchain's CHANGELOG section.
import { execFileSync } from "node:child_process";
import { appendFileSync } from "node:fs";

export interface PlannedTag {
  toolchain: string;
  packageName: string;
  version: string;
  tag: string;
}

/** Why a release cannot go ahead; the message says what to do. */
export class ReleaseError extends Error {
  override name = "ReleaseError";
}

const release = /^(\d+)\.(\d+)\.(\d+)$/;

function git(cwd: string, args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Paths with uncommitted changes, untracked files included (ignored files are not). */
export function uncommittedChanges(repo: string): string[] {
  return git(repo, ["status", "--porcelain", "--untracked-files=all"])
    .split("\n")
    .filter(Boolean)
    .map((line) => line.slice(3));
}

function refuseDirtyTree(repo: string): void {
  const changed = uncommittedChanges(repo);
  if (changed.length === 0) return;
  const shown = changed.slice(0, 10).map((p) => `  ${p}`);
  if (changed.length > shown.length)
    shown.push(`  ... and ${changed.length - shown.length} more`);
  throw new ReleaseError(
    [
      `The working tree has uncommitted changes, so nothing was tagged:`,
      ...shown,
      "A tag names a commit: release from a clean checkout of the commit to tag (commit or stash these changes first).",
    ].join("\n"),
  );
}

/** Why a version cannot be released, or undefined when it can. */
export function versionProblem(version: unknown): string | undefined {
  if (typeof version !== "string" || version === "")
    return 'has no "version" in its package.json';
  if (release.test(version)) return undefined;
  if (/^\d+\.\d+\.\d+-[0-9A-Za-z.-]+(\+[0-9A-Za-z.-]+)?$/.test(version))
    return (
      `version "${version}" is a prerelease, which this repository does not release. ` +
      `Dagger would resolve its tag (it accepts any semantic version after @), but releases ` +
      `are cut from main, where every README's install line follows package.json: a ` +
      `prerelease would become the install line of every user. Leave Changesets' pre mode ` +
      `(\`npx changeset pre exit\`) and release MAJOR.MINOR.PATCH.`
    );
  if (/^\d+\.\d+\.\d+\+[0-9A-Za-z.-]+$/.test(version))
    return (
      `version "${version}" carries build metadata, which version precedence ignores, so ` +
      `two releases could not be told apart. Use MAJOR.MINOR.PATCH.`
    );
  return `version "${version}" is not MAJOR.MINOR.PATCH (a semantic version such as 1.4.0).`;
}

function parts(version: string): [number, number, number] {
  const m = release.exec(version)!;
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** Negative when a < b, zero when equal, positive when a > b (MAJOR.MINOR.PATCH only). */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}

/** The files directly inside each toolchains/<name>/ folder of a commit. */
function toolchainFolders(
  repo: string,
  commit: string,
): Map<string, Set<string>> {
  const folders = new Map<string, Set<string>>();
  const files = git(repo, [
    "ls-tree",
    "-r",
    "--name-only",
    commit,
    "--",
    "toolchains",
  ]);
  for (const path of files.split("\n").filter(Boolean)) {
    const [, name, file, ...deeper] = path.split("/");
    if (!name || !file || deeper.length > 0) continue;
    if (!folders.has(name)) folders.set(name, new Set());
    folders.get(name)!.add(file);
  }
  return folders;
}

/**
 * The tags to create: one per toolchain whose version at `commit` is not tagged yet.
 * Throws a ReleaseError, before any tag is made, for a dirty working tree, a toolchain
 * without package.json or version, a version that is not MAJOR.MINOR.PATCH, or a version
 * lower than a tag the toolchain already has.
 */
export function planTags(repo: string, commit = "HEAD"): PlannedTag[] {
  refuseDirtyTree(repo);
  const existing = git(repo, ["tag", "--list", "toolchains/*"])
    .split("\n")
    .filter(Boolean);
  const problems: string[] = [];
  const planned: PlannedTag[] = [];
  const folders = toolchainFolders(repo, commit);
  const toolchains = [...folders.keys()]
    .filter((name) => folders.get(name)!.has("dagger.json"))
    .sort();
  for (const toolchain of toolchains) {
    const dir = `toolchains/${toolchain}`;
    if (!folders.get(toolchain)!.has("package.json")) {
      problems.push(
        `${dir}: has a dagger.json but no package.json. A toolchain's version lives in ` +
          `its package.json ("name": "@toolchains/${toolchain}", "version": "0.1.0"); add one ` +
          `(CONTRIBUTING.md shows the layout).`,
      );
      continue;
    }
    const manifest = JSON.parse(
      git(repo, ["show", `${commit}:${dir}/package.json`]),
    ) as { name?: string; version?: unknown };
    const problem = versionProblem(manifest.version);
    if (problem) {
      problems.push(`${dir}: ${problem}`);
      continue;
    }
    const version = manifest.version as string;
    const tag = `${dir}/v${version}`;
    if (existing.includes(tag)) continue;
    const released = existing
      .filter((t) => t.startsWith(`${dir}/v`))
      .map((t) => t.slice(`${dir}/v`.length))
      .filter((v) => release.test(v))
      .sort(compareVersions);
    const latest = released.at(-1);
    if (latest && compareVersions(version, latest) < 0) {
      problems.push(
        `${dir}: version ${version} is lower than its latest release ${dir}/v${latest}. ` +
          `A release never goes back: set a version above ${latest} in ${dir}/package.json.`,
      );
      continue;
    }
    planned.push({
      toolchain,
      packageName: manifest.name ?? `@toolchains/${toolchain}`,
      version,
      tag,
    });
  }
  if (problems.length > 0)
    throw new ReleaseError(
      [`Nothing was tagged:`, ...problems.map((p) => `- ${p}`)].join("\n"),
    );
  return planned;
}

export function createTags(
  repo: string,
  tags: readonly PlannedTag[],
  output = process.env.CHANGESETS_OUTPUT,
  commit = "HEAD",
): void {
  for (const t of tags) {
    git(repo, [
      "tag",
      "--annotate",
      t.tag,
      "--message",
      `${t.toolchain} v${t.version}`,
      commit,
    ]);
    if (output) {
      const event = { type: "git-tag", tag: t.tag, packageName: t.packageName };
      appendFileSync(output, `${JSON.stringify(event)}\n`);
    }
  }
}

function main(args: string[]): void {
  const dryRun = args.includes("--dry-run");
  const cwdIndex = args.indexOf("--cwd");
  const repo = cwdIndex >= 0 ? args[cwdIndex + 1]! : process.cwd();
  let tags: PlannedTag[];
  try {
    tags = planTags(repo);
  } catch (error) {
    if (!(error instanceof ReleaseError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  if (tags.length === 0) {
    console.log(
      "Every toolchain version is already tagged: nothing to release.",
    );
    return;
  }
  if (!dryRun) createTags(repo, tags);
  for (const t of tags)
    console.log(`${dryRun ? "would tag" : "tagged"} ${t.tag}`);
}

if (import.meta.filename === process.argv[1]) main(process.argv.slice(2));
