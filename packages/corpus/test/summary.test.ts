// docs/corpus.md: its tables, and verdicts read back from them for a partial run.
import { expect, test } from "vitest";
import type { Corpus } from "../src/corpus.ts";
import {
  readVerdicts,
  renderSummary,
  verdictKey,
  type Verdicts,
} from "../src/summary.ts";

const corpus: Corpus = {
  projects: [
    {
      id: "demo",
      source: {
        registry: "go",
        module: "example.com/demo",
        version: "v1.0.0",
        sha256: "a".repeat(64),
      },
      toolchains: { "golangci-lint": ["lint", "fix"], trivy: ["secrets"] },
      why: "A case.",
      differences: [
        {
          function: "trivy:secrets",
          reason: "The toolchain skips egg-info.",
          kind: "intended",
          diff: {},
        },
      ],
    },
  ],
};

test("one table per toolchain, cells read back as written", () => {
  const verdicts: Verdicts = new Map([
    [
      verdictKey("golangci-lint", "demo", "lint"),
      { verdict: "agrees", detail: "3 findings" },
    ],
    [
      verdictKey("trivy", "demo", "secrets"),
      { verdict: "intended", detail: "2 findings" },
    ],
  ]);
  const text = renderSummary(corpus, verdicts);
  expect(text).toContain(
    "| demo | `example.com/demo@v1.0.0` (go) | golangci-lint, trivy | A case. |",
  );
  expect(text).toContain("| project | lint | fmt | fix |");
  expect(text).toContain("| demo | agrees (3 findings) |  | not run |");
  expect(text).toContain(
    "| demo |  | intended difference (2 findings) |  |  |  |",
  );
  expect(text).toContain(
    "- **demo**, `trivy:secrets` (intended): The toolchain skips egg-info.",
  );
  expect(readVerdicts(text)).toEqual(verdicts);
});
