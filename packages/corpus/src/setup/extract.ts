// Unpacks an archive into a project's tree, without the folder every entry sits in
// (package/ for npm, name-version/ for an sdist, module@version/ for a Go zip), or
// only the project's folder inside it.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Source } from "../corpus.ts";

export function extract(
  archive: string,
  source: Source,
  to: string,
  root = "",
): void {
  const scratch = mkdtempSync(join(dirname(to), ".extract-"));
  try {
    if (source.registry === "go")
      // Python's zipfile: every setup machine has python3, not always unzip.
      execFileSync("python3", ["-m", "zipfile", "-e", archive, scratch]);
    else
      execFileSync("tar", ["-xzf", archive, "-C", scratch, "--no-same-owner"]);
    const top = join(
      source.registry === "go"
        ? join(scratch, `${source.module}@${source.version}`)
        : join(scratch, only(readdirSync(scratch), archive)),
      root,
    );
    rmSync(to, { recursive: true, force: true });
    renameSync(top, to);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function only(entries: string[], archive: string): string {
  if (entries.length !== 1)
    throw new Error(
      `corpus: ${archive} does not hold exactly one top folder: ${entries.join(", ")}`,
    );
  return entries[0]!;
}
