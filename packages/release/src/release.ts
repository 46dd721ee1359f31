// Tags every toolchain whose current version has no tag yet, as
// `toolchains/<name>/v<version>`: the form Dagger resolves for
// `github.com/<owner>/<repo>/toolchains/<name>@v<version>`. Never a bare `vX.Y.Z`.
//
//   npm run release -- [--dry-run]      (node packages/release/src/release.ts [--dry-run] [--cwd <repo>])
//
// It creates tags locally and pushes nothing. With CHANGESETS_OUTPUT set, it appends one
// `{"type":"git-tag",...}` line per tag, from which changesets/action pushes the tags and
// creates each GitHub release from the toolchain's CHANGELOG section.
import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface PlannedTag {
  toolchain: string;
  packageName: string;
  version: string;
  tag: string;
}

const semver = /^\d+\.\d+\.\d+$/;

function git(cwd: string, args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8" });
}

/** The tags to create: one per toolchain whose version is not tagged yet. */
export function planTags(repo: string): PlannedTag[] {
  const existing = new Set(
    git(repo, ["tag", "--list", "toolchains/*"]).split("\n").filter(Boolean),
  );
  const dir = join(repo, "toolchains");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, "dagger.json")))
    .sort()
    .map((toolchain) => {
      const manifest = JSON.parse(
        readFileSync(join(dir, toolchain, "package.json"), "utf8"),
      );
      if (!semver.test(manifest.version)) {
        throw new Error(
          `toolchains/${toolchain}: version "${manifest.version}" is not MAJOR.MINOR.PATCH, which Dagger needs`,
        );
      }
      const version: string = manifest.version;
      return {
        toolchain,
        packageName: manifest.name,
        version,
        tag: `toolchains/${toolchain}/v${version}`,
      };
    })
    .filter((planned) => !existing.has(planned.tag));
}

export function createTags(
  repo: string,
  tags: readonly PlannedTag[],
  output = process.env.CHANGESETS_OUTPUT,
): void {
  for (const t of tags) {
    git(repo, [
      "tag",
      "--annotate",
      t.tag,
      "--message",
      `${t.toolchain} v${t.version}`,
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
  const tags = planTags(repo);
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
