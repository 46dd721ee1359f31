// The ESLint command lines the toolchain builds, and the settings it rejects first.
import { describe, expect, test } from "vitest";
import {
  cacheName,
  eslintArgs,
  suppressionsFile,
  validateOptions,
} from "../src/argv.ts";
import { ProjectError } from "../src/shared/text.ts";
import { defaults } from "./real-eslint.ts";

const run = { cacheName: "app", pruneSuppressions: false, ignorePatterns: [] };

describe("eslintArgs", () => {
  test("lint: the report file, the project's cache file on the volume, then the paths", () => {
    expect(eslintArgs(defaults, "lint", run)).toEqual([
      "--format",
      "json-with-metadata",
      "--output-file",
      "/tmp/eslint/report.json",
      "--cache",
      "--cache-location",
      "/cache/eslint/app-lint.eslintcache",
      "--cache-strategy",
      "content",
      ".",
    ]);
  });

  test("fix: --fix with the fix types and suppression pruning, its own cache file, and never --max-warnings", () => {
    const args = eslintArgs(
      { ...defaults, fixTypes: ["problem", "layout"], maxWarnings: 0 },
      "fix",
      { ...run, pruneSuppressions: true },
    );
    expect(args.slice(0, 5)).toEqual([
      "--fix",
      "--fix-type",
      "problem,layout",
      "--prune-suppressions",
      "--format",
    ]);
    expect(args).toContain("/cache/eslint/app-fix.eslintcache");
    expect(args).not.toContain("--max-warnings");
  });

  test("settings in ESLint's order: ignore patterns, config, max warnings, concurrency, extra arguments, paths", () => {
    const args = eslintArgs(
      {
        paths: ["src", "lib"],
        config: "eslint.strict.js",
        maxWarnings: 3,
        concurrency: "auto",
        cache: false,
        fixTypes: ["problem"],
        extraArgs: ["--report-unused-disable-directives"],
      },
      "lint",
      { ...run, ignorePatterns: [".pnp.cjs", ".yarn/"] },
    );
    expect(args).toEqual([
      "--format",
      "json-with-metadata",
      "--output-file",
      "/tmp/eslint/report.json",
      "--ignore-pattern",
      ".pnp.cjs",
      "--ignore-pattern",
      ".yarn/",
      "--config",
      "eslint.strict.js",
      "--max-warnings",
      "3",
      "--concurrency",
      "auto",
      "--report-unused-disable-directives",
      "src",
      "lib",
    ]);
  });
});

describe("cacheName", () => {
  const project = { packageJson: { name: "@acme/app" }, rootFiles: [] };
  const env = "sha256:0123456789abcdef0123";

  test("the package name, then a digest of the settings that choose the files and of the environment", () => {
    const name = cacheName({ ...defaults, cacheKey: "" }, project, env);
    expect(name).toMatch(/^acme-app-[0-9a-f]{12}$/);
    expect(
      cacheName({ ...defaults, cacheKey: "", paths: ["src"] }, project, env),
    ).not.toBe(name);
    expect(
      cacheName({ ...defaults, cacheKey: "", maxWarnings: 0 }, project, env),
    ).toBe(name);
    expect(
      cacheName({ ...defaults, cacheKey: "" }, project, "sha256:fedcba"),
    ).not.toBe(name);
  });

  test("cacheKey names it when set, with the environment's digest, and must be a plain name", () => {
    expect(cacheName({ ...defaults, cacheKey: "mine" }, project, env)).toBe(
      "mine-89abcdef0123",
    );
    expect(() =>
      cacheName({ ...defaults, cacheKey: "../x" }, project, env),
    ).toThrow(ProjectError);
  });
});

test("suppressionsFile: ESLint's default, or --suppressions-location from extraArgs", () => {
  expect(suppressionsFile([])).toBe("eslint-suppressions.json");
  expect(
    suppressionsFile(["--suppressions-location", "./lint/suppressed.json"]),
  ).toBe("lint/suppressed.json");
  expect(suppressionsFile(["--suppressions-location=config/s.json"])).toBe(
    "config/s.json",
  );
});

describe("validateOptions names the setting ESLint would reject", () => {
  test.each([
    [
      { paths: [] },
      'paths is empty: list what ESLint should lint, for example ["."].',
    ],
    [
      { maxWarnings: 1.5 },
      "maxWarnings must be a whole number of 0 or more; got 1.5. Leave it unset to allow any number of warnings.",
    ],
    [
      { concurrency: "0" },
      'concurrency must be "off", "auto" or a positive whole number of threads; got "0".',
    ],
    [
      { fixTypes: ["problem", "style"] },
      "fixTypes may hold problem, suggestion, layout, directive; got style.",
    ],
  ])("%j", (setting, message) => {
    expect(() => validateOptions({ ...defaults, ...setting })).toThrow(
      new ProjectError(message),
    );
  });

  test("valid settings pass", () => {
    expect(() =>
      validateOptions({ ...defaults, maxWarnings: 0, concurrency: "4" }),
    ).not.toThrow();
  });
});
