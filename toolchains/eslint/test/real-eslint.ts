// Runs the real ESLint (the repository's own, ESLint 10) on a copy of a fixture project
// with the exact arguments the toolchain builds, the cache and report files moved from
// the container's paths to scratch folders.
import { execFile } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import {
  cacheDir,
  eslintArgs,
  reportFile,
  type EslintOptions,
  type RunMode,
} from "../src/argv.ts";
import { parseReport, type EslintReport } from "../src/report.ts";

export const eslintBin = join(
  dirname(createRequire(import.meta.url).resolve("eslint/package.json")),
  "bin/eslint.js",
);

export const defaults: EslintOptions = {
  paths: ["."],
  config: "",
  concurrency: "off",
  cache: true,
  fixTypes: [],
  extraArgs: [],
};

export interface Scratch {
  /** The copy of the project, ESLint's working directory (the container's /src). */
  dir: string;
  /** Stands for the cache volume. */
  cache: string;
  /** Holds the report file. */
  out: string;
}

export function scratch(fixture: string): Scratch {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), `eslint-${fixture}-`)));
  cpSync(
    fileURLToPath(new URL(`./fixtures/${fixture}`, import.meta.url)),
    dir,
    { recursive: true },
  );
  return {
    dir,
    cache: mkdtempSync(join(tmpdir(), "eslint-cache-")),
    out: mkdtempSync(join(tmpdir(), "eslint-out-")),
  };
}

/** The toolchain's argv, its container paths mapped into the scratch folders. */
export function argv(
  options: Partial<EslintOptions>,
  mode: RunMode,
  s: Scratch,
): string[] {
  return eslintArgs({ ...defaults, ...options }, mode, {
    cacheName: "project",
    pruneSuppressions: false,
    ignorePatterns: [],
  }).map((a) =>
    a === reportFile
      ? join(s.out, "report.json")
      : a.startsWith(`${cacheDir}/`)
        ? join(s.cache, basename(a))
        : a,
  );
}

export interface EslintRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** ESLint's report, when it wrote one (exit codes 0 and 1). */
  report?: EslintReport;
}

export async function runEslint(
  s: Scratch,
  args: string[],
): Promise<EslintRun> {
  const result = await promisify(execFile)(
    process.execPath,
    [eslintBin, ...args],
    { cwd: s.dir, env: { ...process.env, FORCE_COLOR: "0" } },
  ).then(
    ({ stdout, stderr }) => ({ exitCode: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      exitCode: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );
  const file = join(s.out, "report.json");
  return {
    ...result,
    ...(existsSync(file)
      ? { report: parseReport(readFileSync(file, "utf8")) }
      : {}),
  };
}

/** A fresh copy of `fixture`, linted (or fixed) once with the toolchain's flags. */
export async function eslintOn(
  fixture: string,
  options: Partial<EslintOptions> = {},
  mode: RunMode = "lint",
) {
  const s = scratch(fixture);
  return { ...s, ...(await runEslint(s, argv(options, mode, s))) };
}
