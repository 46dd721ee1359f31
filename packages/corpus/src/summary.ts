// docs/corpus.md, written by the differential suite: the projects, one table per
// toolchain (project × function: agrees, intended difference, known bug, fails), and
// the listed differences with their reasons. A run of some files only keeps the
// verdicts the last full run wrote for the others.
import {
  toolchainFunctions,
  toolchains,
  type Corpus,
  type Toolchain,
} from "./corpus.ts";
import type { Verdict } from "./outcome.ts";
import { pinned } from "./paths.ts";

/** A verdict, and what the tool said ("4 findings", "2 files changed"). */
export interface Cell {
  verdict: Verdict;
  detail: string;
}
/** A cell per "toolchain project function". */
export type Verdicts = Map<string, Cell>;
export const verdictKey = (toolchain: string, project: string, fn: string) =>
  `${toolchain} ${project} ${fn}`;

const cellText: Record<Verdict, string> = {
  agrees: "agrees",
  intended: "intended difference",
  "known bug": "known bug",
  fails: "**fails**",
};
const fromCell = new Map(
  Object.entries(cellText).map(([v, text]) => [text, v as Verdict]),
);

const showCell = (c: Cell) =>
  c.detail ? `${cellText[c.verdict]} (${c.detail})` : cellText[c.verdict];

function readCell(text: string): Cell | undefined {
  const m = /^(.*?)(?: \((.*)\))?$/.exec(text)!;
  const verdict = fromCell.get(m[1]!);
  return verdict && { verdict, detail: m[2] ?? "" };
}

/** The verdicts a summary holds, read back from its tables. */
export function readVerdicts(markdown: string): Verdicts {
  const out: Verdicts = new Map();
  let toolchain: string | undefined;
  let columns: string[] = [];
  for (const line of markdown.split("\n")) {
    const heading = /^### `(.+)`$/.exec(line);
    if (heading) toolchain = heading[1];
    if (!toolchain || !line.startsWith("|")) continue;
    const cells = line
      .split("|")
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells[0] === "project") columns = cells;
    else if (!cells[0]!.startsWith("-"))
      cells.slice(1).forEach((cell, i) => {
        const c = readCell(cell);
        if (c) out.set(verdictKey(toolchain!, cells[0]!, columns[i + 1]!), c);
      });
  }
  return out;
}

export function renderSummary(corpus: Corpus, verdicts: Verdicts): string {
  const lines = [
    "# The corpus",
    "",
    "<!-- Written by `npm run test:corpus` (packages/corpus); edit packages/corpus/corpus.json instead. -->",
    "",
    "Each toolchain function runs on pinned public projects beside the same tool at the",
    "same version, run directly with the project's own config. A cell says whether the",
    "toolchain told the user what the tool did (pass or fail, the findings by file, line",
    "and rule, the files a generator changes and their contents): it **agrees**, or differs",
    "in a way listed below as an **intended difference** or a **known bug**, or **fails**;",
    "in brackets, what the tool said.",
    "CONTRIBUTING.md says how the suite runs and how to add a project.",
    "",
    "## Projects",
    "",
    "| project | pinned | toolchains | why |",
    "| --- | --- | --- | --- |",
    ...corpus.projects.map(
      (p) =>
        `| ${p.id} | \`${pinned(p.source)}\` (${p.source.registry})${p.root ? `, \`${p.root}/\`` : ""} | ${Object.keys(p.toolchains).join(", ")} | ${p.why}${p.lockfile ? ` The setup generates its ${p.lockfile.file} with ${p.lockfile.manager}.` : ""} |`,
    ),
    "",
    "## Verdicts",
  ];
  for (const toolchain of toolchains)
    lines.push(...table(corpus, toolchain, verdicts));
  const listed = corpus.projects.flatMap((p) =>
    (p.differences ?? []).map((d) => ({ p, d })),
  );
  lines.push("", "## Listed differences", "");
  if (!listed.length) lines.push("None.");
  for (const { p, d } of listed)
    lines.push(
      `- **${p.id}**, \`${d.function}\` (${d.kind === "intended" ? "intended" : "known bug"}): ${d.reason}`,
    );
  return `${lines.join("\n")}\n`;
}

function table(
  corpus: Corpus,
  toolchain: Toolchain,
  verdicts: Verdicts,
): string[] {
  const projects = corpus.projects.filter(
    (p) => p.toolchains[toolchain]?.length,
  );
  if (!projects.length) return [];
  const fns = toolchainFunctions[toolchain];
  return [
    "",
    `### \`${toolchain}\``,
    "",
    `| project | ${fns.join(" | ")} |`,
    `| --- | ${fns.map(() => "---").join(" | ")} |`,
    ...projects.map((p) => {
      const cells = fns.map((fn) => {
        if (!p.toolchains[toolchain]!.includes(fn)) return "";
        const c = verdicts.get(verdictKey(toolchain, p.id, fn));
        return c ? showCell(c) : "not run";
      });
      return `| ${p.id} | ${cells.join(" | ")} |`;
    }),
  ];
}
