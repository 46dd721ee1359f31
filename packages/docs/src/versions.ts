// Install lines and examples name a released version of a toolchain:
// `github.com/<owner>/<repo>/toolchains/<name>@v<version>`. The version is the one in the
// toolchain's package.json, so `npm run docs` (also run by `npm run version-toolchains`)
// rewrites every such reference, and the docs test fails while one is stale.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** `github.com/<owner>/<repo>`, from the root package.json's repository URL. */
export function modulePrefix(root: string): string {
  const url = new URL(
    JSON.parse(readFileSync(join(root, "package.json"), "utf8")).repository.url,
  );
  return `${url.host}${url.pathname.replace(/\.git$/, "")}`;
}

/** Each toolchain's version, from its package.json. */
export function toolchainVersions(root: string): Map<string, string> {
  const dir = join(root, "toolchains");
  return new Map(
    readdirSync(dir)
      .filter((name) => existsSync(join(dir, name, "package.json")))
      .map((name) => [
        name,
        JSON.parse(readFileSync(join(dir, name, "package.json"), "utf8"))
          .version as string,
      ]),
  );
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** The text with every versioned reference to a toolchain naming its current version. */
export function pinVersions(
  text: string,
  versions: ReadonlyMap<string, string>,
  prefix: string,
): string {
  const reference = new RegExp(
    `(${escape(prefix)}/toolchains/([\\w-]+))@v[0-9A-Za-z.+-]*[0-9A-Za-z]`,
    "g",
  );
  return text.replace(reference, (match, path: string, name: string) => {
    const version = versions.get(name);
    return version ? `${path}@v${version}` : match;
  });
}

/** The versioned references that differ from the toolchain's current version. */
export function staleVersions(
  text: string,
  versions: ReadonlyMap<string, string>,
  prefix: string,
): string[] {
  const reference = new RegExp(
    `${escape(prefix)}/toolchains/([\\w-]+)@v([0-9A-Za-z.+-]*[0-9A-Za-z])`,
    "g",
  );
  return [...text.matchAll(reference)]
    .filter((m) => versions.has(m[1]!) && versions.get(m[1]!) !== m[2])
    .map((m) => `${m[0]} (package.json says ${versions.get(m[1]!)})`);
}

/** The repository-level docs, whose references `npm run docs` keeps current at the root. */
export function repositoryDocs(root: string): string[] {
  return [
    "README.md",
    "CONTRIBUTING.md",
    ...readdirSync(join(root, "docs"))
      .filter((f) => f.endsWith(".md"))
      .sort()
      .map((f) => `docs/${f}`),
  ];
}
