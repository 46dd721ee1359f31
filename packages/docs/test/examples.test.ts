import { describe, expect, test } from "vitest";
import type { ModuleApi } from "@toolchains/testkit";
import {
  checkExample,
  jsonBlocks,
  toolchainOf,
  type Customization,
} from "../src/examples.ts";

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
      arg("source", "Directory"),
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
          { argument: "source", defaultPath: "/", ignore: ["**/node_modules"] },
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
