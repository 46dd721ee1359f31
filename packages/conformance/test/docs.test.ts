// The repository's URL lives in one place, the root package.json; every install command
// in the docs must point there.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";

const root = join(import.meta.dirname, "../../..");
const repository = new URL(
  JSON.parse(readFileSync(join(root, "package.json"), "utf8")).repository.url,
);
const modulePrefix = `${repository.host}${repository.pathname}`;

const docs = [
  "README.md",
  "CONTRIBUTING.md",
  ...readdirSync(join(root, "toolchains"))
    .map((name) => `toolchains/${name}/README.md`)
    .filter((path) => existsSync(join(root, path))),
];

test.each(docs)(
  "%s points every toolchain reference at the repository in package.json",
  (path) => {
    const text = readFileSync(join(root, path), "utf8");
    const references = [
      ...text.matchAll(/github\.com\/[\w.-]+\/[\w.-]+\/toolchains\/([\w-]+)/g),
    ];
    for (const [reference, name] of references) {
      expect(reference).toBe(`${modulePrefix}/toolchains/${name}`);
      expect(existsSync(join(root, "toolchains", name!, "dagger.json"))).toBe(
        true,
      );
    }
  },
);
