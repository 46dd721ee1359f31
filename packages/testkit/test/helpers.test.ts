// The helpers toolchains' test files share: paths from a test file's URL, what a step
// saw of the source, and exec scripts that play one tool.
import { expect, test } from "vitest";
import {
  answer,
  firstAnswer,
  sourceFiles,
  toolchainTest,
  type ExecRequest,
} from "../src/index.ts";

const step = (argv: string[]) => ({ argv, workdir: "/src" }) as ExecRequest;

test("toolchainTest: the module is the test folder's parent, fixtures below it", () => {
  const url = "file:///repo/toolchains/eslint/test/pipelines.test.ts";
  const { module, fixture } = toolchainTest(url);
  expect(module).toBe("/repo/toolchains/eslint/");
  expect(fixture("npm")).toBe("/repo/toolchains/eslint/test/fixtures/npm");
  expect(toolchainTest(url, "fixtures/executed").fixture("pnpm")).toBe(
    "/repo/toolchains/eslint/test/fixtures/executed/pnpm",
  );
});

test("sourceFiles: the files a step saw below /src, relative to it, also through map", () => {
  const exec = { files: ["/src/a.ts", "/src/lib/b.ts", "/srcx/c", "/tmp/d"] };
  expect(sourceFiles(exec)).toEqual(["a.ts", "lib/b.ts"]);
  expect([exec, { files: ["/src/c"] }].map(sourceFiles)).toEqual([
    ["a.ts", "lib/b.ts"],
    ["c"],
  ]);
});

test("answer plays the steps it matches; firstAnswer asks each answer in turn", () => {
  const fails = answer((e) => e.argv[0] === "lint", { exitCode: 1 });
  const echoes = answer(
    (e) => e.argv[0] === "pwd",
    (e) => ({ stdout: `${e.workdir}\n` }),
  );
  expect(fails(step(["lint"]))).toEqual({ exitCode: 1 });
  expect(fails(step(["pwd"]))).toBeUndefined();
  const both = firstAnswer(fails, undefined, echoes);
  expect(both(step(["pwd"]))).toEqual({ stdout: "/src\n" });
  expect(both(step(["install"]))).toBeUndefined();
});
