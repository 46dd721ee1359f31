// Gives every suite file a folder for its verdicts, and once they have all run writes
// docs/corpus.md from them (formatted as prettier would), then removes the folder.
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { format, resolveConfig } from "prettier";
import type { TestProject } from "vitest/node";
import { loadCorpus } from "../../src/corpus.ts";
import { readVerdicts, renderSummary, type Cell } from "../../src/summary.ts";

declare module "vitest" {
  export interface ProvidedContext {
    verdictsDir: string;
  }
}

export const summaryFile = new URL(
  "../../../../docs/corpus.md",
  import.meta.url,
);

export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "corpus-verdicts-"));
  project.provide("verdictsDir", dir);
  return async () => {
    try {
      let previous = "";
      try {
        previous = readFileSync(summaryFile, "utf8");
      } catch {
        // The first run writes it.
      }
      const verdicts = readVerdicts(previous);
      for (const name of readdirSync(dir)) {
        const row = JSON.parse(readFileSync(join(dir, name), "utf8")) as {
          key: string;
          cell: Cell;
        };
        verdicts.set(row.key, row.cell);
      }
      const path = fileURLToPath(summaryFile);
      const text = await format(renderSummary(loadCorpus(), verdicts), {
        ...(await resolveConfig(path)),
        filepath: path,
      });
      if (text !== previous) writeFileSync(summaryFile, text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
