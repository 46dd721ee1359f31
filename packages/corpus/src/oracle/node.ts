// ESLint and prettier run directly, as a user would in their checkout after `npm ci`:
// the project's own ESLint and prettier from its install (prettier pinned as the
// toolchain pins it when the project has none), with the project's own config. Each
// project is installed once per suite file, offline from a copy of the seeded npm
// cache; a run that writes (fix, write) has its changes read and then undone.
import { cpSync, existsSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import type { Project } from "../corpus.ts";
import type { Outcome } from "../outcome.ts";
import { projectDir, seedsDir } from "../paths.ts";
import { npm } from "../setup/node.ts";
import { excerpt } from "../toolchain/message.ts";
import { changedFiles, copyTree, snapshot } from "../tree.ts";
import { tool } from "./run.ts";

const installed = ["node_modules"];

/** Each project's install, made on first use below `root`. */
export class NodeInstalls {
  private readonly trees = new Map<string, Promise<string>>();
  constructor(private readonly root: string) {}

  tree(p: Project): Promise<string> {
    let tree = this.trees.get(p.id);
    if (!tree) this.trees.set(p.id, (tree = this.install(p)));
    return tree;
  }

  private async install(p: Project): Promise<string> {
    const cache = join(this.root, "npm-cache");
    if (!existsSync(cache))
      cpSync(join(seedsDir(), "npm-cache"), cache, { recursive: true });
    const dir = copyTree(projectDir(p), join(this.root, p.id));
    const r = await tool(
      npm(),
      ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"],
      {
        cwd: dir,
        env: { npm_config_cache: cache },
      },
    );
    if (r.exitCode)
      throw new Error(`npm ci failed for ${p.id}:\n${excerpt(r.output, 30)}`);
    return dir;
  }
}

/** Runs `argv` in the install; for a generator, returns what it changed and undoes it. */
async function runIn(p: Project, dir: string, argv: string[], writes: boolean) {
  const before = snapshot(dir, installed);
  const r = await tool(argv[0]!, argv.slice(1), { cwd: dir });
  if (!writes) return { r };
  const files = changedFiles(before, dir, installed);
  for (const path of Object.keys(files)) {
    const original = join(projectDir(p), path);
    if (existsSync(original)) cpSync(original, join(dir, path));
    else rmSync(join(dir, path), { force: true });
  }
  return { r, files };
}

interface EslintResult {
  filePath: string;
  messages: {
    ruleId: string | null;
    fatal?: boolean;
    severity: number;
    line?: number;
    column?: number;
  }[];
}

export async function eslintTool(
  p: Project,
  fn: string,
  installs: NodeInstalls,
  work: string,
): Promise<Outcome> {
  const dir = await installs.tree(p);
  const report = join(work, "eslint.json");
  const fix = fn === "fix";
  const { r, files } = await runIn(
    p,
    dir,
    [
      "node_modules/.bin/eslint",
      ...(fix ? ["--fix"] : []),
      "--format",
      "json",
      "--output-file",
      report,
      ".",
    ],
    fix,
  );
  const message = excerpt(r.output);
  if (r.exitCode > 1 || !existsSync(report))
    return { status: "error", findings: [], total: 0, message };
  if (fix) return { status: "pass", findings: [], total: 0, files, message };
  const findings = eslintFindings(
    JSON.parse(readFileSync(report, "utf8")),
    dir,
  ).sort();
  return {
    status: r.exitCode ? "findings" : "pass",
    findings,
    total: findings.length,
    message,
  };
}

/** "file:line:col rule severity" per message; ESLint's own problems named as the toolchain names them. */
export function eslintFindings(
  results: EslintResult[],
  root: string,
): string[] {
  return results.flatMap((result) =>
    result.messages.map((m) => {
      const file = relative(root, result.filePath);
      const where = m.line ? `${file}:${m.line}:${m.column ?? 0}` : file;
      const rule = m.ruleId ?? (m.fatal ? "parse-error" : "eslint-core");
      return `${where} ${rule} ${m.severity === 2 ? "error" : "warning"}`;
    }),
  );
}

/** The prettier the prettier toolchain pins for projects without one: the repository's own, at that version. */
function pinnedPrettier(): string {
  const index = readFileSync(
    new URL("../../../../toolchains/prettier/src/index.ts", import.meta.url),
    "utf8",
  );
  const pin = /^\s*version = "([^"]+)",$/m.exec(index)?.[1];
  const require = createRequire(import.meta.url);
  const pkg = require.resolve("prettier/package.json");
  const version = (JSON.parse(readFileSync(pkg, "utf8")) as { version: string })
    .version;
  if (version !== pin)
    throw new Error(
      `the prettier toolchain pins prettier ${pin}, but the repository has ${version}`,
    );
  return join(pkg, "..", "bin", "prettier.cjs");
}

export async function prettierTool(
  p: Project,
  fn: string,
  installs: NodeInstalls,
): Promise<Outcome> {
  const dir = await installs.tree(p);
  const own = join(dir, "node_modules", ".bin", "prettier");
  const bin = existsSync(own) ? [own] : ["node", pinnedPrettier()];
  const write = fn === "write";
  const { r, files } = await runIn(
    p,
    dir,
    [...bin, write ? "--write" : "--list-different", "."],
    write,
  );
  const message = excerpt(r.output);
  if (r.exitCode > 1)
    return { status: "error", findings: [], total: 0, message };
  if (write) return { status: "pass", findings: [], total: 0, files, message };
  const findings = r.stdout
    .split("\n")
    .filter(Boolean)
    .map((f) => `${f} unformatted`)
    .sort();
  return {
    status: r.exitCode ? "findings" : "pass",
    findings,
    total: findings.length,
    message,
  };
}
