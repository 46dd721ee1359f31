import { expect, test } from "vitest";
import { tracingDir, withTracingPath } from "../src/tracing.ts";

test("the plugin's folder goes first on PYTHONPATH, before the env setting's own", () => {
  expect(withTracingPath([["A", "1"]])).toEqual([
    ["A", "1"],
    ["PYTHONPATH", tracingDir],
  ]);
  expect(
    withTracingPath([
      ["PYTHONPATH", "src:lib"],
      ["B", "2"],
    ]),
  ).toEqual([
    ["B", "2"],
    ["PYTHONPATH", `${tracingDir}:src:lib`],
  ]);
});
