// What a run of ESLint means for the user. Findings: whether `lint` passes, and the
// message it throws (counts, the rules that reported, the first findings, the command
// that fixes what ESLint can). Setup problems, in words that say how to fix them:
// ESLint exits 2 (no config, a config that does not load, a plugin that is not
// installed, patterns that match nothing), or there is no ESLint at all.
import {
  findings,
  sourceRoot,
  totals,
  type EslintReport,
  type Finding,
} from "./report.js";
import type { NodeProject, PackageManager } from "./shared/node-project.js";
import { plural, stripAnsi } from "./shared/text.js";

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

const installCommand: Record<PackageManager, string> = {
  npm: "npm install --save-dev eslint",
  pnpm: "pnpm add --save-dev eslint",
  yarn: "yarn add --dev eslint",
  bun: "bun add --dev eslint",
};

/** The project has a package.json, but ESLint is not in it. */
export function eslintMissing(project: NodeProject): string {
  return [
    "ESLint is not a dependency of this project: the root package.json lists no `eslint` in dependencies, devDependencies or optionalDependencies.",
    "This toolchain runs the project's own ESLint, with the plugins its eslint.config.* imports, as installed from the lockfile.",
    `Add it with \`${installCommand[project.manager]}\`, add an eslint.config.js, and commit package.json and the lockfile.`,
  ].join("\n");
}

export function noPackageJson(): string {
  return [
    "ESLint is not a dependency of this project: the repository root has no package.json.",
    "This toolchain runs the project's own ESLint, installed from its lockfile.",
    "Add a package.json with eslint in devDependencies (`npm init -y && npm install --save-dev eslint`), add an eslint.config.js, and commit them with the lockfile.",
  ].join("\n");
}

/** ESLint's error output, without its "Oops! Something went wrong!" banner or stack frames. */
function errorText(stderr: string): string {
  return stripAnsi(stderr)
    .replace(/^\s*Oops! Something went wrong! :\(\s*/, "")
    .replace(/^ESLint: \S+\s*/, "")
    .split("\n")
    .filter((line) => !/^\s+at /.test(line))
    .join("\n")
    .trim();
}

function advice(text: string): string {
  let m: RegExpExecArray | null;
  if (/couldn't find an eslint\.config/.test(text))
    return (
      "ESLint found no configuration: add an eslint.config.js (or .mjs, .cjs, .ts) at the repository root. " +
      "ESLint 9 and later read only flat config; a project still on .eslintrc.* has to migrate: " +
      "https://eslint.org/docs/latest/use/configure/migration-guide"
    );
  if (/There are suppressions left that do not occur anymore/.test(text))
    return (
      "ESLint's bulk suppressions file (eslint-suppressions.json) lists violations that no longer occur, and ESLint fails until they are pruned. " +
      "Run `dagger generate eslint:fix`, which prunes them, or `npx eslint --prune-suppressions` locally, and commit the file."
    );
  if (/The suppressions file does not exist/.test(text))
    return "extraArgs names a --suppressions-location with no file there: create it with `npx eslint --suppress-all`, or fix the path.";
  if (/Invalid option '--concurrency'/.test(text))
    return "The concurrency setting needs ESLint 9.34 or later: upgrade ESLint, or set concurrency to off.";
  if ((m = /Invalid option '([^']+)'/.exec(text)))
    return `ESLint does not know the option ${m[1]}: remove it from extraArgs.`;
  if ((m = /ENOENT: no such file or directory, stat '([^']+)'/.exec(text)))
    return `The config file ${m[1]} does not exist: fix the config setting, or leave it empty to let ESLint find eslint.config.*.`;
  if ((m = /Cannot find (?:package|module) '([^']+)'/.exec(text)))
    return (
      `ESLint's configuration imports ${m[1]}, which is not installed. ` +
      "Add it to the root package.json's devDependencies and commit the lockfile: the toolchain installs exactly what the lockfile holds."
    );
  if ((m = /could not find plugin "([^"]+)"/.exec(text)))
    return `ESLint's configuration uses rules of the plugin "${m[1]}" without loading it: import the plugin and register it under \`plugins\` in eslint.config.*.`;
  if ((m = /No files matching the pattern "([^"]+)"/.exec(text)))
    return `Nothing matches "${m[1]}": check the paths setting.`;
  if (
    (m =
      /all of the files matching the glob pattern "([^"]+)" are ignored/.exec(
        text,
      ))
  )
    return `ESLint ignores every file under "${m[1]}": check the paths setting and the ignores in eslint.config.*.`;
  return (
    "ESLint could not load its configuration, or stopped before linting. " +
    "Fix eslint.config.* (the error is below); `npx eslint .` shows the same error locally."
  );
}

/** ESLint exits 0 (no errors) or 1 (errors, or too many warnings); anything else means it could not run. */
export const eslintRan = (exitCode: number) => exitCode === 0 || exitCode === 1;

export function explainFailure(exitCode: number, stderr: string): string {
  const text = errorText(stderr);
  const shown = text.split("\n").slice(0, 30).join("\n");
  return `${advice(text)}\neslint exited with code ${exitCode}:\n${shown || "(no output)"}`;
}

/** ESLint ran, but left no report the toolchain could read. */
export function unreadableReport(
  exitCode: number,
  cause: Error,
  stderr: string,
): string {
  return (
    `ESLint exited with code ${exitCode} without a readable report (${cause.message}).\n` +
    explainFailure(exitCode, stderr)
  );
}
