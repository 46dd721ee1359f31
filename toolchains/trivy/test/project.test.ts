// Which of the project's trivy files the scans pass, and what is refused before anything runs.
import { describe, expect, test } from "vitest";
import { caCertSetting, projectFiles, type Source } from "../src/project.ts";
import { ProjectError } from "../src/shared/text.ts";

/** A source holding exactly these files. */
const files = (contents: Record<string, string>): Source => ({
  exists: async (path) => path in contents,
  read: async (path) => contents[path]!,
});
/** A source holding these paths, each empty. */
const holding = (...paths: string[]) =>
  files(Object.fromEntries(paths.map((p) => [p, ""])));
const defaults = { configFile: "trivy.yaml", ignoreFile: "" };

describe("the config file", () => {
  test("trivy.yaml when the project has one, nothing when it has none", async () => {
    expect(await projectFiles(defaults, holding("trivy.yaml"))).toEqual({
      config: "trivy.yaml",
      ignoreFile: undefined,
      caCert: undefined,
    });
    expect(await projectFiles(defaults, holding())).toEqual({
      config: undefined,
      ignoreFile: undefined,
      caCert: undefined,
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

describe("the CA file trivy.yaml names", () => {
  test.each([
    ["cacert: certs/ca.pem\n", "certs/ca.pem"],
    ['cacert: "certs/ca.pem" # the mirror\'s CA\n', "certs/ca.pem"],
    [
      "scan:\n  skip-dirs: [vendor]\nCACert: 'certs/ca.pem'\r\n",
      "certs/ca.pem",
    ],
    ["cacert: certs/ca.pem # the mirror's CA\n", "certs/ca.pem"],
    ['cacert: ""\n', undefined],
    ["db:\n  cacert: nested/ca.pem\n", undefined],
    ["insecure: true\n", undefined],
  ])("%j gives %s", (text, expected) => {
    expect(caCertSetting(text)).toBe(expected);
  });

  test.each([
    ["certs/ca.pem", "certs/ca.pem"],
    ["./certs/ca.pem", "certs/ca.pem"],
    // trivy reads it from its working directory, the repository root, mounted at /src.
    ["/src/certs/ca.pem", "certs/ca.pem"],
  ])("cacert %s is the source's %s", async (named, path) => {
    const source = files({
      "trivy.yaml": `cacert: ${named}\n`,
      "certs/ca.pem": "-----BEGIN CERTIFICATE-----\n",
    });
    expect((await projectFiles(defaults, source)).caCert).toBe(path);
  });

  test("a config set by configFile: cacert is still taken from the repository root", async () => {
    const source = files({
      "ci/trivy.yaml": "cacert: certs/ca.pem\n",
      "certs/ca.pem": "",
    });
    expect(
      await projectFiles({ ...defaults, configFile: "ci/trivy.yaml" }, source),
    ).toMatchObject({ config: "ci/trivy.yaml", caCert: "certs/ca.pem" });
  });

  test.each(["certs/missing.pem", "/etc/ssl/corp-ca.pem", "../ca.pem"])(
    "cacert %s, not in the repository, is refused before anything runs",
    async (named) => {
      const refused = projectFiles(
        defaults,
        files({ "trivy.yaml": `cacert: ${named}\n`, "certs/ca.pem": "" }),
      );
      await expect(refused).rejects.toBeInstanceOf(ProjectError);
      await expect(refused).rejects.toThrow(
        `trivy.yaml names the CA file "${named}" (cacert), but the repository has no such file: ` +
          "trivy runs in a container that sees only the repository. " +
          "Commit the CA file and name it by its path from the repository root (for example cacert: certs/ca.pem).",
      );
    },
  );
});
