// What the project's files say: the installer, requirement files, dependencies,
// extras and groups.
import { describe, expect, test } from "vitest";
import {
  dependsOn,
  detectProject,
  isRequirementsFile,
  selectedExtras,
  selectedGroups,
  staticDependencies,
  type ProjectInput,
} from "../src/project.ts";

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
