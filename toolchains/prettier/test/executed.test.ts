// Executed pipelines: every function runs for real through the testkit's executing
// double (the Node image's stand-in, package stores seeded for no network) on fixture
// projects of each package manager with real lockfiles, and what a user sees is
// asserted: the failure message, the changeset, the patch, a warm second run.
import { expect, test } from "vitest";
import { call, type CallRecording } from "@toolchains/testkit";
import {
  describeEachManager,
  executedSuite,
  flagValue,
  installs,
  installSteps,
  volumeFile,
  withCopy,
} from "../../../packages/shared/test/executed.ts";

/** Projects that do not depend on prettier: the eslint toolchain's. */
const {
  module,
  host,
  fixture,
  otherFixture: withoutPrettier,
} = executedSuite(import.meta.url, "eslint");

const ugly = 'export const greeting = {hello:"world",  count:1}\n';
const formatted = 'export const greeting = { hello: "world", count: 1 };\n';

const prettierStep = (r: CallRecording) =>
  r.execs.find((e) => e.argv.includes("--list-different"))!;

/** The cache file prettier used, as the cache volume holds it (flat-cache's format). */
const cacheText = (r: CallRecording) =>
  volumeFile(
    host,
    "prettier-cache",
    "/cache/prettier",
    flagValue(prettierStep(r), "--cache-location"),
  );

describeEachManager(fixture, (manager, project) => {
  const repo = project.dir;
  let write: CallRecording;

  test("check names the unformatted file with its patch, after a frozen install", async () => {
    const check = await call({ module, repo, host, function: "check" });
    expect(installSteps(check)).toEqual({
      ran: [installs[manager]],
      reused: [],
    });
    expect(prettierStep(check).argv[0]).toBe(
      manager === "yarn4" ? "yarn" : "node_modules/.bin/prettier",
    );
    expect(check.error).toContain(
      "prettier: 1 file is not formatted:\n  src/ugly.ts\n",
    );
    expect(check.error).toContain(`-${ugly}+${formatted}`);
    expect(check.error).toContain(
      "Run `dagger generate prettier:write` to format them.",
    );
  });

  test("write returns exactly the unformatted file, formatted", async () => {
    write = await call({ module, repo, host, function: "write" });
    expect(write.changeset).toMatchObject({
      added: [],
      modified: ["src/ugly.ts"],
      removed: [],
      files: { "src/ugly.ts": formatted },
    });
  });

  test("diff returns write's patch", async () => {
    const diff = await call({ module, repo, host, function: "diff" });
    expect(diff.file).toEqual({
      name: "prettier.patch",
      contents: write.changeset!.patch,
    });
  });

  test("after the user applies it, a warm check passes: the install reused, prettier's cache holding every file", async () => {
    // The source changes, the manifests do not.
    project.write("src/ugly.ts", formatted);
    const warm = await call({ module, repo, host, function: "check" });
    expect(warm.error).toBeUndefined();
    expect(installSteps(warm)).toEqual({
      ran: [],
      reused: [installs[manager]],
    });
    expect(prettierStep(warm).cached).toBeUndefined();
    expect(cacheText(warm)).toContain('"/src/src/fine.ts"');
    expect(cacheText(warm)).toContain('"/src/src/ugly.ts"');
  });

  test("a project that does not depend on prettier is formatted by the pinned prettier, with no project install", async () => {
    const r = await call({
      module,
      repo: withoutPrettier(manager),
      host,
      function: "write",
    });
    expect(r.error).toBeUndefined();
    expect(r.execs[0]!.argv).toEqual([
      "npm",
      "install",
      "--global",
      "--no-audit",
      "--no-fund",
      "prettier@3.10.1",
    ]);
    expect(installSteps(r)).toEqual({ ran: [], reused: [] });
    expect(prettierStep(r).argv[0]).toBe("prettier");
    expect(r.changeset!.added).toEqual([]);
    expect(r.changeset!.removed).toEqual([]);
  });
});

test("a run with other paths on the same engine leaves this project's prettier cache as it was", () =>
  withCopy(fixture("npm"), async (project) => {
    const repo = project.dir;
    project.write("src/ugly.ts", formatted);
    const whole = await call({ module, repo, host, function: "check" });
    expect(whole.error).toBeUndefined();
    const wholeCache = flagValue(prettierStep(whole), "--cache-location");
    const before = cacheText(whole);
    expect(before).toContain('"/src/src/fine.ts"');
    expect(before).toContain('"/src/src/ugly.ts"');

    const one = await call({
      module,
      repo,
      host,
      function: "check",
      constructorArgs: { paths: ["src/fine.ts"] },
    });
    expect(one.error).toBeUndefined();
    expect(flagValue(prettierStep(one), "--cache-location")).not.toBe(
      wholeCache,
    );
    expect(
      volumeFile(host, "prettier-cache", "/cache/prettier", wholeCache),
    ).toBe(before);
  }));

test("Yarn 4: a package.json script named `prettier` never runs in prettier's place", () =>
  withCopy(fixture("yarn4"), async (project) => {
    const manifest = JSON.parse(project.read("package.json"));
    manifest.scripts = { ...manifest.scripts, prettier: "prettier --check ." };
    project.write("package.json", JSON.stringify(manifest, null, 2) + "\n");
    const check = await call({
      module,
      repo: project.dir,
      host,
      function: "check",
    });
    expect(check.error).toContain(
      "prettier: 1 file is not formatted:\n  src/ugly.ts\n",
    );
    expect(prettierStep(check).argv.slice(0, 4)).toEqual([
      "yarn",
      "run",
      "--binaries-only",
      "prettier",
    ]);
  }));

/** A prettier plugin for `.shout` files that prints them with `print`. */
const shoutPlugin = (print: string) => `export const languages = [
  { name: "shout", parsers: ["shout"], extensions: [".shout"] },
];
export const parsers = {
  shout: {
    parse: (text) => ({ type: "shout", text }),
    astFormat: "shout",
    locStart: () => 0,
    locEnd: (node) => node.text.length,
  },
};
export const printers = { shout: { print: (path) => ${print} } };
`;

test("a warm check after an edit of only a local plugin says what a cold one would: the cache starts afresh", () =>
  withCopy(fixture("npm"), async (project) => {
    const repo = project.dir;
    project.write("src/ugly.ts", formatted);
    project.write(".prettierrc", '{ "plugins": ["./plugin.mjs"] }\n');
    project.write(".prettierignore", "plugin.mjs\n");
    project.write("plugin.mjs", shoutPlugin("path.node.text"));
    project.write("hello.shout", "hello\n");
    const check = () => call({ module, repo, host, function: "check" });
    expect((await check()).error).toBeUndefined();

    // Only the plugin changes: hello.shout, unchanged, is no longer formatted.
    project.write("plugin.mjs", shoutPlugin("path.node.text.toUpperCase()"));
    const warm = await check();
    expect(warm.error).toContain(
      "prettier: 1 file is not formatted:\n  hello.shout\n",
    );
    expect(warm.error).toContain("-hello\n+HELLO");
  }));
