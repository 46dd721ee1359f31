// Recorded pipelines: the toolchain runs through the SDK's real entrypoint against the
// testkit's engine double, which records each exec and plays the part of the tools.
import { describe, expect, test } from "vitest";
import {
  answer,
  call,
  sourceFiles,
  toolchainTest,
  type ExecRequest,
  type RecordedExec,
} from "@toolchains/testkit";

const { module, fixture } = toolchainTest(import.meta.url);

const image =
  "node:24.21.0-alpine3.24@sha256:ebfe2f90462722a7a4de65e91990e97fe0d401c70e0e762c5b53302f905ec1c1";
const prettierFlags = [
  "--write",
  "--list-different",
  "--cache",
  "--cache-location",
  // One file per project: its package.json name, then a digest (see toolCacheName).
  expect.stringMatching(/^\/cache\/prettier\/[\w.-]+-[0-9a-f]{12}\.json$/),
  "--cache-strategy",
  "content",
  ".",
];

const isPrettier = (e: { argv: string[] }) =>
  e.argv.some((a) => a.endsWith("prettier")) &&
  e.argv.includes("--list-different");
const prettierExec = (execs: RecordedExec[]) => execs.find(isPrettier)!;

/** Plays prettier: reports `files` as reformatted and writes their new contents. */
const reformats = (
  files: Record<string, string>,
  extra: Record<string, string> = {},
) =>
  answer(isPrettier, {
    stdout: Object.keys(files).join("\n") + "\n",
    files: { ...files, ...extra },
  });

describe.concurrent("install per package manager", () => {
  test("npm: npm ci on the manifests of every workspace package, the store on a cache volume", async () => {
    const r = await call({ module, repo: fixture("npm"), function: "check" });
    expect(r.error).toBeUndefined();
    const [install, prettier] = r.execs;
    expect(install).toMatchObject({
      image,
      argv: ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
      workdir: "/src",
      env: {
        npm_config_cache: "/cache/npm",
        COREPACK_HOME: "/cache/corepack",
        COREPACK_ENABLE_DOWNLOAD_PROMPT: "0",
      },
      mounts: {
        "/cache/npm": { type: "cache", volume: "npm-cache", sharing: "SHARED" },
        "/cache/corepack": {
          type: "cache",
          volume: "corepack",
          sharing: "SHARED",
        },
      },
    });
    // Only what the install reads: a source edit leaves this step cached.
    expect(sourceFiles(install!)).toEqual([
      ".npmrc",
      "package-lock.json",
      "package.json",
      "packages/app/package.json",
    ]);
    expect(prettier).toMatchObject({
      argv: ["node_modules/.bin/prettier", ...prettierFlags],
      workdir: "/src",
      mounts: {
        "/cache/prettier": {
          type: "cache",
          volume: "prettier-cache",
          sharing: "SHARED",
        },
      },
    });
    expect(sourceFiles(prettier!)).toEqual(
      expect.arrayContaining([
        ".prettierrc",
        "src/index.ts",
        "packages/app/index.ts",
      ]),
    );
    expect(r.execs).toHaveLength(2);
  });

  test("pnpm: corepack, then a frozen install, the store on its own volume", async () => {
    const r = await call({ module, repo: fixture("pnpm"), function: "check" });
    expect(r.error).toBeUndefined();
    expect(r.execs.map((e) => e.argv)).toEqual([
      ["corepack", "enable"],
      ["pnpm", "install", "--frozen-lockfile", "--ignore-scripts"],
      ["node_modules/.bin/prettier", ...prettierFlags],
    ]);
    expect(r.execs[1]).toMatchObject({
      env: { pnpm_config_store_dir: "/cache/pnpm" },
      mounts: { "/cache/pnpm": { type: "cache", volume: "pnpm-store" } },
    });
    expect(sourceFiles(r.execs[1]!)).toEqual([
      "package.json",
      "packages/app/package.json",
      "pnpm-lock.yaml",
      "pnpm-workspace.yaml",
    ]);
  });

  test("yarn 4: corepack, an immutable install, and prettier's binary through yarn (Plug'n'Play), never a script of that name", async () => {
    const r = await call({ module, repo: fixture("yarn"), function: "check" });
    expect(r.error).toBeUndefined();
    expect(r.execs.map((e) => e.argv)).toEqual([
      ["corepack", "enable"],
      ["yarn", "install", "--immutable", "--mode=skip-build"],
      ["yarn", "run", "--binaries-only", "prettier", ...prettierFlags],
    ]);
    expect(r.execs[1]).toMatchObject({
      env: { YARN_GLOBAL_FOLDER: "/cache/yarn-berry" },
    });
    expect(sourceFiles(r.execs[1]!)).toEqual([
      ".yarnrc.yml",
      "package.json",
      "yarn.lock",
    ]);
  });

  test("bun: bun from npm, then a frozen install", async () => {
    const r = await call({ module, repo: fixture("bun"), function: "check" });
    expect(r.error).toBeUndefined();
    expect(r.execs.map((e) => e.argv)).toEqual([
      ["npm", "install", "--global", "--no-audit", "--no-fund", "bun@1.4.5"],
      ["bun", "install", "--frozen-lockfile", "--ignore-scripts"],
      ["node_modules/.bin/prettier", ...prettierFlags],
    ]);
    expect(r.execs[1]).toMatchObject({
      env: { BUN_INSTALL_CACHE_DIR: "/cache/bun" },
    });
    // bun's own download is kept on npm's cache volume.
    expect(r.execs[0]).toMatchObject({
      env: { npm_config_cache: "/cache/npm" },
      mounts: { "/cache/npm": { type: "cache", volume: "npm-cache" } },
    });
  });

  test("no package.json: the pinned prettier, installed without the source", async () => {
    const r = await call({ module, repo: fixture("plain"), function: "check" });
    expect(r.error).toBeUndefined();
    expect(r.execs.map((e) => e.argv)).toEqual([
      [
        "npm",
        "install",
        "--global",
        "--no-audit",
        "--no-fund",
        "prettier@3.10.1",
      ],
      ["prettier", ...prettierFlags],
    ]);
    expect(sourceFiles(r.execs[0]!)).toEqual([]);
  });

  test("the packageManager setting overrides detection, and version pins the fallback prettier", async () => {
    const r = await call({
      module,
      repo: fixture("plain"),
      constructorArgs: { version: "3.9.0" },
      function: "check",
    });
    expect(r.execs[0]!.argv).toContain("prettier@3.9.0");
    const npm = await call({
      module,
      repo: fixture("pnpm"),
      constructorArgs: { packageManager: "npm" },
      function: "check",
    });
    expect(npm.execs[0]!.argv).toEqual([
      "npm",
      "install",
      "--no-package-lock",
      "--ignore-scripts",
      "--no-audit",
      "--no-fund",
    ]);
  });

  test("customized paths, config, ignore files, cache and extra arguments reach prettier's argv", async () => {
    const r = await call({
      module,
      repo: fixture("npm"),
      constructorArgs: {
        paths: ["src", "docs/**/*.md"],
        config: ".prettierrc",
        ignorePaths: [".prettierignore", ".gitignore"],
        cache: false,
        extraArgs: ["--end-of-line", "lf"],
      },
      function: "check",
    });
    expect(prettierExec(r.execs).argv).toEqual([
      "node_modules/.bin/prettier",
      "--write",
      "--list-different",
      "--config",
      ".prettierrc",
      "--ignore-path",
      ".prettierignore",
      "--ignore-path",
      ".gitignore",
      "--end-of-line",
      "lf",
      "src",
      "docs/**/*.md",
    ]);
  });
});

describe.concurrent("check, write and diff", () => {
  const edit = { "src/index.ts": "export const answer = 42 ;\n" };

  test("check fails with the count, the files, the patch and the fix command", async () => {
    const r = await call({
      module,
      repo: fixture("npm"),
      function: "check",
      exec: reformats(edit),
    });
    expect(r.error).toContain(
      "prettier: 1 file is not formatted:\n  src/index.ts\n",
    );
    expect(r.error).toContain(
      "--- a/src/index.ts\n+++ b/src/index.ts\n@@ -1 +1 @@\n-export const answer = 42;\n+export const answer = 42 ;",
    );
    expect(r.error).toContain(
      "Run `dagger generate prettier:write` to format them.",
    );
  });

  test("write returns exactly the files prettier rewrote, not what else the run left behind", async () => {
    const r = await call({
      module,
      repo: fixture("npm"),
      function: "write",
      exec: reformats(edit, {
        "node_modules/.cache/junk": "x",
        "package-lock.json": "{}",
      }),
    });
    expect(r.changeset).toMatchObject({
      added: [],
      modified: ["src/index.ts"],
      removed: [],
    });
    expect(r.changeset!.files).toEqual(edit);
  });

  test("write is empty and check passes when everything is formatted", async () => {
    const write = await call({
      module,
      repo: fixture("npm"),
      function: "write",
    });
    expect(write.changeset).toMatchObject({
      added: [],
      modified: [],
      removed: [],
    });
    const diff = await call({ module, repo: fixture("npm"), function: "diff" });
    expect(diff.file).toEqual({ name: "prettier.patch", contents: "" });
  });

  test("diff returns the patch write would apply", async () => {
    const r = await call({
      module,
      repo: fixture("npm"),
      function: "diff",
      exec: reformats(edit),
    });
    expect(r.file!.contents).toContain(
      "diff --git a/src/index.ts b/src/index.ts\n",
    );
    expect(r.file!.contents).toContain("+export const answer = 42 ;\n");
  });
});

describe.concurrent("bad input gets one actionable message", () => {
  test("a stale lockfile", async () => {
    const r = await call({
      module,
      repo: fixture("npm"),
      function: "check",
      exec: (e) =>
        e.argv[1] === "ci"
          ? {
              exitCode: 1,
              stderr:
                "npm error code EUSAGE\nnpm error\nnpm error `npm ci` can only install packages when your package.json and package-lock.json or npm-shrinkwrap.json are in sync. Please update your lock file with `npm install` before continuing.\n",
            }
          : undefined,
    });
    expect(r.error).toContain(
      "The lockfile package-lock.json is out of date with package.json",
    );
    expect(r.error).toContain(
      "Run `npm install` and commit the updated lockfile; this toolchain never rewrites it.",
    );
    expect(r.execs).toHaveLength(1);
  });

  test("a failed install that is not about the lockfile shows its output", async () => {
    const r = await call({
      module,
      repo: fixture("pnpm"),
      function: "check",
      exec: (e) =>
        e.argv[1] === "install"
          ? {
              exitCode: 1,
              stderr: "ERR_PNPM_FETCH_404 GET https://registry/x: Not Found\n",
            }
          : undefined,
    });
    expect(r.error).toContain(
      "Installing the project's dependencies with `pnpm install --frozen-lockfile --ignore-scripts` failed",
    );
    expect(r.error).toContain(
      "package.json's packageManager field (pnpm@10.18.3)",
    );
    expect(r.error).toContain("ERR_PNPM_FETCH_404");
  });

  test("a broken package.json, before anything runs", async () => {
    const r = await call({
      module,
      repo: fixture("broken-package-json"),
      function: "check",
    });
    expect(r.error).toMatch(
      /^package\.json is not valid JSON \(.+\)\. Fix it, then run again\.$/,
    );
    expect(r.execs).toEqual([]);
  });

  test("an unknown package manager, in package.json or in the setting", async () => {
    const field = await call({
      module,
      repo: fixture("unknown-manager"),
      function: "check",
    });
    expect(field.error).toBe(
      `package.json's packageManager field names "deno", which this toolchain does not support: use npm, pnpm, yarn or bun.`,
    );
    const setting = await call({
      module,
      repo: fixture("plain"),
      constructorArgs: { packageManager: "deno" },
      function: "write",
    });
    expect(setting.error).toBe(
      `packageManager must be one of auto, npm, pnpm, yarn, bun; got "deno".`,
    );
  });

  test("nothing to format", async () => {
    const r = await call({
      module,
      repo: fixture("plain"),
      function: "check",
      exec: (e) =>
        isPrettier(e)
          ? {
              exitCode: 2,
              stderr:
                '[error] No files matching the pattern were found: ".".\n',
            }
          : undefined,
    });
    expect(r.error).toContain(
      "Prettier found nothing to format. Check the `paths` setting and your .prettierignore",
    );
  });

  test("a file prettier cannot parse fails check and write alike, naming the file", async () => {
    const stderr =
      "[error] src/broken.js: SyntaxError: Unexpected token (1:7)\n[error] > 1 | const = ;\n[error]     |       ^\n";
    const exec = (e: ExecRequest) =>
      isPrettier(e)
        ? { exitCode: 2, stdout: "src/fine.js\n", stderr }
        : undefined;
    for (const fn of ["check", "write"]) {
      const r = await call({
        module,
        repo: fixture("unparsable"),
        function: fn,
        exec,
      });
      expect(r.error).toContain(
        "Prettier could not parse 1 file (src/broken.js). Fix the syntax, or list the file in .prettierignore.",
      );
      expect(r.error).toContain(
        "prettier exited with code 2:\n[error] src/broken.js: SyntaxError: Unexpected token (1:7)",
      );
    }
  });
});
