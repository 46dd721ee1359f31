// The little of pyproject.toml the toolchain reads.
import { describe, expect, test } from "vitest";
import { readToml } from "../src/toml.ts";

describe("pyproject.toml", () => {
  test("tables, keys, strings and multi-line arrays; comments ignored", () => {
    const t = readToml(
      [
        "[project]",
        'name = "x" # the name',
        'requires-python = ">=3.11"',
        "dynamic = [",
        '  "version",  # not the deps',
        '  "dependencies",',
        "]",
        "[project.optional-dependencies]",
        'test = ["pytest[testing]>=9", "syrupy"]',
        '[tool.poetry.group."test".dependencies]',
        'pytest = "^9"',
      ].join("\n"),
    );
    expect(t.values.get("project.requires-python")).toBe(">=3.11");
    expect(t.values.get("project.dynamic")).toEqual([
      "version",
      "dependencies",
    ]);
    expect(t.keys.get("project.optional-dependencies")).toEqual(["test"]);
    expect(t.keys.has("tool.poetry.group.test.dependencies")).toBe(true);
  });
});
