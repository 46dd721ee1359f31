// Comparing two outcomes, and the verdict against what corpus.json lists.
import { describe, expect, test } from "vitest";
import type { KnownDifference } from "../src/corpus.ts";
import { compare, detail, verdict, type Outcome } from "../src/outcome.ts";

const found = (findings: string[], total = findings.length): Outcome => ({
  status: "findings",
  findings,
  total,
  message: "",
});
const wrote = (files: Record<string, string | null>): Outcome => ({
  status: "pass",
  findings: [],
  total: 0,
  files,
  message: "",
});

describe("compare", () => {
  test("the same findings in another order agree", () => {
    expect(
      compare(found(["b.go:2 x", "a.go:1 y"]), found(["a.go:1 y", "b.go:2 x"])),
    ).toEqual({});
  });

  test("findings on one side only, one for one", () => {
    expect(
      compare(found(["a:1 r", "a:1 r"]), found(["a:1 r", "b:2 s"])),
    ).toEqual({
      onlyToolchain: ["a:1 r"],
      onlyTool: ["b:2 s"],
    });
  });

  test("a toolchain that shows its first findings: those must be the tool's, and the totals equal", () => {
    expect(
      compare(found(["a:1 r"], 3), found(["a:1 r", "b:1 r", "c:1 r"])),
    ).toEqual({});
    expect(compare(found(["a:1 r"], 3), found(["a:1 r", "b:1 r"]))).toEqual({
      status: ["findings (3)", "findings (2)"],
    });
  });

  test("pass against findings", () => {
    expect(
      compare(found([]), { ...found(["a:1 r"]), status: "findings" }),
    ).toEqual({
      onlyTool: ["a:1 r"],
    });
    expect(compare({ ...found([]), status: "pass" }, found(["a:1 r"]))).toEqual(
      {
        status: ["pass", "findings"],
        onlyTool: ["a:1 r"],
      },
    );
  });

  test("a generator's files: on one side only, removed, or with other contents", () => {
    expect(
      compare(
        wrote({ "a.go": "x\ny\n", "b.go": "b", "c.go": null }),
        wrote({ "a.go": "x\nz\n", "d.go": "d", "c.go": "c" }),
      ),
    ).toEqual({
      files: {
        "a.go": 'line 2: toolchain "y", tool "z"',
        "b.go": "only the toolchain changes it",
        "c.go": "only the toolchain removes it",
        "d.go": "only the tool changes it",
      },
    });
  });
});

describe("verdict", () => {
  const listed = (kind: KnownDifference["kind"]): KnownDifference => ({
    function: "trivy:secrets",
    reason: "why",
    kind,
    diff: { onlyTool: ["b:1 r", "a:1 r"] },
  });

  test("agrees, intended, known bug, or fails", () => {
    expect(verdict({})).toBe("agrees");
    expect(verdict({ onlyTool: ["a:1 r", "b:1 r"] }, listed("intended"))).toBe(
      "intended",
    );
    expect(verdict({ onlyTool: ["a:1 r", "b:1 r"] }, listed("bug"))).toBe(
      "known bug",
    );
    expect(verdict({ onlyTool: ["a:1 r"] })).toBe("fails");
  });

  test("a listed difference that is no longer found, or has changed, fails", () => {
    expect(verdict({}, listed("intended"))).toBe("fails");
    expect(verdict({ onlyTool: ["a:1 r"] }, listed("intended"))).toBe("fails");
  });
});

test("detail says what the tool told the user", () => {
  expect(detail(found(["a"]))).toBe("1 finding");
  expect(detail({ ...found([]), status: "error" })).toBe("could not run");
  expect(detail(wrote({}))).toBe("no change");
  expect(detail(wrote({ a: "", b: null }))).toBe("2 files written");
  expect(detail({ ...found([]), status: "pass" })).toBe("passes");
});
