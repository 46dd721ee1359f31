// Module discovery, go.mod/go.work directives and config lookup: plain logic, tested
// without Dagger.
import { describe, expect, test } from "vitest";
import { parseVersion } from "../src/go-version.ts";
import {
  configFor,
  configVersion,
  gitHistorySetting,
  modulesFromGoMods,
  modulesFromGoWork,
  parseDirectives,
  targetGo,
} from "../src/modules.ts";

describe("modules", () => {
  test("every go.mod, without vendored copies, test data and directories go ignores; shallow first", () => {
    expect(
      modulesFromGoMods([
        "tools/go.mod",
        "go.mod",
        "services/api/go.mod",
        "services/api/vendor/example.com/dep/go.mod",
        "internal/testdata/broken/go.mod",
        "_examples/demo/go.mod",
        ".github/actions/x/go.mod",
      ]),
    ).toEqual([".", "tools", "services/api"]);
  });

  test("go.work: single-line and block use directives, comments and quotes", () => {
    expect(
      modulesFromGoWork(
        'go 1.26.0\n\nuse ./cmd // the CLI\nuse (\n\t./app\n\t"./lib/"\n\t. // root\n)\nuse (./tools)\n',
      ),
    ).toEqual([".", "app", "cmd", "lib", "tools"]);
  });

  test("go.work modules outside the source, or none at all, are named", () => {
    expect(() => modulesFromGoWork("go 1.26\nuse ../shared\n")).toThrow(
      "go.work uses ../shared, which is outside the source this toolchain sees.",
    );
    expect(() => modulesFromGoWork("go 1.26\n")).toThrow(
      "go.work has no `use` directive",
    );
  });

  test("the go and toolchain directives; toolchain wins, the newest module decides", () => {
    expect(
      parseDirectives(
        "module x\n\ngo 1.27.0 // minimum\n\ntoolchain go1.28.1\n\nrequire (\n\tgo.example/toolchain v1.0.0\n)\n",
      ),
    ).toEqual({ go: "1.27.0", toolchain: "go1.28.1" });
    expect(
      targetGo([
        { go: "1.24" },
        { go: "1.27.0", toolchain: "go1.28.1" },
        { go: "1.28.0" },
      ]),
    ).toEqual([1, 28, 1]);
    expect(targetGo([{ go: "1.26", toolchain: "default" }])).toEqual([
      1, 26, 0,
    ]);
    expect(parseVersion("go1.28rc1")).toEqual([1, 28, 0]);
    expect(targetGo([{}])).toBeUndefined();
  });

  test("config lookup: the module directory, then its parents, in golangci-lint's order", () => {
    const found = new Set([
      ".golangci.yml",
      "svc/.golangci.toml",
      "svc/.golangci.json",
    ]);
    expect(configFor("svc", found)).toBe("svc/.golangci.json");
    expect(configFor("svc/deep/er", found)).toBe("svc/.golangci.json");
    expect(configFor("tools", found)).toBe(".golangci.yml");
    expect(configFor(".", new Set())).toBeUndefined();
  });

  test("a config's version, by file type", () => {
    expect(
      configVersion(
        ".golangci.yml",
        'version: "2"\nlinters:\n  default: none\n',
      ),
    ).toBe("2");
    expect(
      configVersion(".golangci.yaml", "# v2\nversion: 2 # migrated\n"),
    ).toBe("2");
    expect(configVersion(".golangci.toml", "version = '2'\n")).toBe("2");
    expect(configVersion(".golangci.json", '{ "version": "2" }')).toBe("2");
    // v1 configs have no version; a nested key named version is not the config's.
    expect(
      configVersion(
        ".golangci.yml",
        "run:\n  version: 2\nlinters:\n  enable-all: true\n",
      ),
    ).toBeUndefined();
  });
});

describe("config settings that need git history", () => {
  test("new-from-rev, new-from-merge-base and new: true, in YAML, TOML and JSON", () => {
    expect(
      gitHistorySetting('version: "2"\nissues:\n  new-from-rev: HEAD~1\n'),
    ).toBe("issues.new-from-rev");
    expect(gitHistorySetting("issues:\n  new-from-merge-base: main\n")).toBe(
      "issues.new-from-merge-base",
    );
    expect(gitHistorySetting("issues:\n  new: true\n")).toBe("issues.new");
    expect(gitHistorySetting('[issues]\nnew-from-rev = "v1.0.0"\n')).toBe(
      "issues.new-from-rev",
    );
    expect(gitHistorySetting('{"issues": {"new": true}}')).toBe("issues.new");
  });

  test("unset, empty, false or commented out: nothing needs git", () => {
    expect(
      gitHistorySetting('version: "2"\nissues:\n  new: false\n'),
    ).toBeUndefined();
    expect(gitHistorySetting('issues:\n  new-from-rev: ""\n')).toBeUndefined();
    expect(
      gitHistorySetting("issues:\n  # new-from-rev: HEAD~1\n"),
    ).toBeUndefined();
    expect(
      gitHistorySetting("issues:\n  new-from-patch: x.patch\n"),
    ).toBeUndefined();
  });
});
