// A project's files as the suite compares them: a snapshot to prove that nothing
// changed a tree, scratch copies for the tool to run in, and what a tool rewrote.
import { createHash } from "node:crypto";
import {
  cpSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

/** Every file and link below `dir`: path → a hash of its mode and bytes or target. */
export type Snapshot = Map<string, string>;

export function snapshot(dir: string, skip: readonly string[] = []): Snapshot {
  const out: Snapshot = new Map();
  const visit = (at: string) => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      const rel = relative(dir, path);
      if (skip.includes(rel)) continue;
      const stat = lstatSync(path);
      if (stat.isDirectory()) visit(path);
      else {
        const body = stat.isSymbolicLink()
          ? `link:${readlinkSync(path)}`
          : readFileSync(path);
        const hash = createHash("sha256").update(body).digest("hex");
        out.set(rel, `${(stat.mode & 0o777).toString(8)} ${hash}`);
      }
    }
  };
  visit(dir);
  return out;
}

/** The paths whose entry differs between two snapshots, sorted. */
export function changedPaths(before: Snapshot, after: Snapshot): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => before.get(p) !== after.get(p)).sort();
}

/**
 * What a tool changed in a copy: each changed path with its new text, or null when it
 * was removed.
 */
export function changedFiles(
  before: Snapshot,
  dir: string,
  skip: readonly string[] = [],
): Record<string, string | null> {
  const after = snapshot(dir, skip);
  return Object.fromEntries(
    changedPaths(before, after).map((p) => [
      p,
      after.has(p) ? readFileSync(join(dir, p), "utf8") : null,
    ]),
  );
}

/** A scratch folder in the temporary folder, removed by `remove`. */
export function scratch(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `corpus-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A copy of `tree` at `to`, links and modes kept. */
export function copyTree(tree: string, to: string): string {
  cpSync(tree, to, { recursive: true, verbatimSymlinks: true });
  return to;
}
