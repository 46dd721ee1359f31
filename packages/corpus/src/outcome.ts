// What one side (the toolchain, or the tool run directly) told the user, in terms both
// share, and how two outcomes compare: pass or fail, the findings (file, line, rule),
// and for a generator the files it changes with their contents.
import type { Diff, KnownDifference } from "./corpus.ts";

/**
 * pass: nothing to report (a check passed, a generator ran); findings: a check found
 * problems; error: the tool could not run.
 */
export type Status = "pass" | "findings" | "error";

export interface Outcome {
  status: Status;
  /** One key per finding ("file:line rule ..."), sorted; the toolchain may show fewer than it found. */
  findings: string[];
  /** How many findings there are in all. */
  total: number;
  /** A generator's changed files: path → text, null when removed. */
  files?: Record<string, string | null>;
  /** The toolchain's message or the tool's output, shortened: evidence for a difference. */
  message: string;
}

export const passed = (message = ""): Outcome => ({
  status: "pass",
  findings: [],
  total: 0,
  message,
});

/** Elements of `a` not matched one for one in `b` (both sorted or not). */
function without(a: readonly string[], b: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const x of b) left.set(x, (left.get(x) ?? 0) + 1);
  return a.filter((x) => {
    const n = left.get(x) ?? 0;
    if (n) left.set(x, n - 1);
    return !n;
  });
}

/** The first line where two texts part, for a short account of a file that differs. */
function firstDifference(a: string, b: string): string {
  const x = a.split("\n");
  const y = b.split("\n");
  const i = x.findIndex((line, n) => line !== y[n]);
  const at = i < 0 ? x.length : i;
  return `line ${at + 1}: toolchain ${JSON.stringify(x[at] ?? "(end)")}, tool ${JSON.stringify(y[at] ?? "(end)")}`;
}

function fileDiffs(
  mine: Record<string, string | null>,
  theirs: Record<string, string | null>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
    const a = mine[path];
    const b = theirs[path];
    if (a === b) continue;
    if (a === undefined) out[path] = "only the tool changes it";
    else if (b === undefined) out[path] = "only the toolchain changes it";
    else if (a === null || b === null)
      out[path] =
        a === null
          ? "only the toolchain removes it"
          : "only the tool removes it";
    else out[path] = firstDifference(a, b);
  }
  return out;
}

/**
 * What differs between the toolchain's outcome and the tool's; empty when they agree.
 * When the toolchain shows only its first findings, those must be among the tool's and
 * the totals must match.
 */
export function compare(toolchain: Outcome, tool: Outcome): Diff {
  const diff: Diff = {};
  if (toolchain.status !== tool.status)
    diff.status = [toolchain.status, tool.status];
  const truncated = toolchain.findings.length < toolchain.total;
  const onlyToolchain = without(toolchain.findings, tool.findings);
  const onlyTool = truncated ? [] : without(tool.findings, toolchain.findings);
  if (onlyToolchain.length) diff.onlyToolchain = onlyToolchain;
  if (onlyTool.length) diff.onlyTool = onlyTool;
  if (truncated && toolchain.total !== tool.total)
    diff.status = [
      `${toolchain.status} (${toolchain.total})`,
      `${tool.status} (${tool.total})`,
    ];
  const files = fileDiffs(toolchain.files ?? {}, tool.files ?? {});
  if (Object.keys(files).length) diff.files = files;
  return diff;
}

export const agrees = (d: Diff) => Object.keys(d).length === 0;

export type Verdict = "agrees" | "intended" | "known bug" | "fails";

/** agrees; a listed difference (intended, or a known bug); or fails. */
export function verdict(found: Diff, known?: KnownDifference): Verdict {
  if (agrees(found)) return known ? "fails" : "agrees";
  if (!known || canonical(known.diff) !== canonical(found)) return "fails";
  return known.kind === "intended" ? "intended" : "known bug";
}

/** A diff as text with its keys in one order, to tell two apart. */
export function canonical(d: Diff): string {
  const sorted = (xs?: string[]) => (xs ? [...xs].sort() : undefined);
  return JSON.stringify({
    status: d.status,
    onlyToolchain: sorted(d.onlyToolchain),
    onlyTool: sorted(d.onlyTool),
    files: d.files && Object.fromEntries(Object.entries(d.files).sort()),
  });
}

/** What the tool told the user, in a few words, for the summary's cells. */
export function detail(o: Outcome): string {
  if (o.status === "error") return "could not run";
  if (o.status === "findings")
    return `${o.total} finding${o.total === 1 ? "" : "s"}`;
  if (!o.files) return "passes";
  const n = Object.keys(o.files).length;
  return n ? `${n} file${n === 1 ? "" : "s"} written` : "no change";
}
