// A Node project's lockfile, when it ships none, and its packages in the npm-cache seed
// that every Node project shares: installed online from the lockfile into a scratch
// copy, then checked by a frozen install with no network, as the toolchains run it.
// Projects without prettier get the toolchain's pinned prettier there too.
import { join } from "node:path";
import type { Project } from "../corpus.ts";
import { projectDir, seedsDir } from "../paths.ts";
import { offline, run, withScratchCopy } from "./run.ts";

const npmFlags = ["--ignore-scripts", "--no-audit", "--no-fund"];
/**
 * The npm of the Node image's stand-in (.ci/node-image.sh pins it as the toolchains'
 * image has it), whatever npm the machine's own Node brings.
 */
export const npm = () => {
  const image = process.env.TOOLCHAINS_NODE_IMAGE;
  return image ? join(image, "bin", "npm") : "npm";
};
const cache = () => join(seedsDir(), "npm-cache");

/** The package manager the lockfile is pinned to, checked against the one here. */
function checkManager(p: Project): void {
  const want = p.lockfile!.manager;
  if (!want.startsWith("npm@"))
    throw new Error(
      `corpus: ${p.id}: only npm lockfiles are generated so far, not ${want}`,
    );
  const have = run([npm(), "--version"], { cwd: projectDir(p) }).trim();
  if (`npm@${have}` !== want)
    throw new Error(
      `corpus: ${p.id}'s lockfile is pinned to ${want}, but this setup has npm@${have}`,
    );
}

export function lockNode(p: Project): void {
  checkManager(p);
  run(
    [
      npm(),
      "install",
      "--package-lock-only",
      ...npmFlags,
      `--before=${p.lockfile!.before}`,
    ],
    { cwd: projectDir(p), env: { npm_config_cache: cache() } },
  );
}

export function seedNode(p: Project): void {
  const env = { npm_config_cache: cache() };
  withScratchCopy(projectDir(p), (dir) =>
    run([npm(), "ci", ...npmFlags], { cwd: dir, env }),
  );
  withScratchCopy(projectDir(p), (dir) =>
    offline([npm(), "ci", "--offline", ...npmFlags], { cwd: dir, env }),
  );
  const prettier = process.env.PRETTIER_VERSION;
  if (p.toolchains.prettier && prettier) {
    run([npm(), "cache", "add", `prettier@${prettier}`], {
      cwd: projectDir(p),
      env,
    });
    withScratchCopy(projectDir(p), (dir) =>
      offline(
        [
          npm(),
          "install",
          "--global",
          "--prefix",
          join(dir, ".global"),
          "--offline",
          ...npmFlags,
          `prettier@${prettier}`,
        ],
        { cwd: dir, env },
      ),
    );
  }
}
