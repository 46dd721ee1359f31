// pytest run directly, as the project runs its tests (its tox.ini or CI, written down
// in corpus.json): `uv sync` from the project's uv.lock with the groups and extras it
// names, then pytest in that environment, on Debian's Python 3.11 (the python image
// stand-in's). Offline from a copy of the seeded uv cache, one per suite file.
import { cpSync, existsSync } from "node:fs";
import { join } from "node:path";
import type { Project } from "../corpus.ts";
import type { Outcome } from "../outcome.ts";
import { projectDir, seedsDir } from "../paths.ts";
import { python } from "../setup/python.ts";
import { excerpt } from "../toolchain/message.ts";
import { copyTree } from "../tree.ts";
import { tool } from "./run.ts";

export async function pytestTool(
  p: Project,
  work: string,
  caches: string,
): Promise<Outcome> {
  const cache = join(caches, "uv-cache");
  if (!existsSync(cache))
    cpSync(join(seedsDir(), "uv-cache"), cache, { recursive: true });
  const tree = copyTree(projectDir(p), join(work, "tree"));
  const env = {
    UV_CACHE_DIR: cache,
    UV_PYTHON: python,
    UV_PYTHON_DOWNLOADS: "never",
    UV_LINK_MODE: "copy",
    UV_OFFLINE: "1",
  };
  const selection = [
    ...(p.pytest?.groups ?? []).flatMap((g) => ["--group", g]),
    ...(p.pytest?.extras ?? []).flatMap((e) => ["--extra", e]),
  ];
  const sync = await tool("uv", ["sync", "--frozen", ...selection], {
    cwd: tree,
    env,
  });
  if (sync.exitCode)
    return {
      status: "error",
      findings: [],
      total: 0,
      message: excerpt(sync.output, 30),
    };
  // -rfE: the short summary names every failed test and error, which is what is read.
  const r = await tool(
    join(tree, ".venv", "bin", "python"),
    ["-m", "pytest", "-rfE"],
    {
      cwd: tree,
      env: { ...p.pytest?.env },
    },
  );
  const message = excerpt(r.output.split("\n").slice(-15).join("\n"));
  if (r.exitCode > 1)
    return { status: "error", findings: [], total: 0, message };
  const findings = shortSummary(r.stdout).sort();
  return {
    status: r.exitCode ? "findings" : "pass",
    findings,
    total: findings.length,
    message,
  };
}

/** "id FAILED" or "id ERROR" per line of pytest's short test summary. */
export function shortSummary(output: string): string[] {
  return [...output.matchAll(/^(FAILED|ERROR) (\S.*?)(?: - .*)?$/gm)].map(
    (m) => `${m[2]} ${m[1]}`,
  );
}
