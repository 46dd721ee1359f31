// Where the corpus lives: a cache outside the checkout (like Go's module cache), so a
// fresh clone on the same machine reuses what an earlier setup fetched and verified.
//
//   $TOOLCHAINS_CORPUS/archives/<file>            the registry's archive, as downloaded
//   $TOOLCHAINS_CORPUS/projects/<id>/             its tree (plus a generated lockfile)
//   $TOOLCHAINS_CORPUS/seeds/<volume key>/        package stores for every project's
//                                                 offline installs, as one machine's
//   $TOOLCHAINS_CORPUS/stamps/<id>                what the project was made from
import { homedir } from "node:os";
import { join } from "node:path";
import type { Project, Source } from "./corpus.ts";

export function corpusRoot(): string {
  return (
    process.env.TOOLCHAINS_CORPUS ||
    join(homedir(), ".cache", "toolchains-corpus")
  );
}

export const projectDir = (p: Project) => join(corpusRoot(), "projects", p.id);
export const seedsDir = () => join(corpusRoot(), "seeds");
export const stampFile = (p: Project) => join(corpusRoot(), "stamps", p.id);
export const archiveFile = (s: Source) =>
  join(corpusRoot(), "archives", archiveName(s));

/** The Go module proxy's case encoding: an upper-case letter becomes ! and its lower case. */
const escapeGo = (path: string) =>
  path.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);

/** Where the registry serves the archive. */
export function archiveUrl(s: Source): string {
  switch (s.registry) {
    case "go":
      return `https://proxy.golang.org/${escapeGo(s.module)}/@v/${escapeGo(s.version)}.zip`;
    case "npm": {
      const base = s.package.split("/").pop()!;
      return `https://registry.npmjs.org/${s.package}/-/${base}-${s.version}.tgz`;
    }
    case "pypi":
      return s.url;
  }
}

export function archiveName(s: Source): string {
  switch (s.registry) {
    case "go":
      return `go-${s.module.replaceAll("/", "_")}@${s.version}.zip`;
    case "npm":
      return `npm-${s.package.replace("/", "_")}-${s.version}.tgz`;
    case "pypi":
      return `pypi-${s.url.split("/").pop()}`;
  }
}

/** name@version, as the summary names a project. */
export function pinned(s: Source): string {
  return s.registry === "go"
    ? `${s.module}@${s.version}`
    : `${s.package}@${s.version}`;
}
