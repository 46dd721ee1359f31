import { spawnSync } from "node:child_process";
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, test } from "vitest";
import { gitPatch } from "../src/engine/changes.ts";
import { fileNode, symlinkNode, type Node } from "../src/engine/tree.ts";

const tree = (entries: Record<string, Node>) =>
  new Map(Object.entries(entries));
const lines = (n: number, line: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => `${line(i)}\n`).join("");

describe("gitPatch", () => {
  test("a modified file: its hunk with three lines of context", () => {
    const before = tree({ "src/a.ts": fileNode(lines(10, (i) => `l${i}`)) });
    const after = tree({
      "src/a.ts": fileNode(lines(10, (i) => (i === 5 ? "changed" : `l${i}`))),
    });
    expect(gitPatch(before, after)).toBe(
      "diff --git a/src/a.ts b/src/a.ts\n--- a/src/a.ts\n+++ b/src/a.ts\n" +
        "@@ -3,7 +3,7 @@\n l2\n l3\n l4\n-l5\n+changed\n l6\n l7\n l8\n",
    );
  });

  test("a new file, and one without a final newline", () => {
    expect(
      gitPatch(
        tree({}),
        tree({ "new.md": fileNode("n\n"), "tool.sh": fileNode("x", 0o755) }),
      ),
    ).toBe(
      "diff --git a/new.md b/new.md\nnew file mode 100644\n--- /dev/null\n+++ b/new.md\n@@ -0,0 +1 @@\n+n\n" +
        "diff --git a/tool.sh b/tool.sh\nnew file mode 100755\n--- /dev/null\n+++ b/tool.sh\n@@ -0,0 +1 @@\n+x\n\\ No newline at end of file\n",
    );
  });

  test("a deleted file", () => {
    expect(gitPatch(tree({ "old.txt": fileNode("a\nb\n") }), tree({}))).toBe(
      "diff --git a/old.txt b/old.txt\ndeleted file mode 100644\n--- a/old.txt\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a\n-b\n",
    );
  });

  test("a mode change alone is a header", () => {
    expect(
      gitPatch(
        tree({ "run.sh": fileNode("echo\n", 0o644) }),
        tree({ "run.sh": fileNode("echo\n", 0o755) }),
      ),
    ).toBe("diff --git a/run.sh b/run.sh\nold mode 100644\nnew mode 100755\n");
  });

  test("binary files are named, not diffed", () => {
    expect(
      gitPatch(
        tree({ "b.bin": fileNode(Buffer.from([0, 1, 2])) }),
        tree({
          "b.bin": fileNode(Buffer.from([0, 1, 3])),
          "c.bin": fileNode(Buffer.from([0])),
        }),
      ),
    ).toBe(
      "diff --git a/b.bin b/b.bin\nBinary files a/b.bin and b/b.bin differ\n" +
        "diff --git a/c.bin b/c.bin\nnew file mode 100644\nBinary files /dev/null and b/c.bin differ\n",
    );
  });

  test("a symlink is diffed as its target", () => {
    expect(gitPatch(tree({}), tree({ link: symlinkNode("src/a.ts") }))).toBe(
      "diff --git a/link b/link\nnew file mode 120000\n--- /dev/null\n+++ b/link\n@@ -0,0 +1 @@\n+src/a.ts\n\\ No newline at end of file\n",
    );
  });

  test("hunk headers carry no function context, and sections follow path order", () => {
    const code = (body: string) =>
      `function main() {\n${lines(8, (i) => `  x${i};`)}${body}}\n`;
    const patch = gitPatch(
      tree({
        "a/b.c": fileNode(code("  y;\n")),
        "a.c": fileNode("1\n"),
        "x y.c": fileNode("1\n"),
      }),
      tree({
        "a/b.c": fileNode(code("  z;\n")),
        "a.c": fileNode("2\n"),
        "x y.c": fileNode("2\n"),
      }),
    );
    expect(patch).toBe(
      "diff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1 +1 @@\n-1\n+2\n" +
        "diff --git a/a/b.c b/a/b.c\n--- a/a/b.c\n+++ b/a/b.c\n@@ -7,5 +7,5 @@\n   x5;\n   x6;\n   x7;\n-  y;\n+  z;\n }\n" +
        // Git ends a name holding a space with a tab on these two lines.
        "diff --git a/x y.c b/x y.c\n--- a/x y.c\t\n+++ b/x y.c\t\n@@ -1 +1 @@\n-1\n+2\n",
    );
  });

  test("a name git must quote is quoted as git does", () => {
    expect(gitPatch(tree({}), tree({ 'say"hi".txt': fileNode("hi\n") }))).toBe(
      'diff --git "a/say\\"hi\\".txt" "b/say\\"hi\\".txt"\nnew file mode 100644\n--- /dev/null\n+++ "b/say\\"hi\\".txt"\n@@ -0,0 +1 @@\n+hi\n',
    );
  });

  test("equal trees give an empty patch, and the scratch folder is removed", () => {
    const scratch = mkdtempSync(join(tmpdir(), "changes-test-"));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = scratch;
    try {
      const t = tree({ "a.txt": fileNode("a\n") });
      expect(gitPatch(t, t)).toBe("");
      expect(gitPatch(t, tree({ "a.txt": fileNode("b\n") }))).not.toBe("");
      expect(readdirSync(scratch)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  test("a large file with every line changed gives a patch git applies", () => {
    const before = lines(200_000, (i) => `const v${i} = { k: ${i} };`);
    const after = lines(200_000, (i) => `const v${i} = {k: ${i}}`);
    const patch = gitPatch(
      tree({ "big.ts": fileNode(before), "keep.txt": fileNode("k\n") }),
      tree({ "big.ts": fileNode(after), "keep.txt": fileNode("k\n") }),
    );
    const dir = mkdtempSync(join(tmpdir(), "changes-test-"));
    try {
      writeFileSync(join(dir, "big.ts"), before);
      // No repository above the scratch folder may change what git apply does.
      const env = { ...process.env, GIT_CEILING_DIRECTORIES: dirname(dir) };
      for (const args of [["apply", "--check"], ["apply"]]) {
        const r = spawnSync("git", args, {
          cwd: dir,
          env,
          input: patch,
          maxBuffer: Infinity,
        });
        expect(r.stderr.toString()).toBe("");
        expect(r.status).toBe(0);
      }
      expect(readFileSync(join(dir, "big.ts"), "utf8") === after).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
