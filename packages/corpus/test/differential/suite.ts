// One comparison of the differential suite: the toolchain function through call(), the
// tool run directly on a copy, the project's tree unchanged by either, and a verdict
// that the summary records and the test enforces: equal, or a listed difference.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, inject } from "vitest";
import {
  knownDifference,
  type Project,
  type Toolchain,
} from "../../src/corpus.ts";
import {
  canonical,
  compare,
  detail,
  verdict,
  type Outcome,
} from "../../src/outcome.ts";
import { pinned, projectDir } from "../../src/paths.ts";
import { verdictKey, type Cell } from "../../src/summary.ts";
import { changedPaths, scratch, snapshot } from "../../src/tree.ts";

export interface Sides {
  toolchain(): Promise<Outcome>;
  /** The tool, given a scratch folder of its own (removed after). */
  tool(work: string): Promise<Outcome>;
}

export async function differential(
  p: Project,
  toolchain: Toolchain,
  fn: string,
  sides: Sides,
): Promise<void> {
  const tree = projectDir(p);
  if (!existsSync(tree))
    throw new Error(
      `${pinned(p.source)} is not in the corpus cache (${tree}): run \`source .ci/setup\` from the repository root first`,
    );
  const key = verdictKey(toolchain, p.id, fn);
  const before = snapshot(tree);
  const work = scratch(`${p.id}-${fn}`);
  let found;
  try {
    const mine = await sides.toolchain();
    const theirs = await sides.tool(work.dir);
    expect(
      changedPaths(before, snapshot(tree)),
      "the project's tree changed",
    ).toEqual([]);
    found = { mine, theirs, diff: compare(mine, theirs) };
  } catch (e) {
    record(key, { verdict: "fails", detail: "did not finish" });
    throw e;
  } finally {
    work.remove();
  }
  const known = knownDifference(p, `${toolchain}:${fn}`);
  const v = verdict(found.diff, known);
  record(key, { verdict: v, detail: detail(found.theirs) });
  // One line per comparison in the log, whatever the verdict.
  console.log(
    `${toolchain}:${fn} on ${p.id}: ${v}; toolchain ${detail(found.mine)}, tool ${detail(found.theirs)}`,
  );
  if (v === "fails")
    expect.fail(
      [
        known
          ? `${toolchain}:${fn} on ${p.id} no longer differs as corpus.json lists:`
          : `${toolchain}:${fn} on ${p.id} differs from the tool:`,
        `found:  ${canonical(found.diff)}`,
        ...(known ? [`listed: ${canonical(known.diff)}`] : []),
        "",
        `toolchain (${found.mine.status}):`,
        found.mine.message,
        "",
        `tool (${found.theirs.status}):`,
        found.theirs.message,
      ].join("\n"),
    );
}

function record(key: string, cell: Cell): void {
  const name = key.replaceAll(/[^a-z0-9.-]+/gi, "_");
  writeFileSync(
    join(inject("verdictsDir"), `${name}.json`),
    JSON.stringify({ key, cell }),
  );
}
