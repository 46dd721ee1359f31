// golangci-lint run directly, as a user would in each module of their checkout: `run
// ./...`, `fmt` and `run --fix`, with the project's own config found as golangci-lint
// finds it, the host's Go (the golang image stand-in's) and golangci-lint (the image's
// release). Offline: a copy of the seeded module cache, GOPROXY=off, and build and
// lint caches shared by every run, as on one machine.
import { cpSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { Project } from "../corpus.ts";
import type { Outcome } from "../outcome.ts";
import { projectDir, seedsDir } from "../paths.ts";
import { goModules } from "../setup/go.ts";
import { excerpt } from "../toolchain/message.ts";
import { changedFiles, copyTree, snapshot } from "../tree.ts";
import { tool } from "./run.ts";

/** Go's and golangci-lint's places below `caches`, the module cache copied from the seed. */
export function goEnv(caches: string): Record<string, string> {
  const modCache = join(caches, "mod");
  const seed = join(seedsDir(), "go-mod");
  if (!existsSync(modCache)) {
    if (existsSync(seed)) cpSync(seed, modCache, { recursive: true });
    else mkdirSync(modCache, { recursive: true });
  }
  return {
    // No config of the user's (golangci-lint looks in $HOME too), no go env file.
    HOME: join(caches, "home"),
    GOENV: "off",
    GOPATH: join(caches, "gopath"),
    GOMODCACHE: modCache,
    GOCACHE: join(caches, "build"),
    GOLANGCI_LINT_CACHE: join(caches, "lint"),
    GOPROXY: "off",
    GOSUMDB: "off",
  };
}

const commands: Record<string, string[]> = {
  lint: ["run", "./..."],
  fmt: ["fmt"],
  fix: ["run", "--fix", "./..."],
};

export async function golangciLintTool(
  p: Project,
  fn: string,
  work: string,
  caches: string,
): Promise<Outcome> {
  const tree = copyTree(projectDir(p), join(work, "tree"));
  const before = snapshot(tree);
  const env = goEnv(caches);
  const findings: string[] = [];
  const outputs: string[] = [];
  let status: Outcome["status"] = "pass";
  for (const [i, module] of goModules(p).entries()) {
    const report = join(work, `report-${i}.json`);
    // The JSON report to read findings from, with absolute paths to place them.
    const readable =
      fn === "lint" ? ["--output.json.path", report, "--path-mode", "abs"] : [];
    const r = await tool("golangci-lint", [...commands[fn]!, ...readable], {
      cwd: join(tree, module),
      env,
    });
    outputs.push(r.output);
    // Exit 1 is "issues found": for fix, the ones it could not fix.
    if (
      r.exitCode > 1 ||
      (fn === "lint" && r.exitCode === 1 && !existsSync(report))
    )
      status = "error";
    else if (fn === "lint" && r.exitCode === 1 && status === "pass")
      status = "findings";
    if (fn === "lint" && existsSync(report))
      findings.push(...reportFindings(readFileSync(report, "utf8"), tree));
  }
  const message = excerpt(outputs.join("\n"));
  if (status === "error") return { status, findings: [], total: 0, message };
  if (fn !== "lint")
    return {
      status,
      findings: [],
      total: 0,
      files: changedFiles(before, tree),
      message,
    };
  return { status, findings: findings.sort(), total: findings.length, message };
}

interface Issue {
  FromLinter: string;
  Pos: { Filename: string; Line: number; Column: number };
}

/** "file:line[:col] linter" per issue, the file relative to the project's root. */
export function reportFindings(json: string, root: string): string[] {
  // The report is one line; anything after it is not part of it.
  const doc = JSON.parse(json.trim().split("\n")[0]!) as { Issues?: Issue[] };
  return (doc.Issues ?? []).map((i) => {
    const file = relative(root, i.Pos.Filename);
    return `${file}:${i.Pos.Line}${i.Pos.Column ? `:${i.Pos.Column}` : ""} ${i.FromLinter}`;
  });
}
