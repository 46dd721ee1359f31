// Snapshot plugins: which ones the project uses, the flag that makes each re-record,
// and which changed files belong in the update (snapshots and tests, never caches).
import { dependsOn, type Project } from "./project.js";

export interface SnapshotPlugin {
  package: string;
  updateFlag: string;
}

export const snapshotPlugins: readonly SnapshotPlugin[] = [
  { package: "syrupy", updateFlag: "--snapshot-update" },
  // inline-snapshot rewrites the values inside the test files themselves.
  // create: new snapshot() values; fix: changed ones.
  { package: "inline-snapshot", updateFlag: "--inline-snapshot=create,fix" },
  // Regenerates data files; the tests whose data changed fail on that run.
  { package: "pytest-regressions", updateFlag: "--force-regen" },
];

/**
 * Whether a failure is a snapshot plugin reporting what it wrote in an update run:
 * pytest-regressions' "File not found in data directory, created:" and "Files differ
 * and --force-regen set, regenerating file at:", and inline-snapshot's teardown error
 * "your snapshot is missing one value" (raised even as create writes the value).
 */
export function isRegenerated(message: string): boolean {
  return /File not found in data directory, created|--force-regen set, regenerating file|your snapshot is missing (one|\d+) values?/.test(
    message,
  );
}

export function usedSnapshotPlugins(project: Project): SnapshotPlugin[] {
  return snapshotPlugins.filter((p) => dependsOn(project, p.package));
}

export const noSnapshotPluginNote =
  "pytest:update-snapshots: the project depends on none of syrupy, inline-snapshot or pytest-regressions, " +
  "so there are no snapshots to update; the changeset is empty.";

const caches =
  /(^|\/)(__pycache__|\.pytest_cache|\.hypothesis|\.mypy_cache|\.ruff_cache|[^/]+\.egg-info)(\/|$)|\.py[co]$|(^|\/)\.coverage(\.|$)/;

/**
 * Whether a changed path is a snapshot or test file: under __snapshots__ or
 * snapshots (syrupy), a test module or conftest.py (inline-snapshot), anything below a
 * tests/test folder or a folder named after a test module (pytest-regressions' data).
 */
export function isSnapshotOrTestFile(path: string): boolean {
  if (caches.test(path)) return false;
  const parts = path.split("/");
  const file = parts.at(-1)!;
  if (/^(test_.*|.*_test|conftest)\.py$/.test(file)) return true;
  return parts
    .slice(0, -1)
    .some(
      (dir) =>
        ["__snapshots__", "snapshots", "tests", "test", "testing"].includes(
          dir,
        ) || /^test_|_test$/.test(dir),
    );
}
