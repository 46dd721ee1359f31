// What a prettier run means: formatted, the files it reformatted, or why it could not
// run, in words that say what to fix; and the message a failed `check` throws.
// Prettier colours its output when FORCE_COLOR is set, as some CI environments do, so
// its output is read without terminal escapes.
import { installOwned } from "./shared/node-project.js";
import { plural, stripAnsi } from "./shared/text.js";

export type FormatOutcome =
  | { kind: "formatted" }
  | { kind: "unformatted"; files: string[] }
  | { kind: "failed"; message: string };

/** The files `--list-different` named, one per line. */
export function listedFiles(stdout: string): string[] {
  return stdout
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

function errorLines(stderr: string): string[] {
  return stderr.split("\n").filter((line) => line.startsWith("[error]"));
}

/**
 * Prettier formats lockfiles (pnpm-lock.yaml, package-lock.json) and the .pnp.cjs a
 * Yarn 2+ install writes unless the project ignores them; the toolchain never rewrites
 * those, so they are not prettier's findings.
 */
export function withoutInstallOwned(outcome: FormatOutcome): FormatOutcome {
  if (outcome.kind !== "unformatted") return outcome;
  const files = outcome.files.filter((f) => !installOwned(f));
  return files.length ? { kind: "unformatted", files } : { kind: "formatted" };
}

/**
 * Prettier exits 2 for files it cannot parse, configs it cannot load and patterns
 * that match nothing, and 1 for some invalid options; either way it prints [error]
 * lines, which are what the user needs to see.
 */
export function classify(
  exitCode: number,
  stdout: string,
  stderr: string,
): FormatOutcome {
  if (exitCode === 0) {
    const files = listedFiles(stripAnsi(stdout));
    return files.length
      ? { kind: "unformatted", files }
      : { kind: "formatted" };
  }
  return {
    kind: "failed",
    message: explainFailure(exitCode, stripAnsi(stderr)),
  };
}

export function explainFailure(exitCode: number, stderr: string): string {
  const errors = errorLines(stderr);
  const shown = (errors.length ? errors : stderr.trim().split("\n"))
    .slice(0, 30)
    .join("\n");
  const unmatched = /No files matching the pattern were found/.test(stderr);
  const unparsable = errors.filter((line) =>
    /^\[error\] [^ >|].*: SyntaxError: /.test(line),
  );
  let advice: string;
  if (unmatched) {
    advice =
      "Prettier found nothing to format. Check the `paths` setting and your .prettierignore; " +
      "a project with nothing to format can drop this toolchain or point `paths` at what it has.";
  } else if (unparsable.length) {
    const files = unparsable.map(
      (line) => line.replace(/^\[error\] /, "").split(": SyntaxError")[0],
    );
    advice =
      `Prettier could not parse ${plural(files.length, "file")} (${files.join(", ")}). ` +
      "Fix the syntax, or list the file in .prettierignore.";
  } else if (
    /Invalid configuration|Cannot find package|Invalid .* value|Couldn't resolve/.test(
      stderr,
    )
  ) {
    advice =
      "Prettier could not load its configuration or a plugin. Fix the config file, and make sure every plugin it names is in package.json.";
  } else {
    advice = "Prettier stopped before formatting the project.";
  }
  return `${advice}\nprettier exited with code ${exitCode}:\n${shown}`;
}

/** The message a failed check throws: what, how many, the diff, and the fix. */
export function unformattedReport(
  files: readonly string[],
  patch: string,
  limits = { files: 20, patchLines: 200 },
): string {
  const count = files.length === 1 ? "1 file is" : `${files.length} files are`;
  const listed = files.slice(0, limits.files).map((f) => `  ${f}`);
  if (files.length > limits.files)
    listed.push(`  … and ${files.length - limits.files} more`);
  const patchLines = patch.trimEnd().split("\n");
  const shownPatch = patchLines.slice(0, limits.patchLines);
  if (patchLines.length > limits.patchLines) {
    shownPatch.push(
      `… ${patchLines.length - limits.patchLines} more lines; the toolchain's \`diff\` function returns the whole patch`,
    );
  }
  return [
    `prettier: ${count} not formatted:`,
    ...listed,
    "",
    ...shownPatch,
    "",
    "Run `dagger generate prettier:write` to format them.",
  ].join("\n");
}
