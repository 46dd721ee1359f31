// The release script against a temporary git repository shaped like this one.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, expect, test } from "vitest";
import {
  compareVersions,
  createTags,
  planTags,
  versionProblem,
} from "../src/release.ts";

const script = join(import.meta.dirname, "../src/release.ts");
let repo: string;

const git = (...args: string[]) =>
  execFileSync("git", args, { cwd: repo, encoding: "utf8" });
const release = (...args: string[]) =>
  execFileSync(process.execPath, [script, "--cwd", repo, ...args], {
    encoding: "utf8",
  });
/** The release script's exit status and output when it is expected to refuse. */
const refused = (...args: string[]) => {
  const r = spawnSync(process.execPath, [script, "--cwd", repo, ...args], {
    encoding: "utf8",
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};
const commit = (message: string) => {
  git("add", "--all");
  git("commit", "--quiet", "-m", message);
};

function toolchain(name: string, version: string) {
  mkdirSync(join(repo, "toolchains", name), { recursive: true });
  writeFileSync(
    join(repo, "toolchains", name, "dagger.json"),
    JSON.stringify({ name }),
  );
  writeFileSync(
    join(repo, "toolchains", name, "package.json"),
    JSON.stringify({ name: `@toolchains/${name}`, version }),
  );
}

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), "release-"));
  git("init", "--quiet", "--initial-branch=main");
  git("config", "user.email", "release@example.com");
  git("config", "user.name", "release test");
  toolchain("eslint", "1.2.0");
  toolchain("prettier", "0.3.1");
  mkdirSync(join(repo, "packages/testkit"), { recursive: true });
  writeFileSync(
    join(repo, "packages/testkit/package.json"),
    JSON.stringify({ name: "@toolchains/testkit", version: "0.0.0" }),
  );
  git("add", ".");
  git("commit", "--quiet", "-m", "toolchains");
});

test("--dry-run prints one tag per untagged toolchain and creates none", () => {
  expect(release("--dry-run")).toBe(
    "would tag toolchains/eslint/v1.2.0\nwould tag toolchains/prettier/v0.3.1\n",
  );
  expect(git("tag", "--list")).toBe("");
});

test("creates annotated per-toolchain tags, never a bare vX.Y.Z, and is idempotent", () => {
  expect(release()).toBe(
    "tagged toolchains/eslint/v1.2.0\ntagged toolchains/prettier/v0.3.1\n",
  );
  expect(git("tag", "--list").split("\n").filter(Boolean)).toEqual([
    "toolchains/eslint/v1.2.0",
    "toolchains/prettier/v0.3.1",
  ]);
  expect(git("cat-file", "-t", "toolchains/eslint/v1.2.0").trim()).toBe("tag");
  expect(release()).toBe(
    "Every toolchain version is already tagged: nothing to release.\n",
  );
});

test("only a toolchain whose version moved gets a new tag", () => {
  release();
  toolchain("prettier", "0.4.0");
  git("commit", "--quiet", "-am", "prettier 0.4.0");
  expect(planTags(repo).map((t) => t.tag)).toEqual([
    "toolchains/prettier/v0.4.0",
  ]);
});

test("with CHANGESETS_OUTPUT, one git-tag line per tag for changesets/action", () => {
  const output = join(repo, "..", `${repo.split("/").pop()}.ndjson`);
  writeFileSync(output, "");
  createTags(repo, planTags(repo), output);
  expect(
    readFileSync(output, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line)),
  ).toEqual([
    {
      type: "git-tag",
      tag: "toolchains/eslint/v1.2.0",
      packageName: "@toolchains/eslint",
    },
    {
      type: "git-tag",
      tag: "toolchains/prettier/v0.3.1",
      packageName: "@toolchains/prettier",
    },
  ]);
});

test("a dirty working tree is refused, in a dry run too, and nothing is tagged", () => {
  writeFileSync(
    join(repo, "toolchains/eslint/package.json"),
    JSON.stringify({ name: "@toolchains/eslint", version: "9.9.9" }),
  );
  writeFileSync(join(repo, "notes.txt"), "untracked\n");
  for (const args of [[], ["--dry-run"]]) {
    const r = refused(...args);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(
      "The working tree has uncommitted changes, so nothing was tagged:",
    );
    expect(r.stderr).toContain("toolchains/eslint/package.json");
    expect(r.stderr).toContain("notes.txt");
    expect(r.stderr).toContain("release from a clean checkout");
  }
  expect(git("tag", "--list")).toBe("");
});

test("versions come from the commit being tagged, and the tag points at it", () => {
  toolchain("eslint", "1.3.0");
  commit("eslint 1.3.0");
  const head = git("rev-parse", "HEAD").trim();
  expect(planTags(repo, "HEAD~1").map((t) => t.tag)).toEqual([
    "toolchains/eslint/v1.2.0",
    "toolchains/prettier/v0.3.1",
  ]);
  release();
  expect(git("rev-list", "-n", "1", "toolchains/eslint/v1.3.0").trim()).toBe(
    head,
  );
});

test("a toolchain folder without package.json gets a message that says what to add", () => {
  mkdirSync(join(repo, "toolchains/ruff"), { recursive: true });
  writeFileSync(join(repo, "toolchains/ruff/dagger.json"), "{}");
  mkdirSync(join(repo, "toolchains/notes"), { recursive: true });
  writeFileSync(join(repo, "toolchains/notes/README.md"), "not a module\n");
  commit("ruff without package.json");
  const r = refused("--dry-run");
  expect(r.status).toBe(1);
  expect(r.stderr).toBe(
    [
      "Nothing was tagged:",
      '- toolchains/ruff: has a dagger.json but no package.json. A toolchain\'s version lives in its package.json ("name": "@toolchains/ruff", "version": "0.1.0"); add one (CONTRIBUTING.md shows the layout).',
      "",
    ].join("\n"),
  );
  expect(git("tag", "--list")).toBe("");
});

test("a package.json without a version is named", () => {
  writeFileSync(
    join(repo, "toolchains/prettier/package.json"),
    JSON.stringify({ name: "@toolchains/prettier" }),
  );
  commit("no version");
  expect(() => planTags(repo)).toThrow(
    'toolchains/prettier: has no "version" in its package.json',
  );
});

test("a version lower than the toolchain's latest tag is refused, other toolchains' tags do not count", () => {
  release();
  toolchain("prettier", "0.4.0");
  commit("prettier 0.4.0");
  release();
  toolchain("prettier", "0.3.9");
  toolchain("eslint", "1.2.1");
  commit("prettier back to 0.3.9");
  const r = refused();
  expect(r.status).toBe(1);
  expect(r.stderr).toContain(
    "- toolchains/prettier: version 0.3.9 is lower than its latest release toolchains/prettier/v0.4.0. A release never goes back: set a version above 0.4.0 in toolchains/prettier/package.json.",
  );
  expect(r.stderr).not.toContain("eslint");
  expect(git("tag", "--list", "toolchains/eslint/*")).toBe(
    "toolchains/eslint/v1.2.0\n",
  );
});

test("a version that is already tagged is not a downgrade", () => {
  release();
  toolchain("prettier", "0.4.0");
  commit("prettier 0.4.0");
  release();
  expect(planTags(repo)).toEqual([]);
});

test("a prerelease is refused before any tag is made, with the reason", () => {
  toolchain("trivy", "1.0.0-beta.1");
  commit("trivy beta");
  const r = refused("--dry-run");
  expect(r.status).toBe(1);
  expect(r.stderr).toContain(
    'toolchains/trivy: version "1.0.0-beta.1" is a prerelease, which this repository does not release.',
  );
  expect(r.stderr).toContain("Dagger would resolve its tag");
  expect(r.stderr).toContain("npx changeset pre exit");
  expect(git("tag", "--list")).toBe("");
});

test("versions: what can be released, and in which order", () => {
  expect(versionProblem("1.2.3")).toBeUndefined();
  expect(versionProblem("1.2.3+build.5")).toContain("build metadata");
  expect(versionProblem("1.2")).toBe(
    'version "1.2" is not MAJOR.MINOR.PATCH (a semantic version such as 1.4.0).',
  );
  expect(versionProblem("v1.2.3")).toContain("is not MAJOR.MINOR.PATCH");
  expect(compareVersions("0.10.0", "0.9.9")).toBeGreaterThan(0);
  expect(compareVersions("1.0.0", "1.0.0")).toBe(0);
  expect(compareVersions("1.0.0", "1.0.1")).toBeLessThan(0);
});
