// Snapshot plugins and what a snapshot update keeps.
import { expect, test } from "vitest";
import { detectProject } from "../src/project.ts";
import {
  isRegenerated,
  isSnapshotOrTestFile,
  usedSnapshotPlugins,
} from "../src/snapshots.ts";

test("the snapshot update keeps snapshot and test files, never caches or code", () => {
  const kept = [
    "tests/__snapshots__/test_a.ambr",
    "pkg/__snapshots__/test_b/snap.json",
    "test_top.py",
    "pkg/conftest.py",
    "src/pkg/module_test.py",
    "tests/test_data/expected.yml",
    "tests/data/out.csv",
  ];
  const dropped = [
    "src/pkg/__init__.py",
    "tests/__pycache__/test_a.cpython-313.pyc",
    "src/pkg.egg-info/PKG-INFO",
    "tests/.pytest_cache/v/cache/nodeids",
    ".coverage",
    "uv.lock",
  ];
  expect([...kept, ...dropped].filter(isSnapshotOrTestFile)).toEqual(kept);
});

test("the plugins a project uses, each with the flag that makes it re-record", () => {
  const project = detectProject(
    {
      rootEntries: ["requirements.txt"],
      requirementFiles: ["requirements.txt"],
      contents: {
        "requirements.txt": "pytest\nsyrupy==5.0\npytest-regressions\n",
      },
    },
    "auto",
  );
  expect(usedSnapshotPlugins(project)).toEqual([
    { package: "syrupy", updateFlag: "--snapshot-update" },
    { package: "pytest-regressions", updateFlag: "--force-regen" },
  ]);
});

test("the failures an update run expects: what pytest-regressions and inline-snapshot report writing", () => {
  expect(
    [
      "Failed: File not found in data directory, created:",
      "Failed: Files differ and --force-regen set, regenerating file at:",
      "your snapshot is missing one value",
      "your snapshot is missing 2 values",
      "AssertionError: assert 1 == 2",
    ].map(isRegenerated),
  ).toEqual([true, true, true, true, false]);
});
