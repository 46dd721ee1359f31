// The real prettier (the version the toolchain pins), run with the exact arguments the
// toolchain builds, on copies of fixture projects; its output read by the toolchain's
// own parser.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import { prettierArgs, type PrettierOptions } from "../src/argv.ts";
import { classify } from "../src/outcome.ts";

const prettierBin = createRequire(import.meta.url).resolve(
  "prettier/bin/prettier.cjs",
);
const defaults: PrettierOptions = {
  paths: ["."],
  config: "",
  ignorePaths: [],
  cache: true,
  extraArgs: [],
};

/** The toolchain's argv, with the cache file moved from its volume to a scratch folder. */
function argv(options: Partial<PrettierOptions>, cache: string): string[] {
  return prettierArgs({ ...defaults, ...options }, "project").map((a) =>
    a.startsWith("/cache/") ? join(cache, "prettier-cache.json") : a,
  );
}

async function runPrettier(
  fixture: string,
  options: Partial<PrettierOptions> = {},
  env: Record<string, string> = {},
) {
  const dir = mkdtempSync(join(tmpdir(), `prettier-${fixture}-`));
  const cache = mkdtempSync(join(tmpdir(), "prettier-cache-"));
  cpSync(
    fileURLToPath(new URL(`./fixtures/${fixture}`, import.meta.url)),
    dir,
    { recursive: true },
  );
  const result = await promisify(execFile)(
    process.execPath,
    [prettierBin, ...argv(options, cache)],
    { cwd: dir, env: { ...process.env, ...env } },
  ).then(
    ({ stdout, stderr }) => ({ exitCode: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      exitCode: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );
  return {
    dir,
    cache,
    ...result,
    outcome: classify(result.exitCode, result.stdout, result.stderr),
  };
}

describe.concurrent("real prettier", () => {
  test("a formatted project passes", async () => {
    const r = await runPrettier("clean");
    expect(r.outcome).toEqual({ kind: "formatted" });
  });

  test("unformatted files are named and rewritten, and only they", async () => {
    const r = await runPrettier("unformatted");
    expect(r.outcome).toEqual({
      kind: "unformatted",
      files: ["index.js", "other.js"],
    });
    expect(readFileSync(join(r.dir, "index.js"), "utf8")).toBe(
      'const greeting = { text: "hello" };\n',
    );
    expect(readFileSync(join(r.dir, "README.md"), "utf8")).toBe("# Fine\n");
  });

  test("a warm run with the cache names nothing once the files are formatted", async () => {
    const first = await runPrettier("unformatted");
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [prettierBin, ...argv({}, first.cache)],
      { cwd: first.dir },
    );
    expect(classify(0, stdout, "")).toEqual({ kind: "formatted" });
  });

  test("an unparsable file is a prettier failure that names the file", async () => {
    const r = await runPrettier("unparsable");
    expect(r.exitCode).toBe(2);
    expect(r.outcome.kind).toBe("failed");
    expect(r.outcome.kind === "failed" && r.outcome.message).toContain(
      "Prettier could not parse 1 file (src/broken.js).",
    );
  });

  test("coloured output, as with FORCE_COLOR, reads the same", async () => {
    const r = await runPrettier("unparsable", {}, { FORCE_COLOR: "1" });
    expect(r.stderr).toContain("\u001b[");
    expect(r.outcome.kind === "failed" && r.outcome.message).toContain(
      "Prettier could not parse 1 file (src/broken.js).",
    );
  });

  test("paths that match nothing say there is nothing to format", async () => {
    const r = await runPrettier("clean", { paths: ["nothing/"] });
    expect(r.exitCode).toBe(2);
    expect(r.outcome.kind === "failed" && r.outcome.message).toContain(
      "Prettier found nothing to format.",
    );
  });
});
