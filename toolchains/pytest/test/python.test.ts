// Which Python the tests run with.
import { describe, expect, test } from "vitest";
import { allows, choosePython } from "../src/python.ts";

describe("python version", () => {
  test("requires-python clauses", () => {
    expect(allows(">=3.10,<3.13", "3.12")).toBe(true);
    expect(allows(">=3.10,<3.13", "3.13")).toBe(false);
    expect(allows("~=3.11", "3.14")).toBe(true);
    expect(allows("~=3.11.2", "3.12")).toBe(false);
    expect(allows("==3.12.*", "3.12")).toBe(true);
    expect(allows("<=3.12", "3.12")).toBe(true);
    expect(allows(">3.12", "3.12")).toBe(true); // 3.12.1 is > 3.12
    expect(allows("!=3.13.*", "3.13")).toBe(false);
  });

  test("the setting, then .python-version, then requires-python, then the default", () => {
    expect(choosePython("3.11", "3.13\n", ">=3.12").version).toBe("3.11");
    expect(choosePython("", "# pinned\ncpython@3.13.2\n", ">=3.12")).toEqual({
      version: "3.13",
      from: ".python-version",
    });
    expect(choosePython("", undefined, ">=3.11,<3.14").version).toBe("3.13");
    expect(choosePython("", undefined, undefined).version).toBe("3.14");
    expect(() => choosePython("", undefined, "<3.9")).toThrow(
      'requires-python is "<3.9", and no pinned Python (3.14, 3.13, 3.12, 3.11) satisfies it.',
    );
    expect(() => choosePython("", "pypy\n", undefined)).toThrow(
      '.python-version asks for "pypy", which names no Python version',
    );
  });
});
