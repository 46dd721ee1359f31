// Fetches and verifies every corpus project into $TOOLCHAINS_CORPUS, and fills the
// package stores its offline runs need. Run by .ci/corpus.sh (from .ci/setup) with
// Node's own TypeScript support. A project whose stamp matches what it is made from
// (its entry and this setup's code) is skipped: a warm setup needs no network.
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCorpus, type Project } from "../corpus.ts";
import { corpusRoot, pinned, projectDir, stampFile } from "../paths.ts";
import { extract } from "./extract.ts";
import { fetchVerified } from "./fetch.ts";
import { seedGo } from "./go.ts";
import { lockNode, seedNode } from "./node.ts";
import { lockPython, seedPython } from "./python.ts";

const here = dirname(fileURLToPath(import.meta.url));

/** The setup's files that make a project's tree and seeds, by what the project needs. */
function makers(p: Project): string[] {
  return [
    "fetch.ts",
    "extract.ts",
    "run.ts",
    ...(p.toolchains["golangci-lint"] ? ["go.ts"] : []),
    ...(p.toolchains.eslint ||
    p.toolchains.prettier ||
    p.lockfile?.manager.startsWith("npm@")
      ? ["node.ts"]
      : []),
    ...(p.toolchains.pytest || p.lockfile?.manager.startsWith("uv@")
      ? ["python.ts"]
      : []),
  ];
}

/**
 * What a project's tree and seeds are made from: its entry, without the reason and
 * the known differences, and the setup code that makes them.
 */
function stamp(p: Project): string {
  const hash = createHash("sha256").update(
    JSON.stringify([
      p.source,
      p.root ?? "",
      p.toolchains,
      p.lockfile ?? null,
      p.goModules ?? null,
    ]),
  );
  for (const file of makers(p)) hash.update(readFileSync(join(here, file)));
  return hash.digest("hex").slice(0, 16);
}

async function ensure(p: Project): Promise<void> {
  const want = stamp(p);
  const have = existsSync(stampFile(p))
    ? readFileSync(stampFile(p), "utf8")
    : "";
  if (have === want && existsSync(projectDir(p))) return;
  console.log(`corpus: ${p.id} (${pinned(p.source)})`);
  rmSync(stampFile(p), { force: true });
  const archive = await fetchVerified(p.source);
  mkdirSync(dirname(projectDir(p)), { recursive: true });
  extract(archive, p.source, projectDir(p), p.root);
  if (p.lockfile?.manager.startsWith("npm@")) lockNode(p);
  if (p.lockfile?.manager.startsWith("uv@")) lockPython(p);
  if (p.toolchains.eslint || p.toolchains.prettier) seedNode(p);
  if (p.toolchains.pytest) seedPython(p);
  if (p.toolchains["golangci-lint"]) seedGo(p);
  mkdirSync(dirname(stampFile(p)), { recursive: true });
  writeFileSync(stampFile(p), want);
}

const corpus = loadCorpus();
for (const p of corpus.projects) await ensure(p);
// npm logs each run into its cache: not part of the seed.
rmSync(join(corpusRoot(), "seeds", "npm-cache", "_logs"), {
  recursive: true,
  force: true,
});
console.log(`corpus: ${corpus.projects.length} projects ready`);
