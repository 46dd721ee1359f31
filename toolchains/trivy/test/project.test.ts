// Which of the project's trivy files the scans pass, and what is refused before anything runs.
import { describe, expect, test } from "vitest";
import { projectFiles } from "../src/project.ts";
import { ProjectError } from "../src/shared/text.ts";

/** A source holding exactly these paths. */
const holding =
  (...paths: string[]) =>
  async (path: string) =>
    paths.includes(path);
const defaults = { configFile: "trivy.yaml", ignoreFile: "" };

describe("the config file", () => {
  test("trivy.yaml when the project has one, nothing when it has none", async () => {
    expect(await projectFiles(defaults, holding("trivy.yaml"))).toEqual({
      config: "trivy.yaml",
      ignoreFile: undefined,
    });
    expect(await projectFiles(defaults, holding())).toEqual({
      config: undefined,
      ignoreFile: undefined,
    });
  });

  test("a configFile the project lacks is refused", async () => {
    const refused = projectFiles(
      { ...defaults, configFile: "ci/trivy.yaml" },
      holding(),
    );
    await expect(refused).rejects.toBeInstanceOf(ProjectError);
    await expect(refused).rejects.toThrow(
      'configFile "ci/trivy.yaml" is not in the repository. Fix the setting, or set it back to trivy.yaml.',
    );
  });
});

describe("the ignore file", () => {
  test.each([
    [[".trivyignore.yaml"], ".trivyignore.yaml"],
    [[".trivyignore"], ".trivyignore"],
    [[], undefined],
  ])("with %j the scans pass %s", async (paths, expected) => {
    const files = await projectFiles(defaults, holding(...paths));
    expect(files.ignoreFile).toBe(expected);
  });

  test("both: one clear error, since trivy reads only one", async () => {
    await expect(
      projectFiles(defaults, holding(".trivyignore.yaml", ".trivyignore")),
    ).rejects.toThrow(
      "The repository has both .trivyignore.yaml and .trivyignore, and trivy reads only one. " +
        "Move the entries of .trivyignore into .trivyignore.yaml and delete it, or set ignoreFile to the one to use.",
    );
  });

  test("ignoreFile picks one of both, and must exist", async () => {
    const both = holding(".trivyignore.yaml", ".trivyignore");
    expect(
      (await projectFiles({ ...defaults, ignoreFile: ".trivyignore" }, both))
        .ignoreFile,
    ).toBe(".trivyignore");
    await expect(
      projectFiles(
        { ...defaults, ignoreFile: "security/ignore.yaml" },
        holding(),
      ),
    ).rejects.toThrow(
      'ignoreFile "security/ignore.yaml" is not in the repository. Fix the setting, or leave it empty to use .trivyignore.yaml or .trivyignore.',
    );
  });
});
