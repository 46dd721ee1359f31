import { describe, expect, test } from "vitest";
import type { ModuleApi } from "@toolchains/testkit";
import {
  checkExample,
  jsonBlocks,
  toolchainOf,
  type Customization,
} from "../src/examples.ts";
import { pinVersions, staleVersions } from "../src/versions.ts";

const arg = (name: string, type: string) => ({
  name,
  type,
  description: "",
  optional: false,
  unresolvedDefault: false,
});
const api: ModuleApi = {
  name: "lint",
  engineVersion: "v0.21.9",
  sdk: "typescript",
  objects: [],
  main: {
    name: "Lint",
    description: "",
    constructorArgs: [
      {
        ...arg("source", "Directory"),
        defaultPath: "/",
        ignore: [".git", "**/node_modules"],
      },
      arg("paths", "String[]"),
      arg("cache", "Boolean"),
      arg("maxWarnings", "Integer"),
    ],
    functions: [
      {
        name: "report",
        description: "",
        isCheck: false,
        isGenerator: false,
        returnType: "File",
        args: [arg("format", "String")],
      },
    ],
  },
};
const apis = new Map([["lint", api]]);
const example = (...customizations: Customization[]) => ({
  toolchains: [
    {
      name: "lint",
      source: "github.com/o/r/toolchains/lint@v1.0.0",
      customizations,
    },
  ],
});

describe("customizations examples", () => {
  test("valid ones pass", () => {
    expect(
      checkExample(
        example(
          { argument: "paths", default: '["src"]' },
          { argument: "cache", default: "false" },
          { argument: "maxWarnings", default: "0" },
          {
            argument: "source",
            defaultPath: "/",
            ignore: [".git", "**/node_modules", "vendor"],
          },
          { function: ["report"], argument: "format", default: "json" },
        ),
        apis,
      ),
    ).toEqual([]);
  });

  test("each mistake is named", () => {
    expect(
      checkExample(
        example(
          { argument: "path", default: "src" },
          { argument: "paths", default: "src" },
          { argument: "cache", default: true },
          { argument: "maxWarnings", default: "few" },
          { argument: "paths", ignore: ["x"] },
          { function: ["lint"], argument: "x" },
        ),
        apis,
      ),
    ).toEqual([
      "toolchain lint: no argument path",
      "toolchain lint: paths: a list default is a JSON array",
      "toolchain lint: cache: a default is written as a string in dagger.json",
      "toolchain lint: maxWarnings: an Integer default is a whole number",
      "toolchain lint: paths: ignore is for Directory arguments",
      "toolchain lint: no function lint",
    ]);
  });

  test("an ignore list replaces the default one: a default it leaves out is named, unless dropped on purpose", () => {
    const dropsGit = example({
      argument: "source",
      defaultPath: "/",
      ignore: ["**/node_modules", "vendor"],
    });
    expect(checkExample(dropsGit, apis)).toEqual([
      "toolchain lint: source: ignore replaces the default list, and this one drops .git",
    ]);
    expect(checkExample(dropsGit, apis, { mayDrop: [".git"] })).toEqual([]);
  });

  test("sources are local folders or remote refs of this repository", () => {
    expect(toolchainOf("toolchains/prettier")).toBe("prettier");
    expect(
      toolchainOf(
        "github.com/daggertools/toolchains/toolchains/golangci-lint@v1.2.0",
      ),
    ).toBe("golangci-lint");
    expect(toolchainOf("github.com/other/thing@v1")).toBeUndefined();
    expect(
      checkExample(
        { toolchains: [{ name: "x", source: "github.com/other/thing@v1" }] },
        apis,
      ),
    ).toEqual([
      "toolchain x: source github.com/other/thing@v1 is not a toolchain of this repository",
    ]);
  });

  test("json blocks are found in Markdown", () => {
    expect(
      jsonBlocks("text\n```json\n{}\n```\nmore\n```sh\nls\n```\n"),
    ).toEqual(["{}\n"]);
  });
});

describe("versions in install lines", () => {
  const versions = new Map([
    ["prettier", "0.4.0"],
    ["golangci-lint", "1.2.3"],
  ]);
  const prefix = "github.com/o/r";
  const text = [
    "dagger toolchain install github.com/o/r/toolchains/prettier@v0.1.0",
    '"source": "github.com/o/r/toolchains/golangci-lint@v1.2.3",',
    "github.com/o/r/toolchains/unknown@v9.9.9 and github.com/other/r/toolchains/prettier@v0.1.0.",
    "`github.com/o/r/toolchains/prettier@v0.1.0`.",
  ].join("\n");

  test("references are rewritten to the package.json version, others left alone", () => {
    expect(pinVersions(text, versions, prefix)).toBe(
      [
        "dagger toolchain install github.com/o/r/toolchains/prettier@v0.4.0",
        '"source": "github.com/o/r/toolchains/golangci-lint@v1.2.3",',
        "github.com/o/r/toolchains/unknown@v9.9.9 and github.com/other/r/toolchains/prettier@v0.1.0.",
        "`github.com/o/r/toolchains/prettier@v0.4.0`.",
      ].join("\n"),
    );
  });

  test("stale references are named with the version they should have", () => {
    expect(staleVersions(text, versions, prefix)).toEqual([
      "github.com/o/r/toolchains/prettier@v0.1.0 (package.json says 0.4.0)",
      "github.com/o/r/toolchains/prettier@v0.1.0 (package.json says 0.4.0)",
    ]);
  });
});
