import { describe, expect, test } from "vitest";
import { changes } from "../src/engine/changes.ts";
import {
  entries,
  filter,
  fromText,
  glob,
  matcher,
} from "../src/engine/tree.ts";

const tree = fromText({
  "package.json": "{}",
  "node_modules/x/index.js": "",
  "packages/a/node_modules/y/index.js": "",
  "packages/a/src/a.ts": "",
  "empty/": "",
});

describe("dockerignore-style patterns", () => {
  test("a bare name matches at the root only, with everything below it", () => {
    const m = matcher(["node_modules"]);
    expect(m("node_modules/x/index.js")).toBe(true);
    expect(m("packages/a/node_modules/y/index.js")).toBe(false);
  });
  test("**/ matches at any depth, and a trailing slash changes nothing", () => {
    const m = matcher(["**/node_modules/"]);
    expect(m("node_modules/x/index.js")).toBe(true);
    expect(m("packages/a/node_modules/y/index.js")).toBe(true);
  });
  test("a later negation re-includes", () => {
    const m = matcher(["packages", "!packages/a/src"]);
    expect(m("packages/a/src/a.ts")).toBe(false);
    expect(m("packages/a/node_modules/y/index.js")).toBe(true);
  });
  test("filter keeps includes minus excludes", () => {
    expect([
      ...filter(tree, {
        include: ["**/*.ts", "package.json"],
        exclude: ["**/node_modules"],
      }).keys(),
    ]).toEqual(["package.json", "packages/a/src/a.ts"]);
  });
});

test("entries and glob mark directories with a trailing slash", () => {
  expect(entries(tree)).toEqual([
    "empty/",
    "node_modules/",
    "package.json",
    "packages/",
  ]);
  expect(glob(tree, "packages/*")).toEqual(["packages/a/"]);
  expect(glob(tree, "**/index.js")).toEqual([
    "node_modules/x/index.js",
    "packages/a/node_modules/y/index.js",
  ]);
});

test("changes list added directories with their files and removed directories alone", () => {
  const after = fromText({
    "package.json": "{ }",
    "packages/a/src/a.ts": "",
    "packages/b/b.ts": "",
    "empty/": "",
  });
  expect(changes(tree, after)).toEqual({
    added: ["packages/b/", "packages/b/b.ts"],
    modified: ["package.json"],
    removed: ["node_modules/", "packages/a/node_modules/"],
  });
});
