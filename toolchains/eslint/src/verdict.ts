// Whether a lint run passes, and the message a failed `lint` check throws: counts, the
// rules that reported, the first findings, and the command that fixes what ESLint can.
import {
  findings,
  sourceRoot,
  totals,
  type EslintReport,
  type Finding,
} from "./results.js";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * The failure message, or undefined when the run passes: no errors, and no more
 * warnings than `maxWarnings` allows (any number when it is unset). An exit code of 1
 * with neither (an extra `--max-warnings` in extraArgs, say) fails too: ESLint decided.
 */
export function lintVerdict(
  report: EslintReport,
  exitCode: number,
  maxWarnings?: number,
  root = sourceRoot,
  limit = 20,
): string | undefined {
  const t = totals(report);
  const tooManyWarnings = maxWarnings !== undefined && t.warnings > maxWarnings;
  if (t.errors === 0 && !tooManyWarnings && exitCode === 0) return undefined;

  const all = findings(report, root);
  const lines = [
    `eslint: ${plural(t.errors + t.warnings, "problem")} (${plural(t.errors, "error")}, ${plural(t.warnings, "warning")}) in ${plural(t.files, "file")}.`,
  ];
  if (tooManyWarnings)
    lines.push(
      `That is more warnings than maxWarnings allows (${maxWarnings}).`,
    );
  else if (t.errors === 0)
    lines.push(`ESLint exited with code ${exitCode} for the warnings alone.`);
  lines.push("", "By rule:", ...byRule(all).map((l) => `  ${l}`));
  lines.push("", "First findings:");
  lines.push(...all.slice(0, limit).map((f) => `  ${formatFinding(f)}`));
  if (all.length > limit)
    lines.push(
      `  … and ${all.length - limit} more; the toolchain's \`report\` function returns them all`,
    );
  if (t.fixable > 0)
    lines.push(
      "",
      `ESLint can fix ${plural(t.fixable, "problem")}: run \`dagger generate eslint:fix\`.`,
    );
  return lines.join("\n");
}

/** `file:line:col rule message`, with the severity for warnings. */
export function formatFinding(f: Finding): string {
  const where = f.line > 0 ? `${f.file}:${f.line}:${f.column}` : f.file;
  const severity = f.severity === "warning" ? " (warning)" : "";
  return `${where} ${f.rule} ${f.message}${severity}`;
}

/** "semi: 2 errors, 1 warning", most frequent rule first. */
function byRule(all: readonly Finding[]): string[] {
  const counts = new Map<string, { errors: number; warnings: number }>();
  for (const f of all) {
    const c = counts.get(f.rule) ?? { errors: 0, warnings: 0 };
    if (f.severity === "error") c.errors++;
    else c.warnings++;
    counts.set(f.rule, c);
  }
  return [...counts]
    .sort(
      ([a, x], [b, y]) =>
        y.errors + y.warnings - (x.errors + x.warnings) || a.localeCompare(b),
    )
    .map(([rule, c]) => {
      const parts = [
        c.errors ? plural(c.errors, "error") : "",
        c.warnings ? plural(c.warnings, "warning") : "",
      ].filter(Boolean);
      return `${rule}: ${parts.join(", ")}`;
    });
}
