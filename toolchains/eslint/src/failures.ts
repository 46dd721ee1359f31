// Why ESLint could not run, in words that say how to fix the setup. These differ from
// lint findings: ESLint exits 2 (no config, a config that does not load, a plugin
// that is not installed, patterns that match nothing), or there is no ESLint at all.
import type { NodeProject, PackageManager } from "./shared/node-project.js";

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

// eslint-disable-next-line no-control-regex -- matching terminal escapes is the point
const ansi = /\u001b\[[0-9;?]*[A-Za-z]/g;

export const stripAnsi = (text: string) => text.replace(ansi, "");

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

export function explainFailure(exitCode: number, stderr: string): string {
  const text = errorText(stderr);
  const shown = text.split("\n").slice(0, 30).join("\n");
  return `${advice(text)}\neslint exited with code ${exitCode}:\n${shown || "(no output)"}`;
}
