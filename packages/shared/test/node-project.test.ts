import { describe, expect, test } from "vitest";
import {
  binArgv,
  detectProject,
  explainInstallFailure,
  installArgv,
  parsePackageJson,
  parsePackageManagerField,
  ProjectError,
} from "../src/node-project.ts";

describe("package manager detection", () => {
  test("the packageManager field wins over the lockfile, and pins the version", () => {
    const project = detectProject("auto", {
      packageJson: { packageManager: "pnpm@10.18.3+sha512.abc" },
      rootFiles: ["package.json", "package-lock.json"],
    });
    expect(project).toEqual({
      manager: "pnpm",
      version: "10.18.3",
      yarnBerry: false,
      reason: "package.json's packageManager field (pnpm@10.18.3+sha512.abc)",
    });
  });

  test("then the lockfile", () => {
    expect(
      detectProject("auto", { packageJson: {}, rootFiles: ["pnpm-lock.yaml"] }),
    ).toMatchObject({ manager: "pnpm", lockfile: "pnpm-lock.yaml" });
    expect(
      detectProject("auto", { packageJson: {}, rootFiles: ["bun.lockb"] }),
    ).toMatchObject({ manager: "bun", lockfile: "bun.lockb" });
    expect(
      detectProject("auto", {
        packageJson: {},
        rootFiles: ["npm-shrinkwrap.json"],
      }),
    ).toMatchObject({ manager: "npm", lockfile: "npm-shrinkwrap.json" });
  });

  test("then npm", () => {
    expect(
      detectProject("auto", { packageJson: {}, rootFiles: ["package.json"] }),
    ).toEqual({
      manager: "npm",
      yarnBerry: false,
      reason: "no packageManager field or lockfile, so npm",
    });
  });

  test("Yarn 1 and Yarn 2+ are told apart by version, .yarnrc.yml or the lockfile's first line", () => {
    expect(
      detectProject("auto", {
        packageJson: { packageManager: "yarn@1.22.22" },
        rootFiles: [],
      }).yarnBerry,
    ).toBe(false);
    expect(
      detectProject("auto", {
        packageJson: { packageManager: "yarn@4.18.1" },
        rootFiles: [],
      }).yarnBerry,
    ).toBe(true);
    expect(
      detectProject("auto", {
        packageJson: {},
        rootFiles: ["yarn.lock"],
        yarnLockHead: "# yarn lockfile v1",
      }).yarnBerry,
    ).toBe(false);
    expect(
      detectProject("auto", {
        packageJson: {},
        rootFiles: ["yarn.lock"],
        yarnLockHead: "__metadata:",
      }).yarnBerry,
    ).toBe(true);
    expect(
      detectProject("auto", {
        packageJson: {},
        rootFiles: ["yarn.lock", ".yarnrc.yml"],
      }).yarnBerry,
    ).toBe(true);
  });

  test("an explicit setting overrides both, and the lockfile still counts when it matches", () => {
    expect(
      detectProject("yarn", {
        packageJson: { packageManager: "pnpm@9.0.0" },
        rootFiles: ["yarn.lock"],
        yarnLockHead: "# yarn lockfile v1",
      }),
    ).toMatchObject({
      manager: "yarn",
      lockfile: "yarn.lock",
      reason: "the toolchain's packageManager setting (yarn)",
    });
  });

  test("bad input is a ProjectError that says what to do", () => {
    expect(() => detectProject("deno", { rootFiles: [] })).toThrow(
      ProjectError,
    );
    expect(() => parsePackageManagerField("pnpm")).toThrow(
      'is not of the form name@version (for example "pnpm@9.12.0")',
    );
    expect(() => parsePackageManagerField("deno@2.0.0")).toThrow(
      'names "deno", which this toolchain does not support',
    );
    expect(() => parsePackageJson("{")).toThrow(
      /^package\.json is not valid JSON \(.*\)\. Fix it, then run again\.$/,
    );
    expect(() => parsePackageJson("[]")).toThrow(
      "package.json must hold a JSON object",
    );
  });
});

describe("frozen installs", () => {
  const project = (
    manager: "npm" | "pnpm" | "yarn" | "bun",
    lockfile?: string,
    yarnBerry = false,
  ) => ({
    manager,
    yarnBerry,
    reason: "test",
    ...(lockfile ? { lockfile } : {}),
  });

  test.each([
    [
      project("npm", "package-lock.json"),
      "npm ci --ignore-scripts --no-audit --no-fund",
    ],
    [
      project("npm"),
      "npm install --no-package-lock --ignore-scripts --no-audit --no-fund",
    ],
    [
      project("pnpm", "pnpm-lock.yaml"),
      "pnpm install --frozen-lockfile --ignore-scripts",
    ],
    [
      project("yarn", "yarn.lock"),
      "yarn install --frozen-lockfile --ignore-scripts --non-interactive",
    ],
    [
      project("yarn", "yarn.lock", true),
      "yarn install --immutable --mode=skip-build",
    ],
    [
      project("bun", "bun.lock"),
      "bun install --frozen-lockfile --ignore-scripts",
    ],
  ])("%o installs with %s", (p, argv) => {
    expect(installArgv(p).join(" ")).toBe(argv);
  });

  test("binaries run from node_modules/.bin, or through yarn", () => {
    expect(binArgv(project("pnpm"), "eslint")).toEqual([
      "node_modules/.bin/eslint",
    ]);
    expect(binArgv(project("yarn", "yarn.lock", true), "eslint")).toEqual([
      "yarn",
      "eslint",
    ]);
  });

  test.each([
    [
      "npm",
      "npm error `npm ci` can only install packages when your package.json and package-lock.json or npm-shrinkwrap.json are in sync.",
    ],
    [
      "pnpm",
      'ERR_PNPM_OUTDATED_LOCKFILE  Cannot install with "frozen-lockfile" because pnpm-lock.yaml is not up to date with package.json',
    ],
    [
      "yarn",
      "error Your lockfile needs to be updated, but yarn was run with `--frozen-lockfile`.",
    ],
    [
      "yarn",
      "➤ YN0028: │ The lockfile would have been modified by this install, which is explicitly forbidden.",
    ],
    ["bun", "error: lockfile had changes, but lockfile is frozen"],
  ] as const)("a stale %s lockfile is named as such", (manager, output) => {
    expect(
      explainInstallFailure(project(manager, "the.lock"), output),
    ).toContain("The lockfile the.lock is out of date with package.json");
  });
});
