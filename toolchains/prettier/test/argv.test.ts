// The prettier command line the toolchain builds.
import { describe, expect, test } from "vitest";
import { cacheName, prettierArgs, type PrettierOptions } from "../src/argv.ts";

const defaults: PrettierOptions = {
  paths: ["."],
  config: "",
  ignorePaths: [],
  cache: true,
  extraArgs: [],
};

describe("prettierArgs", () => {
  test("writes and names the files it formats, with the project's cache file on the volume", () => {
    expect(prettierArgs(defaults, "app")).toEqual([
      "--write",
      "--list-different",
      "--cache",
      "--cache-location",
      "/cache/prettier/app.json",
      "--cache-strategy",
      "content",
      ".",
    ]);
  });

  test("config, every ignore file, extra arguments, then the paths; no cache when it is off", () => {
    expect(
      prettierArgs(
        {
          paths: ["src", "docs/**/*.md"],
          config: ".prettierrc.json",
          ignorePaths: [".prettierignore", ".gitignore"],
          cache: false,
          extraArgs: ["--end-of-line", "lf"],
        },
        "app",
      ),
    ).toEqual([
      "--write",
      "--list-different",
      "--config",
      ".prettierrc.json",
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

describe("cacheName", () => {
  const project = { rootFiles: ["index.js", ".prettierrc"] };
  const env = "sha256:0123456789abcdef0123";

  test("without a package.json, from the root's names, the settings that choose the files and the environment", () => {
    const name = cacheName({ ...defaults, cacheKey: "" }, project, env);
    expect(name).toMatch(/^project-[0-9a-f]{12}$/);
    expect(
      cacheName(
        { ...defaults, cacheKey: "", ignorePaths: [".gitignore"] },
        project,
        env,
      ),
    ).not.toBe(name);
    expect(
      cacheName({ ...defaults, cacheKey: "", cache: false }, project, env),
    ).toBe(name);
    expect(
      cacheName({ ...defaults, cacheKey: "" }, project, "sha256:fedcba"),
    ).not.toBe(name);
  });

  test("cacheKey names it when set, with the environment's digest", () => {
    expect(cacheName({ ...defaults, cacheKey: "docs" }, project, env)).toBe(
      "docs-89abcdef0123",
    );
  });
});
