// What a prettier run means, and what `check` says.
import { describe, expect, test } from "vitest";
import {
  classify,
  listedFiles,
  unformattedReport,
  withoutInstallOwned,
} from "../src/outcome.ts";

describe("classify", () => {
  test("exit 0 naming nothing: formatted", () => {
    expect(classify(0, "\n", "")).toEqual({ kind: "formatted" });
  });

  test("exit 0 naming files: those were reformatted, read without colours", () => {
    expect(classify(0, "\u001b[90msrc/a.ts\u001b[39m\n  b.md \n", "")).toEqual({
      kind: "unformatted",
      files: ["src/a.ts", "b.md"],
    });
  });

  test("a file prettier cannot parse is named, with prettier's [error] lines", () => {
    const outcome = classify(
      2,
      "src/fine.js\n",
      "\u001b[31m[error]\u001b[39m src/broken.js: SyntaxError: Unexpected token (1:7)\n[error] > 1 | const = ;\nsome other line\n",
    );
    expect(outcome).toEqual({
      kind: "failed",
      message:
        "Prettier could not parse 1 file (src/broken.js). Fix the syntax, or list the file in .prettierignore.\n" +
        "prettier exited with code 2:\n" +
        "[error] src/broken.js: SyntaxError: Unexpected token (1:7)\n[error] > 1 | const = ;",
    });
  });

  test.each([
    [
      '[error] No files matching the pattern were found: "nothing/".',
      "Prettier found nothing to format. Check the `paths` setting and your .prettierignore",
    ],
    [
      '[error] Invalid configuration for file "src/a.ts":\n[error] Unexpected token',
      "Prettier could not load its configuration or a plugin. Fix the config file, and make sure every plugin it names is in package.json.",
    ],
    [
      "[error] Cannot find package 'prettier-plugin-x' imported from /src/noop.js",
      "Prettier could not load its configuration or a plugin.",
    ],
    [
      "Killed",
      "Prettier stopped before formatting the project.\nprettier exited with code 137:\nKilled",
    ],
  ])("%s", (stderr, message) => {
    const outcome = classify(stderr === "Killed" ? 137 : 2, "", stderr);
    expect(outcome.kind === "failed" && outcome.message).toContain(message);
  });

  test("every file it cannot parse is counted", () => {
    const outcome = classify(
      2,
      "",
      "[error] a.js: SyntaxError: x (1:1)\n[error] b.css: SyntaxError: y (2:2)\n",
    );
    expect(outcome.kind === "failed" && outcome.message).toMatch(
      /^Prettier could not parse 2 files \(a\.js, b\.css\)\./,
    );
  });
});

test("listedFiles: one per line, blank lines dropped", () => {
  expect(listedFiles("a.ts\n\n b.ts\n")).toEqual(["a.ts", "b.ts"]);
});

test("withoutInstallOwned: lockfiles and Yarn 2+ install files are never findings", () => {
  expect(
    withoutInstallOwned({
      kind: "unformatted",
      files: [
        "pnpm-lock.yaml",
        "packages/a/package-lock.json",
        ".pnp.cjs",
        "src/a.ts",
      ],
    }),
  ).toEqual({ kind: "unformatted", files: ["src/a.ts"] });
  expect(
    withoutInstallOwned({
      kind: "unformatted",
      files: [".yarn/install-state.gz"],
    }),
  ).toEqual({ kind: "formatted" });
});

describe("unformattedReport", () => {
  test("the count, the files, the patch and the fix command", () => {
    expect(
      unformattedReport(["src/a.ts"], "--- a/src/a.ts\n+++ b/src/a.ts\n"),
    ).toBe(
      [
        "prettier: 1 file is not formatted:",
        "  src/a.ts",
        "",
        "--- a/src/a.ts",
        "+++ b/src/a.ts",
        "",
        "Run `dagger generate prettier:write` to format them.",
      ].join("\n"),
    );
  });

  test("long lists and patches are cut, pointing at `diff` for the whole patch", () => {
    const message = unformattedReport(["a", "b", "c"], "1\n2\n3\n4\n", {
      files: 2,
      patchLines: 3,
    });
    expect(message).toContain(
      "prettier: 3 files are not formatted:\n  a\n  b\n  … and 1 more\n",
    );
    expect(message).toContain(
      "1\n2\n3\n… 1 more lines; the toolchain's `diff` function returns the whole patch\n",
    );
  });
});
