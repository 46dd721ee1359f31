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

  test("without a package.json, from the root's names and the settings that choose the files", () => {
    const name = cacheName({ ...defaults, cacheKey: "" }, project);
    expect(name).toMatch(/^project-[0-9a-f]{12}$/);
    expect(
      cacheName(
        { ...defaults, cacheKey: "", ignorePaths: [".gitignore"] },
        project,
      ),
    ).not.toBe(name);
    expect(
      cacheName({ ...defaults, cacheKey: "", cache: false }, project),
    ).toBe(name);
  });

  test("cacheKey names it when set", () => {
    expect(cacheName({ ...defaults, cacheKey: "docs" }, project)).toBe("docs");
  });
});
