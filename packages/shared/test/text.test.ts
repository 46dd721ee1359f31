import { expect, test } from "vitest";
import {
  excerpt,
  lastLines,
  nonBlankLines,
  plural,
  stripAnsi,
} from "../src/text.ts";

const esc = String.fromCharCode(27);

test("stripAnsi removes colours and cursor moves, and nothing else", () => {
  expect(
    stripAnsi(`${esc}[1;31merror${esc}[0m: [x] ${esc}[2K${esc}[?25ldone`),
  ).toBe("error: [x] done");
});

test("nonBlankLines drops blank lines and escapes", () => {
  expect(nonBlankLines(`a\n\n  \n${esc}[32mb${esc}[0m\n`)).toEqual(["a", "b"]);
});

test("lastLines keeps the end of the output", () => {
  expect(lastLines("1\n2\n3\n4\n\n", 2)).toBe("3\n4");
});

test("excerpt shows the matching lines, else the last lines", () => {
  const output = "info 1\nERROR one\ninfo 2\nERROR two\nERROR three\n";
  expect(excerpt(output, /ERROR/, { max: 2 })).toBe("ERROR one\nERROR two");
  expect(excerpt(output, /ERROR/, { max: 2, from: "end" })).toBe(
    "ERROR two\nERROR three",
  );
  expect(excerpt(output, /FATAL/, { max: 2 })).toBe("ERROR two\nERROR three");
});

test("plural counts in words", () => {
  expect(plural(1, "file")).toBe("1 file");
  expect(plural(0, "file")).toBe("0 files");
  expect(plural(2, "fixable one", "fixable ones")).toBe("2 fixable ones");
});
