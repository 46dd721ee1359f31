// Changesets between two trees, as Directory.changes(before) reports them, and the
// git-style patch Changeset.asPatch() returns.
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { files, sameNode, type Node, type Tree } from "./tree.ts";

export interface Changes {
  added: string[];
  modified: string[];
  removed: string[];
}

/** Every directory of a tree, as "dir/" and "dir/sub/". */
function directories(tree: Tree): Set<string> {
  const dirs = new Set<string>();
  for (const key of tree.keys()) {
    const parts = key.split("/");
    for (let i = 1; i < parts.length; i++)
      dirs.add(`${parts.slice(0, i).join("/")}/`);
  }
  return dirs;
}

/**
 * Paths as the engine reports them: relative, directories with a trailing slash; an
 * added directory is listed with its files, a removed one alone, without its children.
 */
export function changes(before: Tree, after: Tree): Changes {
  const was = new Set(files(before));
  const now = new Set(files(after));
  const dirsWere = directories(before);
  const dirsNow = directories(after);
  const removedDirs = [...dirsWere].filter((d) => !dirsNow.has(d));
  const underRemovedDir = (p: string) =>
    removedDirs.some((d) => p !== d && p.startsWith(d));
  return {
    added: [
      ...[...now].filter((p) => !was.has(p)),
      ...[...dirsNow].filter((d) => !dirsWere.has(d)),
    ].sort(),
    modified: [...now]
      .filter((p) => was.has(p) && !sameNode(before.get(p), after.get(p)))
      .sort(),
    removed: [...[...was].filter((p) => !now.has(p)), ...removedDirs]
      .filter((p) => !underRemovedDir(p))
      .sort(),
  };
}

export function isEmpty(c: Changes): boolean {
  return c.added.length + c.modified.length + c.removed.length === 0;
}

/** Git's mode of a node: 120000 for a symlink, 100755 for an executable, else 100644. */
function gitMode(node: Node): string {
  if (node.link !== undefined) return "120000";
  return node.mode & 0o111 ? "100755" : "100644";
}

/**
 * A patch `git apply` accepts: one section per changed file, in path order. Git's own
 * diff computes it (a JavaScript Myers diff takes minutes on a large file where every
 * line changed): the changed files are written to a/ and b/ in a scratch folder and
 * compared in one `git diff --no-index`, whose output is then given the engine's
 * headers.
 */
export function gitPatch(before: Tree, after: Tree): string {
  const paths = [...new Set([...files(before), ...files(after)])]
    .filter((p) => !sameNode(before.get(p), after.get(p)))
    .sort();
  if (paths.length === 0) return "";
  const scratch = mkdtempSync(join(tmpdir(), "testkit-patch-"));
  try {
    writeSide(scratch, "a", paths, before);
    writeSide(scratch, "b", paths, after);
    const sections = splitSections(gitDiff(scratch));
    const wanted = new Set(paths);
    for (const p of sections.keys())
      if (!wanted.has(p))
        throw new Error(`git diff --no-index named an unexpected path: ${p}`);
    return paths.map((p) => sections.get(p) ?? "").join("");
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Writes the nodes `paths` name in `tree` below `scratch/side`, as git reads them. */
function writeSide(
  scratch: string,
  side: string,
  paths: string[],
  tree: Tree,
): void {
  // Both sides exist even when one has no file, or git would only say it is missing.
  mkdirSync(join(scratch, side));
  const made = new Set<string>([join(scratch, side)]);
  const links: [string, string][] = [];
  for (const path of paths) {
    const node = tree.get(path);
    if (!node) continue;
    const abs = join(scratch, side, path);
    const dir = dirname(abs);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    const link = node.link;
    if (link !== undefined) {
      links.push([link, abs]);
      continue;
    }
    writeFileSync(abs, node.data);
    // Git records only 100755 or 100644; the umask must not decide which.
    chmodSync(abs, gitMode(node) === "100755" ? 0o755 : 0o644);
  }
  // Links last, so that no file is ever written through one.
  for (const [target, abs] of links) symlinkSync(target, abs);
}

/**
 * This process's environment without what would change git's patch: the user's and
 * the system's configuration, an external diff, legacy diff options.
 */
function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
  };
  delete env.GIT_DIFF_OPTS;
  delete env.GIT_EXTERNAL_DIFF;
  return env;
}

function gitDiff(scratch: string): string {
  const r = spawnSync(
    "git",
    [
      "-c",
      "core.quotepath=false",
      "-c",
      "diff.noprefix=false",
      "diff",
      "--no-index",
      "--no-color",
      "--no-ext-diff",
      "--no-renames",
      "--no-textconv",
      "--diff-algorithm=myers",
      "--unified=3",
      "--src-prefix=a/",
      "--dst-prefix=b/",
      "a",
      "b",
    ],
    {
      cwd: scratch,
      env: gitEnv(),
      maxBuffer: Infinity,
    },
  );
  if (r.error) throw r.error;
  // 1 means the trees differ, 0 that they do not; it also says 1 when it cannot
  // read a side, with no patch.
  if (r.status !== 0 && !(r.status === 1 && r.stdout.length > 0))
    throw new Error(
      `git diff --no-index failed (${r.status ?? r.signal}): ${r.stderr.toString()}`,
    );
  return r.stdout.toString("utf8");
}

/**
 * Git's output cut into sections by path, with the engine's headers: `a/P` and `b/P`
 * rather than git's `a/a/P` and `b/b/P`, no `index` lines and nothing after a hunk
 * header's closing `@@`. A path git shows twice (a symlink that became a file) has
 * both sections under it, in git's order.
 */
function splitSections(out: string): Map<string, string> {
  const sections = new Map<string, string>();
  // Hunk lines start with " ", "+", "-" or "\\", so these only match git's own lines.
  const text = out
    .replace(/^index [0-9a-f]+\.\.[0-9a-f]+(?: [0-7]+)?\n/gm, "")
    .replace(/^(@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@).*$/gm, "$1");
  for (const section of text.split(/^(?=diff --git )/m)) {
    if (section === "") continue;
    const end = section.indexOf("\n");
    const { path, a, b } = parseHeader(section.slice(0, end));
    const hunks = section.search(/^@@ /m);
    const head = hunks === -1 ? section.slice(end) : section.slice(end, hunks);
    const rest = hunks === -1 ? "" : section.slice(hunks);
    const fixed = head
      .replace(/^(---|\+\+\+) ("?)([ab])\/[ab]\//gm, "$1 $2$3/")
      .replace(
        /^Binary files .* differ$/m,
        () =>
          `Binary files ${/^new file mode /m.test(head) ? "/dev/null" : a} and ${/^deleted file mode /m.test(head) ? "/dev/null" : b} differ`,
      );
    const previous = sections.get(path) ?? "";
    sections.set(path, `${previous}diff --git ${a} ${b}${fixed}${rest}`);
  }
  return sections;
}

/**
 * The path of a `diff --git a/a/P b/b/P` line and its two names as the patch writes
 * them (`a/P`, `b/P`). Git quotes a name with a control character, `"` or `\\` as a C
 * string ("a/a/x\\ty"), and then both; otherwise both sides hold the same P, so its
 * length says where it ends even when it holds spaces.
 */
function parseHeader(line: string): { path: string; a: string; b: string } {
  const names = line.slice("diff --git ".length);
  if (!names.startsWith('"')) {
    const path = names.slice(4, 4 + (names.length - 9) / 2);
    return { path, a: `a/${path}`, b: `b/${path}` };
  }
  let close = 1;
  while (names[close] !== '"') close += names[close] === "\\" ? 2 : 1;
  const quoted = names.slice(5, close);
  return { path: unquote(quoted), a: `"a/${quoted}"`, b: `"b/${quoted}"` };
}

const escapes: Record<string, number> = {
  a: 7,
  b: 8,
  t: 9,
  n: 10,
  v: 11,
  f: 12,
  r: 13,
};

/** The bytes of a name git wrote as the inside of a C string, as UTF-8 text. */
function unquote(quoted: string): string {
  // A backslash byte never occurs inside a multi-byte UTF-8 character.
  const raw = Buffer.from(quoted, "utf8");
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== 0x5c) {
      bytes.push(raw[i]!);
      continue;
    }
    const next = String.fromCharCode(raw[++i]!);
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(raw.subarray(i, i + 3).toString("latin1"), 8));
      i += 2;
    } else bytes.push(escapes[next] ?? next.charCodeAt(0));
  }
  return Buffer.from(bytes).toString("utf8");
}
