// The release script against a temporary git repository shaped like this one.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, expect, test } from "vitest";
import { createTags, planTags } from "../src/release.ts";

const script = join(import.meta.dirname, "../src/release.ts");
let repo: string;

const git = (...args: string[]) =>
  execFileSync("git", args, { cwd: repo, encoding: "utf8" });
const release = (...args: string[]) =>
  execFileSync(process.execPath, [script, "--cwd", repo, ...args], {
    encoding: "utf8",
  });

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

test("a version Dagger cannot resolve is refused before any tag is made", () => {
  toolchain("trivy", "1.0.0-beta.1");
  expect(() => planTags(repo)).toThrow(
    'toolchains/trivy: version "1.0.0-beta.1" is not MAJOR.MINOR.PATCH',
  );
  expect(git("tag", "--list")).toBe("");
});
