// The corpus list (corpus.json): which public projects, pinned how, run through which
// toolchain functions, and the differences between a toolchain and its tool that are
// known and intended. Read by the setup that fetches the projects and by the suite.
import { readFileSync } from "node:fs";

/** The toolchains and the checks and generators the suite compares, by function name. */
export const toolchainFunctions = {
  trivy: [
    "vulnerabilities",
    "secrets",
    "misconfigurations",
    "licenses",
    "sbom",
  ],
  "golangci-lint": ["lint", "fmt", "fix"],
  prettier: ["check", "write"],
  eslint: ["lint", "fix"],
  pytest: ["test"],
} as const;
export type Toolchain = keyof typeof toolchainFunctions;
export const toolchains = Object.keys(toolchainFunctions) as Toolchain[];

/** Where an archive comes from: the registry, and what names it there. */
export type Source =
  | { registry: "go"; module: string; version: string; sha256: string }
  | { registry: "npm"; package: string; version: string; sha256: string }
  | {
      registry: "pypi";
      package: string;
      version: string;
      /** The sdist's address on files.pythonhosted.org, as the index lists it. */
      url: string;
      sha256: string;
    };

/**
 * What differs between the toolchain's outcome and the tool's, in the terms the suite
 * compares (outcome.ts): a listed difference must match the one found exactly.
 */
export interface Diff {
  /** The toolchain's status and the tool's, when they differ. */
  status?: [string, string];
  /** Findings only the toolchain reports, and only the tool. */
  onlyToolchain?: string[];
  onlyTool?: string[];
  /** Files a generator writes differently: path, then what differs. */
  files?: Record<string, string>;
}

export interface KnownDifference {
  /** "toolchain:function", as `dagger check` names it. */
  function: string;
  /** Why the toolchain differs from its tool here, and whether it is intended. */
  reason: string;
  /** "intended": what the toolchain adds or decides on purpose; "bug": to fix in the toolchain. */
  kind: "intended" | "bug";
  /** What each side said, for a bug: the toolchain's message and the tool's output. */
  evidence?: string;
  diff: Diff;
}

export interface Project {
  /** Short and unique: folder names and the summary's rows. */
  id: string;
  source: Source;
  /** The toolchains that apply, each with the functions compared. */
  toolchains: Partial<Record<Toolchain, string[]>>;
  /** Why the project is in the corpus: what layout or case it brings. */
  why: string;
  /** The project's folder inside the archive, when it is not the archive's root (a template). */
  root?: string;
  /**
   * A lockfile the setup generates when the package ships none: the pinned package
   * manager ("npm@11.19.1"), the file, and the date the resolution stops at (npm's
   * --before), so a later setup resolves the same versions. The tree then holds it.
   */
  lockfile?: { manager: string; file: string; before: string };
  /** Go modules below the root, for the tool run in each (the root is ".").  */
  goModules?: string[];
  /**
   * How the project runs its tests (its tox.ini or CI), which the tool side follows:
   * the dependency groups and extras it installs, and its environment.
   */
  pytest?: {
    groups?: string[];
    extras?: string[];
    env?: Record<string, string>;
  };
  differences?: KnownDifference[];
}

export interface Corpus {
  projects: Project[];
}

export const corpusFile = new URL("../corpus.json", import.meta.url);

export function loadCorpus(): Corpus {
  const corpus = JSON.parse(readFileSync(corpusFile, "utf8")) as Corpus;
  const problems = corpusProblems(corpus);
  if (problems.length)
    throw new Error(`corpus.json is not valid:\n  ${problems.join("\n  ")}`);
  return corpus;
}

/** What is wrong with the list: ids, hashes, toolchains, functions, differences. */
export function corpusProblems(corpus: Corpus): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const p of corpus.projects) {
    const at = `project ${p.id}`;
    if (!/^[a-z0-9][a-z0-9.-]*$/.test(p.id))
      problems.push(`${at}: id must be lower-case letters, digits, . and -`);
    if (ids.has(p.id)) problems.push(`${at}: id used twice`);
    ids.add(p.id);
    if (!/^[0-9a-f]{64}$/.test(p.source.sha256))
      problems.push(`${at}: sha256 must be 64 hex digits`);
    if (!p.why?.trim()) problems.push(`${at}: say why it is in the corpus`);
    const functions = Object.entries(p.toolchains);
    if (!functions.length) problems.push(`${at}: no toolchain applies`);
    for (const [toolchain, names] of functions) {
      const known: readonly string[] =
        toolchainFunctions[toolchain as Toolchain] ?? [];
      if (!known.length) problems.push(`${at}: unknown toolchain ${toolchain}`);
      for (const name of names ?? [])
        if (known.length && !known.includes(name))
          problems.push(`${at}: ${toolchain} has no compared function ${name}`);
    }
    for (const d of p.differences ?? []) {
      const [toolchain, name] = d.function.split(":");
      if (!p.toolchains[toolchain as Toolchain]?.includes(name!))
        problems.push(`${at}: difference for ${d.function}, which is not run`);
      if (!d.reason?.trim())
        problems.push(`${at}: difference for ${d.function} needs a reason`);
    }
  }
  return problems;
}

/** The projects a toolchain applies to. */
export const projectsFor = (corpus: Corpus, toolchain: Toolchain) =>
  corpus.projects.filter((p) => p.toolchains[toolchain]?.length);

/** The difference listed for a project's function, if any. */
export const knownDifference = (p: Project, fn: string) =>
  p.differences?.find((d) => d.function === fn);
