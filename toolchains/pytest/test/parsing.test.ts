// The plain decisions, without Dagger: XML and pyproject.toml reading, Python version
// choice, project detection and the snapshot update's file filter.
import { describe, expect, test } from "vitest";
import { parseXml, XmlError } from "../src/xml.ts";
import { readToml } from "../src/toml.ts";
import { allows, choosePython } from "../src/python.ts";
import {
  dependsOn,
  detectProject,
  isRequirementsFile,
  selectedExtras,
  selectedGroups,
  staticDependencies,
  type ProjectInput,
} from "../src/project.ts";
import { isSnapshotOrTestFile } from "../src/snapshots.ts";

describe("xml", () => {
  test("entities, CDATA, comments and the declaration", () => {
    const root = parseXml(
      '<?xml version="1.0"?><!-- c --><a x="1 &lt; 2 &amp;&#10;3" y=\'&quot;\'><b>t&#x41;<![CDATA[<raw>]]></b><c/></a>',
    );
    expect(root.name).toBe("a");
    expect(root.attributes).toEqual({ x: "1 < 2 &\n3", y: '"' });
    expect(root.children.map((c) => [c.name, c.text])).toEqual([
      ["b", "tA<raw>"],
      ["c", ""],
    ]);
  });

  test("malformed documents raise XmlError", () => {
    for (const bad of ["<a><b></a>", "<a>", "<a></a><b/>", "<a x='1'"])
      expect(() => parseXml(bad)).toThrow(XmlError);
  });
});

describe("pyproject.toml", () => {
  test("tables, keys, strings and multi-line arrays; comments ignored", () => {
    const t = readToml(
      [
        "[project]",
        'name = "x" # the name',
        'requires-python = ">=3.11"',
        "dynamic = [",
        '  "version",  # not the deps',
        '  "dependencies",',
        "]",
        "[project.optional-dependencies]",
        'test = ["pytest[testing]>=9", "syrupy"]',
        '[tool.poetry.group."test".dependencies]',
        'pytest = "^9"',
      ].join("\n"),
    );
    expect(t.values.get("project.requires-python")).toBe(">=3.11");
    expect(t.values.get("project.dynamic")).toEqual([
      "version",
      "dependencies",
    ]);
    expect(t.keys.get("project.optional-dependencies")).toEqual(["test"]);
    expect(t.keys.has("tool.poetry.group.test.dependencies")).toBe(true);
  });
});

describe("python version", () => {
  test("requires-python clauses", () => {
    expect(allows(">=3.10,<3.13", "3.12")).toBe(true);
    expect(allows(">=3.10,<3.13", "3.13")).toBe(false);
    expect(allows("~=3.11", "3.14")).toBe(true);
    expect(allows("~=3.11.2", "3.12")).toBe(false);
    expect(allows("==3.12.*", "3.12")).toBe(true);
    expect(allows("<=3.12", "3.12")).toBe(true);
    expect(allows(">3.12", "3.12")).toBe(true); // 3.12.1 is > 3.12
    expect(allows("!=3.13.*", "3.13")).toBe(false);
  });

  test("the setting, then .python-version, then requires-python, then the default", () => {
    expect(choosePython("3.11", "3.13\n", ">=3.12").version).toBe("3.11");
    expect(choosePython("", "# pinned\ncpython@3.13.2\n", ">=3.12")).toEqual({
      version: "3.13",
      from: ".python-version",
    });
    expect(choosePython("", undefined, ">=3.11,<3.14").version).toBe("3.13");
    expect(choosePython("", undefined, undefined).version).toBe("3.14");
    expect(() => choosePython("", undefined, "<3.9")).toThrow(
      'requires-python is "<3.9", and no pinned Python (3.14, 3.13, 3.12, 3.11) satisfies it.',
    );
    expect(() => choosePython("", "pypy\n", undefined)).toThrow(
      '.python-version asks for "pypy", which names no Python version',
    );
  });
});

describe("project detection", () => {
  const input = (
    rootEntries: string[],
    contents: Record<string, string> = {},
  ): ProjectInput => ({
    rootEntries,
    requirementFiles: rootEntries.filter(isRequirementsFile),
    contents,
  });

  test("lockfiles first, then requirement files, then pyproject.toml or setup.py", () => {
    const detect = (entries: string[]) =>
      detectProject(input(entries), "auto").installer;
    expect(detect(["pyproject.toml", "uv.lock", "requirements.txt"])).toBe(
      "uv",
    );
    expect(detect(["pyproject.toml", "poetry.lock"])).toBe("poetry");
    expect(detect(["pyproject.toml", "pdm.lock"])).toBe("pdm");
    expect(detect(["pyproject.toml", "dev-requirements.txt"])).toBe("pip");
    expect(detect(["setup.cfg"])).toBe("pyproject");
    expect(detect(["README.md"])).toBe("none");
  });

  test("requirement file names", () => {
    expect(
      [
        "requirements.txt",
        "requirements-dev.txt",
        "test-requirements.txt",
        "requirements/ci.txt",
        "requirements.in",
        "docs/requirements.txt",
      ].filter(isRequirementsFile),
    ).toEqual([
      "requirements.txt",
      "requirements-dev.txt",
      "test-requirements.txt",
      "requirements/ci.txt",
    ]);
  });

  test("dependencies by normalized name, not by prefix or config table", () => {
    const project = detectProject(
      input(["pyproject.toml"], {
        "pyproject.toml":
          '[project]\ndependencies = ["Pytest_Cov>=7", "syrupy"]\n[tool.pytest.ini_options]\n',
      }),
      "auto",
    );
    expect(dependsOn(project, "pytest-cov")).toBe(true);
    expect(dependsOn(project, "syrupy")).toBe(true);
    expect(dependsOn(project, "pytest")).toBe(false);
    expect(dependsOn(project, "pytest-xdist")).toBe(false);
  });

  test("test extras and groups by name unless set; static dependencies", () => {
    const project = detectProject(
      input(["pyproject.toml"], {
        "pyproject.toml": [
          "[project]",
          'dynamic = ["version"]',
          "[project.optional-dependencies]",
          'docs = ["mkdocs"]',
          'testing = ["pytest"]',
          "[dependency-groups]",
          'tests = ["pytest-cov"]',
          'lint = ["ruff"]',
        ].join("\n"),
      }),
      "auto",
    );
    expect(selectedExtras(project, [])).toEqual(["testing"]);
    expect(selectedExtras(project, ["docs"])).toEqual(["docs"]);
    expect(selectedGroups(project, [])).toEqual(["tests"]);
    expect(staticDependencies(project)).toBe(true);
  });
});

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
