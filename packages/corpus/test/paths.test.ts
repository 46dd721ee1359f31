// Where each registry serves an archive, and the tree helpers.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { archiveUrl, pinned } from "../src/paths.ts";
import { changedFiles, scratch, snapshot } from "../src/tree.ts";

test("registry addresses: Go's case encoding, scoped npm packages, PyPI as listed", () => {
  expect(
    archiveUrl({
      registry: "go",
      module: "github.com/BurntSushi/toml",
      version: "v1.4.0",
      sha256: "",
    }),
  ).toBe("https://proxy.golang.org/github.com/!burnt!sushi/toml/@v/v1.4.0.zip");
  expect(
    archiveUrl({
      registry: "npm",
      package: "@scope/pkg",
      version: "1.2.3",
      sha256: "",
    }),
  ).toBe("https://registry.npmjs.org/@scope/pkg/-/pkg-1.2.3.tgz");
  expect(
    archiveUrl({
      registry: "pypi",
      package: "pyjwt",
      version: "2.15.1",
      url: "https://files/x.tar.gz",
      sha256: "",
    }),
  ).toBe("https://files/x.tar.gz");
  expect(
    pinned({
      registry: "npm",
      package: "@scope/pkg",
      version: "1.2.3",
      sha256: "",
    }),
  ).toBe("@scope/pkg@1.2.3");
});

test("a snapshot tells what a tool changed, added and removed", () => {
  const s = scratch("paths-test");
  try {
    mkdirSync(join(s.dir, "sub"));
    writeFileSync(join(s.dir, "sub/a.go"), "a");
    writeFileSync(join(s.dir, "b.go"), "b");
    const before = snapshot(s.dir);
    writeFileSync(join(s.dir, "sub/a.go"), "A");
    rmSync(join(s.dir, "b.go"));
    writeFileSync(join(s.dir, "c.go"), "c");
    expect(changedFiles(before, s.dir)).toEqual({
      "b.go": null,
      "c.go": "c",
      "sub/a.go": "A",
    });
  } finally {
    s.remove();
  }
});
