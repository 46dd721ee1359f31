// The engine double, driven by the SDK's real entrypoint through a sample module.
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { call, register } from "../src/index.ts";

const module = fileURLToPath(
  new URL("./fixtures/sample-module", import.meta.url),
);
const repo = fileURLToPath(new URL("./fixtures/repo", import.meta.url));

describe.concurrent("recorded pipelines", () => {
  test("serves the context directory with the argument's ignore patterns applied", async () => {
    const r = await call({ module, repo, function: "files" });
    expect(r.returned).toEqual([
      "package.json",
      "packages/",
      "packages/lib/",
      "packages/lib/package.json",
      "src/",
      "src/a.ts",
    ]);
    expect(r.execs).toEqual([]);
  });

  test("any Directory argument is loaded from its defaultPath minus its ignore patterns, which a customization replaces", async () => {
    const byDefault = await call({ module, repo, function: "listed" });
    expect(byDefault.returned).toEqual(["lib/", "lib/package.json"]);
    const customized = await call({
      module,
      repo,
      function: "listed",
      ignore: { source: ["**/node_modules"], dir: ["**/package.json"] },
    });
    expect(customized.returned).toEqual([
      "lib/",
      "lib/build/",
      "lib/build/out.js",
    ]);
  });

  test("a customized ignore replaces the constructor's own patterns", async () => {
    const r = await call({
      module,
      repo,
      function: "files",
      ignore: { source: [".git"] },
    });
    expect(r.returned).toContain("build/out.js");
    expect(r.returned).toContain("packages/lib/build/out.js");
  });

  test("ignore naming no Directory argument is the test's mistake", async () => {
    await expect(
      call({ module, repo, function: "files", ignore: { image: [] } }),
    ).rejects.toThrow("ignore names image, which is no Directory argument");
  });

  test("answers the reads a module makes: entries, subdirectories, exists, contents, filter", async () => {
    const r = await call({ module, repo, function: "probe" });
    expect(JSON.parse(r.returned as string)).toEqual({
      entries: ["package.json", "packages/", "src/"],
      srcEntries: ["a.ts"],
      hasPackageJson: true,
      hasMissing: false,
      packageJson: '{"name":"repo"}\n',
      filtered: ["src/", "src/a.ts"],
    });
  });

  test("records image, mounts, env, workdir, argv and the files a step sees", async () => {
    const r = await call({
      module,
      repo,
      function: "run",
      args: { command: ["cat", "package.json"] },
      exec: (e) => ({ exitCode: 3, stdout: e.read("package.json") }),
    });
    expect(r.execs).toEqual([
      {
        image: "alpine:3.22",
        argv: ["cat", "package.json"],
        workdir: "/src",
        env: { GREETING: "hello" },
        secretEnv: {},
        mounts: {
          "/cache": {
            type: "cache",
            volume: "sample-cache",
            sharing: "SHARED",
          },
        },
        files: ["/src/package.json"],
        expect: "ANY",
        exitCode: 3,
        stdout: '{"name":"repo"}\n',
        stderr: "",
      },
    ]);
    expect(r.returned).toBe('3:{"name":"repo"}\n');
  });

  test("a failing exec fails the function with the engine's message", async () => {
    const r = await call({
      module,
      repo,
      function: "ok",
      exec: () => ({ exitCode: 2, stderr: "bad" }),
    });
    expect(r.error).toBe(
      'process "test-it" did not complete successfully: exit code: 2',
    );
    expect(r.execs.map((e) => e.argv)).toEqual([["test-it"]]);
  });

  test("a passing check returns nothing", async () => {
    const r = await call({ module, repo, function: "ok" });
    expect(r.error).toBeUndefined();
    expect(r.returned).toBeNull();
  });

  test("files an exec writes land in the mounted source and make the changeset", async () => {
    const r = await call({
      module,
      repo,
      function: "fix",
      exec: () => ({
        files: {
          "src/a.ts": "export const a = 2;\n",
          "docs/new.md": "n\n",
          "package.json": null,
        },
      }),
    });
    expect(r.changeset).toMatchObject({
      added: ["docs/", "docs/new.md"],
      modified: ["src/a.ts"],
      removed: ["package.json"],
      files: { "docs/new.md": "n\n", "src/a.ts": "export const a = 2;\n" },
    });
    expect(r.changeset!.patch).toContain(
      "diff --git a/src/a.ts b/src/a.ts\n--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1 +1 @@\n-export const a = 1;\n+export const a = 2;\n",
    );
    expect(r.changeset!.patch).toContain(
      "new file mode 100644\n--- /dev/null\n+++ b/docs/new.md\n@@ -0,0 +1 @@\n+n\n",
    );
  });

  test("returns files", async () => {
    const r = await call({ module, repo, function: "report" });
    expect(r.file).toEqual({ name: "report.txt", contents: "ok\n" });
  });

  test("constructor arguments replace registered defaults", async () => {
    const r = await call({
      module,
      repo,
      constructorArgs: { image: "busybox:1" },
      function: "ok",
    });
    expect(r.execs[0]!.image).toBe("busybox:1");
  });

  test("an unknown argument is the test's mistake, not the module's", async () => {
    await expect(
      call({ module, repo, constructorArgs: { nope: 1 }, function: "ok" }),
    ).rejects.toThrow("no argument named nope");
  });
});

test("registers the module through the real entrypoint", async () => {
  const [sample] = await register(module);
  expect(sample!.name).toBe("Sample");
  expect(sample!.constructorArgs).toEqual([
    {
      name: "source",
      optional: false,
      defaultPath: "/",
      ignore: ["**/node_modules", ".git", "**/build"],
    },
    { name: "image", optional: false, defaultValue: "alpine:3.22" },
  ]);
  expect(sample!.functions.filter((f) => f.check).map((f) => f.name)).toEqual([
    "ok",
  ]);
  expect(
    sample!.functions.filter((f) => f.generator).map((f) => f.name),
  ).toEqual(["fix"]);
});
