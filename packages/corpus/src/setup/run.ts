// Commands the setup runs: online to fill a seed, and offline (a network namespace with
// only loopback, as the suite's steps get) to check that the seed is enough.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { corpusRoot } from "../paths.ts";

export interface RunOptions {
  cwd: string;
  env?: Record<string, string>;
}

/** Runs a command, its output shown only when it fails. */
export function run(argv: string[], o: RunOptions): string {
  try {
    return execFileSync(argv[0]!, argv.slice(1), {
      cwd: o.cwd,
      env: { ...process.env, ...o.env },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new Error(
      `corpus: \`${argv.join(" ")}\` failed in ${o.cwd}:\n${err.stderr ?? ""}${err.stdout ?? ""}`,
      { cause: e },
    );
  }
}

/** The same with no network but loopback. */
export const offline = (argv: string[], o: RunOptions) =>
  run(
    [
      "unshare",
      "--net",
      "bash",
      "-c",
      'ip link set lo up && exec "$@"',
      "offline",
      ...argv,
    ],
    o,
  );

/**
 * Runs `body` on a scratch copy of a tree, removed after: installs and downloads may
 * write (go.sum, node_modules), and the project's tree must stay as the archive holds it.
 */
export function withScratchCopy<T>(tree: string, body: (dir: string) => T): T {
  const dir = mkdtempSync(join(corpusRoot(), ".scratch-"));
  try {
    cpSync(tree, dir, { recursive: true });
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
