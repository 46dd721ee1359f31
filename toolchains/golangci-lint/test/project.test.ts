// What the toolchain reads from the source before anything runs: the modules to lint,
// where dependencies download, which golangci-lint can analyse the code, and the setup
// mistakes it names first.
import { describe, expect, test } from "vitest";
import {
  readProject,
  type ProjectSettings,
  type SourceReader,
} from "../src/project.ts";
import { ProjectError } from "../src/shared/text.ts";

const defaults: ProjectSettings = {
  version: "v2.13.1",
  goVersion: "",
  modules: [],
  config: "",
  newFromRev: "",
};

/** A dockerignore-style glob (`**` any directories, `*` within one name) as a RegExp. */
const globPattern = (glob: string) =>
  new RegExp(
    `^${glob
      .split("**/")
      .map((part) =>
        part
          .split("*")
          .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
          .join("[^/]*"),
      )
      .join("(?:.*/)?")}$`,
  );

/** The source as a Directory would show it: its files, and the folders that hold them. */
function source(files: Record<string, string>): SourceReader {
  const folders = Object.keys(files).flatMap((path) =>
    path
      .split("/")
      .slice(0, -1)
      .map((_, i, parts) => parts.slice(0, i + 1).join("/")),
  );
  const paths = [...new Set([...Object.keys(files), ...folders])];
  return {
    glob: async (glob) => paths.filter((p) => globPattern(glob).test(p)),
    read: async (path) => {
      if (!(path in files)) throw new Error(`${path} is not in the source`);
      return files[path]!;
    },
  };
}

const read = (
  files: Record<string, string>,
  settings: Partial<ProjectSettings> = {},
) => readProject(source(files), { ...defaults, ...settings });

const goMod = (go = "1.26.0", more = "") =>
  `module example.com/x\n\ngo ${go}\n${more}`;
const v2Config = 'version: "2"\n';
const officialImage =
  "golangci/golangci-lint:v2.13.1@sha256:d371321370bf2907bd13a8f6f8baff0e0ca7438d76fdf636b281eadf7e2305e3";

describe("which modules", () => {
  test("every go.mod but vendored copies and test data, shallow first; a vendored module downloads nothing", async () => {
    const project = await read({
      "go.mod": goMod(),
      "main.go": "package main\n",
      "tools/go.mod": goMod(),
      "tools/tools.go": "package tools\n",
      "services/api/go.mod": goMod(),
      "services/api/api.go": "package api\n",
      "services/api/vendor/modules.txt": "# example.com/dep v1.0.0\n",
      "services/api/vendor/example.com/dep/go.mod": goMod(),
      "internal/testdata/broken/go.mod": goMod(),
    });
    expect(project).toEqual({
      release: "v2.13.1",
      modules: [".", "tools", "services/api"],
      downloads: [".", "tools"],
      workspace: false,
      target: [1, 26, 0],
      plan: { kind: "official", image: officialImage },
    });
  });

  test("go.work: its use directives, one download at its root", async () => {
    const project = await read({
      "go.work": "go 1.26.0\n\nuse (\n\t./app\n\t./lib\n)\n",
      "app/go.mod": goMod(),
      "app/main.go": "package main\n",
      "lib/go.mod": goMod(),
      "lib/lib.go": "package lib\n",
      "experiments/go.mod": goMod(),
      "experiments/x.go": "package x\n",
    });
    expect(project).toMatchObject({
      modules: ["app", "lib"],
      downloads: ["."],
      workspace: true,
    });
  });

  test("the modules setting replaces discovery", async () => {
    const project = await read(
      {
        "go.mod": goMod(),
        "main.go": "package main\n",
        "tools/go.mod": goMod(),
        "tools/tools.go": "package tools\n",
      },
      { modules: ["./tools/"] },
    );
    expect(project).toMatchObject({ modules: ["tools"], downloads: ["tools"] });
  });
});

describe("which golangci-lint", () => {
  const toolchain = {
    "go.mod": goMod("1.27.0", "\ntoolchain go1.28.1\n"),
    "main.go": "package main\n",
  };

  test("a toolchain directive newer than the official image's Go: a build with that Go", async () => {
    expect((await read(toolchain)).plan).toEqual({
      kind: "build",
      goToolchain: "go1.28.1+auto",
      release: "v2.13.1",
      target: "1.28.1",
      builtWith: "1.27",
    });
  });

  test("goVersion overrides the directives, and must be a Go version", async () => {
    expect((await read(toolchain, { goVersion: "1.27" })).plan).toEqual({
      kind: "official",
      image: officialImage,
    });
    await expect(read(toolchain, { goVersion: "next" })).rejects.toThrow(
      new ProjectError(
        'goVersion must be a Go version such as 1.27 or 1.27.2; got "next".',
      ),
    );
  });

  test("version must be a v2 release from v2.1.0", async () => {
    await expect(read(toolchain, { version: "v1.64.8" })).rejects.toThrow(
      ProjectError,
    );
    expect((await read(toolchain, { version: "2.12.2" })).release).toBe(
      "v2.12.2",
    );
  });
});

describe("named before anything runs", () => {
  test("no module, a listed module without go.mod, a module without Go files", async () => {
    await expect(read({ "README.md": "" })).rejects.toThrow(
      new ProjectError(
        "No Go module to lint: the source has no go.work and no go.mod outside vendor/ and testdata/. " +
          "Add a go.mod (`go mod init`), or check the `source` ignore patterns in your dagger.json customizations.",
      ),
    );
    await expect(
      read(
        { "go.mod": goMod(), "main.go": "package main\n" },
        { modules: [".", "tools"] },
      ),
    ).rejects.toThrow(
      "The modules setting names tools, but it has no go.mod in the source. " +
        "Fix the setting, or the `source` ignore patterns if they hide it.",
    );
    await expect(
      read({
        "go.work": "go 1.26.0\nuse ./a\nuse ./b\n",
        "a/go.mod": goMod(),
      }),
    ).rejects.toThrow(
      "go.work uses b, but it has no go.mod in the source. Fix go.work, or",
    );
    // Go files of a vendored copy or test data are not the module's own.
    await expect(
      read({
        "go.mod": goMod(),
        "vendor/example.com/dep/dep.go": "package dep\n",
        "testdata/x.go": "package x\n",
      }),
    ).rejects.toThrow(
      "No Go files to lint in the root module. Add Go code, or leave the module out (go.work, the `modules` setting, or the `source` ignore patterns).",
    );
  });

  test("a config setting naming no file; a v1 config the runs would load", async () => {
    const repo = {
      "go.mod": goMod(),
      "main.go": "package main\n",
      "svc/go.mod": goMod(),
      "svc/svc.go": "package svc\n",
      ".golangci.yml": v2Config,
      "svc/.golangci.yml": "linters:\n  enable-all: true\n",
    };
    await expect(read(repo, { config: "lint/golangci.yml" })).rejects.toThrow(
      "The config setting names lint/golangci.yml, which is not in the source.",
    );
    await expect(read(repo)).rejects.toThrow(
      new ProjectError(
        'svc/.golangci.yml is a golangci-lint v1 config (it has no `version: "2"`), and this toolchain runs golangci-lint v2. ' +
          "Run `golangci-lint migrate` next to it and commit the result (https://golangci-lint.run/docs/product/migration-guide).",
      ),
    );
    // The config setting replaces the lookup: svc's own config is never loaded.
    await expect(
      read(repo, { config: "./.golangci.yml" }),
    ).resolves.toMatchObject({ modules: [".", "svc"] });
  });

  test("git history without .git: newFromRev, or a config that compares with it", async () => {
    const repo = { "go.mod": goMod(), "main.go": "package main\n" };
    await expect(read(repo, { newFromRev: "origin/main" })).rejects.toThrow(
      "newFromRev needs the repository's git history, but the source has no .git (the default `source` ignores it). " +
        'Add a `source` customization whose ignore list leaves out ".git".',
    );
    await expect(
      read({ ...repo, ".golangci.yml": `${v2Config}issues:\n  new: true\n` }),
    ).rejects.toThrow(
      ".golangci.yml sets issues.new, which needs the repository's git history (without it golangci-lint reports every issue), but the source has no .git",
    );
    await expect(
      read(
        { ...repo, ".git/HEAD": "ref: refs/heads/main\n" },
        { newFromRev: "origin/main" },
      ),
    ).resolves.toMatchObject({ modules: ["."] });
  });
});
