// A Python project's uv.lock, when its sdist ships none, and its packages in the
// uv-cache seed that every Python project shares: synced online with every group and
// extra into a scratch copy, then checked by a frozen sync with no network. Debian's
// Python 3.11 throughout: the Python the python image's stand-in runs.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Project } from "../corpus.ts";
import { projectDir, seedsDir } from "../paths.ts";
import { offline, run, withScratchCopy } from "./run.ts";

export const python = "/usr/bin/python3.11";

const env = () => ({
  UV_CACHE_DIR: join(seedsDir(), "uv-cache"),
  UV_PYTHON: python,
  UV_PYTHON_DOWNLOADS: "never",
  UV_LINK_MODE: "copy",
});

export function lockPython(p: Project): void {
  const want = p.lockfile!.manager;
  const have = run(["uv", "--version"], { cwd: projectDir(p) }).split(" ")[1];
  if (`uv@${have}` !== want)
    throw new Error(
      `corpus: ${p.id}'s lockfile is pinned to ${want}, but this setup has uv@${have}`,
    );
  run(["uv", "lock", "--exclude-newer", `${p.lockfile!.before}T00:00:00Z`], {
    cwd: projectDir(p),
    env: env(),
  });
  // uv records the date in the lock, and then finds the lock stale wherever the date is
  // not passed again ("removal of global exclude newer"): the lock a project commits has
  // none. What the date chose stays; uv checks that it still satisfies the project.
  const file = join(projectDir(p), "uv.lock");
  writeFileSync(
    file,
    readFileSync(file, "utf8").replace(
      /^\[options\]\nexclude-newer = "[^"]*"\n\n/m,
      "",
    ),
  );
  offline(["uv", "lock", "--check"], {
    cwd: projectDir(p),
    env: { ...env(), UV_OFFLINE: "1" },
  });
}

export function seedPython(p: Project): void {
  const sync = ["uv", "sync", "--frozen", "--all-groups", "--all-extras"];
  withScratchCopy(projectDir(p), (dir) => run(sync, { cwd: dir, env: env() }));
  withScratchCopy(projectDir(p), (dir) =>
    offline(sync, { cwd: dir, env: { ...env(), UV_OFFLINE: "1" } }),
  );
}
