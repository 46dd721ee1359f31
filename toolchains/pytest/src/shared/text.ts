// Copied from packages/shared/src/text.ts by `npm run sync-shared`: edit it there.
// Helpers every toolchain needs to turn a tool's output into a message a person can
// act on: plain text without terminal colours, and the few lines worth showing.

// A CSI escape: ESC [, parameter bytes, intermediate bytes, one final byte. Tools print
// colours (and cursor moves) even when told not to, when FORCE_COLOR is set.
const ansi = new RegExp(
  `${String.fromCharCode(27)}\\[[0-9;?]*[ -/]*[@-~]`,
  "g",
);

/** The text without terminal escapes. */
export const stripAnsi = (text: string): string => text.replace(ansi, "");

/** The text's lines that are not blank, without terminal escapes. */
export const nonBlankLines = (text: string): string[] =>
  stripAnsi(text)
    .split("\n")
    .filter((line) => line.trim() !== "");

/** The last `max` lines of the text, without terminal escapes. */
export const lastLines = (text: string, max: number): string =>
  stripAnsi(text).trimEnd().split("\n").slice(-max).join("\n");

/**
 * The lines worth showing from a tool's output: those matching `pattern` (its errors),
 * else the last lines. `from: "end"` keeps the last matches rather than the first, for
 * output whose cause comes last (a traceback ends with the exception).
 */
export function excerpt(
  text: string,
  pattern: RegExp,
  options: { max?: number; from?: "start" | "end" } = {},
): string {
  const { max = 20, from = "start" } = options;
  const lines = nonBlankLines(text);
  const matching = lines.filter((line) => pattern.test(line));
  const picked = matching.length ? matching : lines.slice(-max);
  return (from === "end" ? picked.slice(-max) : picked.slice(0, max)).join(
    "\n",
  );
}

/** "1 file", "2 files"; `many` for words that do not just take an s. */
export const plural = (count: number, one: string, many = `${one}s`): string =>
  `${count} ${count === 1 ? one : many}`;

/** A problem with the user's project that they can fix; its message says how. */
export class ProjectError extends Error {}
