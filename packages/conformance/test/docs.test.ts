// The repository's URL lives in one place, the root package.json; every install command
// in the docs must point there.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
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

/** The repository's own files of a kind (those git tracks), without test fixtures. */
const tracked = execFileSync("git", ["ls-files", "-z"], {
  cwd: root,
  encoding: "utf8",
})
  .split("\0")
  .filter((path) => path && !/(^|\/)fixtures\//.test(path));

function files(dir: string, ext: RegExp): string[] {
  return tracked.filter(
    (path) => (dir === "." || path.startsWith(`${dir}/`)) && ext.test(path),
  );
}

const markdown = files(".", /\.md$/);
const sources = ["packages", "toolchains", "scripts"].flatMap((d) =>
  files(d, /\.(ts|sh|json)$/),
);

test("the repository stands alone: no file cites notes kept outside it", () => {
  const outside = new RegExp(["DESIGN", "(\\.md|\\s*§)"].join(""));
  const citing = [...markdown, ...sources].filter((path) =>
    outside.test(readFileSync(join(root, path), "utf8")),
  );
  expect(citing).toEqual([]);
});

test.each(markdown)(
  "%s: every relative link points at a file of the repository",
  (path) => {
    const text = readFileSync(join(root, path), "utf8");
    const links = [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
      .map((m) => m[1]!)
      .filter((target) => !/^[a-z]+:/.test(target));
    for (const target of links) {
      const resolved = join(root, dirname(path), target);
      expect(
        relative(root, resolved).startsWith(".."),
        `${target} leaves the repository`,
      ).toBe(false);
      expect(existsSync(resolved), `${target} exists`).toBe(true);
    }
  },
);
