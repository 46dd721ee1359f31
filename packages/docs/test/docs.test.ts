// Docs that cannot drift: each toolchain README's tables match its registered API, and
// every dagger.json example in the docs names arguments that exist, with defaults of
// the right type.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { introspect, type ModuleApi } from "@toolchains/testkit";
import { checkExample, jsonBlocks } from "../src/examples.ts";
import { renderCatalogue, renderReadme } from "../src/readme.ts";
import {
  modulePrefix,
  repositoryDocs,
  staleVersions,
  toolchainVersions,
} from "../src/versions.ts";

const root = join(import.meta.dirname, "../../..");
const toolchains = readdirSync(join(root, "toolchains")).filter((n) =>
  existsSync(join(root, "toolchains", n, "dagger.json")),
);
const apis = new Map<string, ModuleApi>();
const api = async (name: string) => {
  if (!apis.has(name))
    apis.set(name, await introspect(join(root, "toolchains", name)));
  return apis.get(name)!;
};

describe.each(toolchains)("toolchains/%s/README.md", (name) => {
  test("its function and settings tables match the registered API (run `npm run docs`)", async () => {
    const file = join(root, "toolchains", name, "README.md");
    const readme = readFileSync(file, "utf8");
    expect(renderReadme(readme, await api(name), file)).toBe(readme);
  });
});

const docs = [
  "README.md",
  ...toolchains.map((n) => `toolchains/${n}/README.md`),
];

/** Defaults an example leaves out on purpose, with the reason in its text. */
const mayDrop: Record<string, string[]> = {
  // `newFromRev` needs the git history.
  "toolchains/golangci-lint/README.md": [".git"],
};

test.each(docs)(
  "%s: every customizations example fits the registered API, and repeats the default ignore patterns it keeps",
  async (doc) => {
    for (const name of toolchains) await api(name);
    const examples = jsonBlocks(readFileSync(join(root, doc), "utf8")).filter(
      (b) => b.includes('"toolchains"'),
    );
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples)
      expect(
        checkExample(JSON.parse(example), apis, { mayDrop: mayDrop[doc] }),
      ).toEqual([]);
  },
);

test("the root dagger.json installs every toolchain from its folder, with valid customizations", async () => {
  for (const name of toolchains) await api(name);
  const config = JSON.parse(readFileSync(join(root, "dagger.json"), "utf8"));
  expect(
    config.toolchains.map((t: { name: string; source: string }) => [
      t.name,
      t.source,
    ]),
  ).toEqual(toolchains.map((n) => [n, `toolchains/${n}`]));
  expect(checkExample(config, apis)).toEqual([]);
});

test("the root dagger.json uses only toolchain fields Dagger v0.21 knows, and ignores a generator for dagger generate wherever it ignores its check", async () => {
  const known = [
    "name",
    "source",
    "pin",
    "customizations",
    "ignoreChecks",
    "ignoreGenerators",
    "ignoreServices",
    "portMappings",
  ];
  const config = JSON.parse(readFileSync(join(root, "dagger.json"), "utf8"));
  for (const entry of config.toolchains as Record<string, string[]>[]) {
    expect(Object.keys(entry).filter((k) => !known.includes(k))).toEqual([]);
    const { main } = await api(entry.name as unknown as string);
    const generators = main.functions
      .filter((f) => f.isGenerator)
      .map((f) => f.name);
    const ignoredAsChecks = (entry.ignoreChecks ?? []).filter((n) =>
      generators.includes(n),
    );
    expect(entry.ignoreGenerators ?? [], String(entry.name)).toEqual(
      ignoredAsChecks,
    );
  }
});

test("the root README's catalogue lists every toolchain's checks, generators and reports (run `npm run docs`)", async () => {
  const all = await Promise.all(toolchains.map(api));
  const file = join(root, "README.md");
  const readme = readFileSync(file, "utf8");
  expect(renderCatalogue(readme, all, file)).toBe(readme);
});

const versions = toolchainVersions(root);
const versioned = [
  ...repositoryDocs(root),
  ...toolchains.map((n) => `toolchains/${n}/README.md`),
];

test.each(versioned)(
  "%s names each toolchain's current version, from its package.json (run `npm run docs`)",
  (doc) => {
    const text = readFileSync(join(root, doc), "utf8");
    expect(staleVersions(text, versions, modulePrefix(root))).toEqual([]);
  },
);

test("every toolchain README has an install line at its current version", () => {
  for (const name of toolchains) {
    const readme = readFileSync(
      join(root, "toolchains", name, "README.md"),
      "utf8",
    );
    expect(readme).toContain(
      `dagger toolchain install ${modulePrefix(root)}/toolchains/${name}@v${versions.get(name)}`,
    );
  }
});
