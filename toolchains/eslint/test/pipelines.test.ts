// Recorded pipelines: the toolchain runs through the SDK's real entrypoint against the
// testkit's engine double, which records each exec and plays ESLint with what the real
// ESLint printed and wrote for the same fixture (paths moved to the container's /src).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  answer,
  call,
  firstAnswer,
  sarifErrors,
  sourceFiles,
  toolchainTest,
  type RecordedExec,
} from "@toolchains/testkit";
import { reportFile, type EslintOptions, type RunMode } from "../src/argv.ts";
import { fixedFiles } from "../src/report.ts";
import { eslintOn } from "./real-eslint.ts";

const { module, fixture } = toolchainTest(import.meta.url);

const image =
  "node:24.21.0-alpine3.24@sha256:ebfe2f90462722a7a4de65e91990e97fe0d401c70e0e762c5b53302f905ec1c1";
const lintFlags = [
  "--format",
  "json-with-metadata",
  "--output-file",
  "/tmp/eslint/report.json",
];
/** With `cache: true`. */
const cachedLintFlags = [
  ...lintFlags,
  "--cache",
  "--cache-location",
  // One file per project: its package.json name, then a digest (see toolCacheName).
  expect.stringMatching(
    /^\/cache\/eslint\/[\w.-]+-[0-9a-f]{12}-lint\.eslintcache$/,
  ),
  "--cache-strategy",
  "content",
];

const isEslint = (e: { argv: string[] }) => e.argv.includes("--output-file");
const isVersion = (e: { argv: string[] }) => e.argv.at(-1) === "--version";
const eslintExec = (execs: RecordedExec[]) => execs.find(isEslint)!;

/**
 * Plays ESLint as the real one behaved on `fixture` with the same settings: its exit
 * code, stderr, report and (for a fix run) the files it rewrote; `eslint --version`
 * answers v10.15.0.
 */
async function realEslint(
  fixtureName: string,
  options: Partial<EslintOptions> = {},
  mode: RunMode = "lint",
  extraFiles: Record<string, string> = {},
) {
  const r = await eslintOn(fixtureName, options, mode);
  const files: Record<string, string> = { ...extraFiles };
  if (r.report) {
    files[reportFile] = JSON.stringify(r.report).replaceAll(r.dir, "/src");
    for (const path of fixedFiles(r.report, r.dir))
      files[path] = readFileSync(join(r.dir, path), "utf8");
  }
  return firstAnswer(
    answer(isEslint, { exitCode: r.exitCode, stderr: r.stderr, files }),
    answer(isVersion, { stdout: "v10.15.0\n" }),
  );
}

/** Calls `fn` on a fixture with `settings`, ESLint played as the real one behaved there. */
async function realCall(
  name: string,
  fn: string,
  settings: Partial<EslintOptions> = {},
  more: {
    args?: Record<string, unknown>;
    extraFiles?: Record<string, string>;
  } = {},
) {
  return call({
    module,
    repo: fixture(name),
    constructorArgs: { ...settings },
    function: fn,
    ...(more.args ? { args: more.args } : {}),
    exec: await realEslint(
      name,
      settings,
      fn === "fix" ? "fix" : "lint",
      more.extraFiles,
    ),
  });
}

describe.concurrent("install per package manager, and the ESLint run", () => {
  test("npm workspace: one root install on the manifests, then ESLint over the whole source, with `cache` on its cache on a volume", async () => {
    const r = await realCall("workspace", "lint", { cache: true });
    const [install, eslint] = r.execs;
    expect(install).toMatchObject({
      image,
      argv: ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
      workdir: "/src",
      mounts: {
        "/cache/npm": { type: "cache", volume: "npm-cache", sharing: "SHARED" },
      },
    });
    // Only what the install reads: a source edit leaves this step cached.
    expect(sourceFiles(install!)).toEqual([
      ".npmrc",
      "package-lock.json",
      "package.json",
      "packages/app/package.json",
      "packages/lib/package.json",
    ]);
    expect(eslint).toMatchObject({
      argv: ["node_modules/.bin/eslint", ...cachedLintFlags, "."],
      workdir: "/src",
      expect: "ANY",
      mounts: {
        "/cache/eslint": {
          type: "cache",
          volume: "eslint-cache",
          sharing: "SHARED",
        },
      },
    });
    expect(sourceFiles(eslint!)).toEqual(
      expect.arrayContaining([
        "eslint.config.js",
        "packages/app/eslint.config.js",
        "packages/app/src/index.js",
        "src/root.js",
      ]),
    );
    expect(r.execs).toHaveLength(2);
    // The nested config's findings come back from the one run.
    expect(r.error).toContain(
      "  packages/app/src/index.js:2:25 eqeqeq Expected '===' and instead saw '=='.",
    );
  });

  test("pnpm: corepack, then a frozen install, then the installed ESLint", async () => {
    const r = await realCall("pnpm", "lint");
    expect(r.error).toBeUndefined();
    expect(r.execs.map((e) => e.argv)).toEqual([
      ["corepack", "enable"],
      ["pnpm", "install", "--frozen-lockfile", "--ignore-scripts"],
      ["node_modules/.bin/eslint", ...lintFlags, "."],
    ]);
    expect(sourceFiles(r.execs[1]!)).toEqual([
      "package.json",
      "packages/app/package.json",
      "pnpm-lock.yaml",
      "pnpm-workspace.yaml",
    ]);
  });

  test("yarn 4: an immutable install, and ESLint's binary through yarn (Plug'n'Play), never a script of that name nor what the install wrote", async () => {
    const r = await realCall("yarn", "lint");
    expect(r.error).toBeUndefined();
    expect(r.execs.map((e) => e.argv)).toEqual([
      ["corepack", "enable"],
      ["yarn", "install", "--immutable", "--mode=skip-build"],
      [
        "yarn",
        "run",
        "--binaries-only",
        "eslint",
        ...lintFlags,
        ...[".pnp.cjs", ".pnp.loader.mjs", ".pnp.data.json", ".yarn/"].flatMap(
          (p) => ["--ignore-pattern", p],
        ),
        ".",
      ],
    ]);
  });

  test("bun: bun from npm, then a frozen install", async () => {
    const r = await realCall("bun", "lint");
    expect(r.error).toBeUndefined();
    expect(r.execs.map((e) => e.argv)).toEqual([
      ["npm", "install", "--global", "--no-audit", "--no-fund", "bun@1.4.5"],
      ["bun", "install", "--frozen-lockfile", "--ignore-scripts"],
      ["node_modules/.bin/eslint", ...lintFlags, "."],
    ]);
  });

  test("customized paths, config, maxWarnings, concurrency, cache and extra arguments reach ESLint's argv", async () => {
    const settings = {
      paths: ["src", "packages/*/src"],
      config: "eslint.config.js",
      maxWarnings: 0,
      concurrency: "auto",
      cache: false,
      extraArgs: ["--report-unused-disable-directives"],
    };
    const r = await realCall("workspace", "lint", settings);
    const eslint = eslintExec(r.execs);
    expect(eslint.argv).toEqual([
      "node_modules/.bin/eslint",
      "--format",
      "json-with-metadata",
      "--output-file",
      "/tmp/eslint/report.json",
      "--config",
      "eslint.config.js",
      "--max-warnings",
      "0",
      "--concurrency",
      "auto",
      "--report-unused-disable-directives",
      "src",
      "packages/*/src",
    ]);
    expect(eslint.mounts["/cache/eslint"]).toBeUndefined();
  });

  test("fix runs --fix with its own cache file, fixTypes, and no --max-warnings", async () => {
    const settings = {
      fixTypes: ["problem", "suggestion"],
      maxWarnings: 0,
      cache: true,
    };
    const r = await realCall("fixable", "fix", settings);
    expect(eslintExec(r.execs).argv).toEqual([
      "node_modules/.bin/eslint",
      "--fix",
      "--fix-type",
      "problem,suggestion",
      "--format",
      "json-with-metadata",
      "--output-file",
      "/tmp/eslint/report.json",
      "--cache",
      "--cache-location",
      expect.stringMatching(
        /^\/cache\/eslint\/[\w.-]+-[0-9a-f]{12}-fix\.eslintcache$/,
      ),
      "--cache-strategy",
      "content",
      ".",
    ]);
  });
});

describe.concurrent("lint, fix and report", () => {
  test("lint fails with counts by rule, the first findings and the fix command", async () => {
    const r = await realCall("failing", "lint");
    expect(r.error).toMatch(
      /^eslint: 5 problems \(4 errors, 1 warning\) in 3 files\.\n\nBy rule:\n {2}eqeqeq: 1 error\n/,
    );
    expect(r.error).toContain(
      "  src/broken.js:1:7 parse-error Parsing error: Unexpected token =\n",
    );
    expect(r.error).toContain(
      "ESLint can fix 1 problem: run `dagger generate eslint:fix`.",
    );
  });

  test("warnings pass without maxWarnings, and fail past it", async () => {
    const [passes, fails] = await Promise.all([
      realCall("max-warnings", "lint"),
      realCall("max-warnings", "lint", { maxWarnings: 1 }),
    ]);
    expect(passes.error).toBeUndefined();
    expect(eslintExec(fails.execs).argv).toContain("--max-warnings");
    expect(fails.error).toContain(
      "eslint: 2 problems (0 errors, 2 warnings) in 1 file.\nThat is more warnings than maxWarnings allows (1).",
    );
  });

  test("fix returns exactly the files ESLint rewrote, never caches or dependencies", async () => {
    const r = await realCall(
      "fixable",
      "fix",
      {},
      {
        extraFiles: {
          "node_modules/.cache/junk": "x",
          ".eslintcache": "{}",
          "package-lock.json": "{}",
        },
      },
    );
    expect(r.error).toBeUndefined();
    expect(r.changeset).toMatchObject({
      added: [],
      modified: ["src/a.js", "src/c.js"],
      removed: [],
    });
    expect(r.changeset!.files["src/c.js"]).toBe(
      "export function c() {\n  const kept = 2;\n  const unusedHere = 3;\n  return kept;\n}\n",
    );
  });

  test("fix is empty when there is nothing to fix", async () => {
    const r = await realCall("clean", "fix");
    expect(r.changeset).toMatchObject({ added: [], modified: [], removed: [] });
  });

  test("report: SARIF by default, valid, with the project's ESLint version from a step without the source", async () => {
    const r = await realCall("failing", "report");
    expect(r.error).toBeUndefined();
    expect(r.file!.name).toBe("eslint.sarif");
    const sarif = JSON.parse(r.file!.contents);
    expect(sarifErrors(sarif)).toEqual([]);
    expect(sarif.runs[0].tool.driver).toMatchObject({
      name: "ESLint",
      version: "10.15.0",
    });
    expect(
      sarif.runs[0].results.map(
        (x: {
          locations: {
            physicalLocation: { artifactLocation: { uri: string } };
          }[];
        }) => x.locations[0]!.physicalLocation.artifactLocation.uri,
      ),
    ).toEqual([
      "src/app.js",
      "src/app.js",
      "src/app.js",
      "src/broken.js",
      "src/util.js",
    ]);
    const version = r.execs.find(isVersion)!;
    expect(version.argv).toEqual(["node_modules/.bin/eslint", "--version"]);
    expect(sourceFiles(version)).toEqual(["package-lock.json", "package.json"]);
    // One install serves both the run and the version step.
    expect(r.execs.map((e) => e.argv.slice(0, 2))).toEqual([
      ["npm", "ci"],
      ["node_modules/.bin/eslint", "--format"],
      ["node_modules/.bin/eslint", "--version"],
    ]);
  });

  test("report: ESLint's own JSON when asked", async () => {
    const r = await realCall(
      "failing",
      "report",
      {},
      { args: { format: "json" } },
    );
    expect(r.file!.name).toBe("eslint.json");
    const results = JSON.parse(r.file!.contents);
    expect(results.map((x: { filePath: string }) => x.filePath)).toContain(
      "/src/src/app.js",
    );
    expect(r.execs.some(isVersion)).toBe(false);
  });

  test("report: an unknown format", async () => {
    const r = await call({
      module,
      repo: fixture("clean"),
      function: "report",
      args: { format: "xml" },
    });
    expect(r.error).toBe('format must be sarif or json; got "xml".');
    expect(r.execs).toEqual([]);
  });
});

describe.concurrent("setup problems get one actionable message", () => {
  test("ESLint is not a dependency of the project", async () => {
    const r = await call({
      module,
      repo: fixture("no-eslint"),
      function: "lint",
    });
    expect(r.error).toBe(
      [
        "ESLint is not a dependency of this project: the root package.json lists no `eslint` in dependencies, devDependencies or optionalDependencies.",
        "This toolchain runs the project's own ESLint, with the plugins its eslint.config.* imports, as installed from the lockfile.",
        "Add it with `npm install --save-dev eslint`, add an eslint.config.js, and commit package.json and the lockfile.",
      ].join("\n"),
    );
    expect(r.execs).toEqual([]);
  });

  test("no package.json at all", async () => {
    const r = await call({ module, repo: fixture("plain"), function: "fix" });
    expect(r.error).toMatch(
      /^ESLint is not a dependency of this project: the repository root has no package\.json\./,
    );
    expect(r.execs).toEqual([]);
  });

  test("no eslint.config.*: lint, fix and report all say so", async () => {
    const exec = await realEslint("no-config");
    // The calls are independent: run them side by side.
    const runs = await Promise.all(
      ["lint", "fix", "report"].map((fn) =>
        call({ module, repo: fixture("no-config"), function: fn, exec }),
      ),
    );
    for (const r of runs) {
      expect(r.error).toMatch(
        /^ESLint found no configuration: add an eslint\.config\.js/,
      );
      expect(r.error).toContain("eslint exited with code 2:");
    }
  });

  test("a plugin the config imports is not installed", async () => {
    const r = await realCall("missing-plugin", "lint");
    expect(r.error).toMatch(
      /^ESLint's configuration imports eslint-plugin-not-installed, which is not installed\./,
    );
  });

  test("a broken config", async () => {
    const r = await realCall("broken-config", "lint");
    expect(r.error).toMatch(/^ESLint could not load its configuration/);
    expect(r.error).toContain("SyntaxError: Unexpected end of input");
  });

  test("concurrency with an ESLint older than 9.34", async () => {
    const r = await call({
      module,
      repo: fixture("clean"),
      constructorArgs: { concurrency: "4" },
      function: "lint",
      exec: (e) =>
        isEslint(e)
          ? {
              exitCode: 2,
              stderr:
                "\nOops! Something went wrong! :(\n\nESLint: 9.30.0\n\nInvalid option '--concurrency' - perhaps you meant '--color'?\n",
            }
          : undefined,
    });
    expect(r.error).toBe(
      "The concurrency setting needs ESLint 9.34 or later: upgrade ESLint, or set concurrency to off.\n" +
        "eslint exited with code 2:\nInvalid option '--concurrency' - perhaps you meant '--color'?",
    );
  });

  test("settings ESLint would reject are named before anything runs", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [
        { concurrency: "lots" },
        'concurrency must be "off", "auto" or a positive whole number of threads; got "lots".',
      ],
      [
        { maxWarnings: -1 },
        "maxWarnings must be a whole number of 0 or more; got -1. Leave it unset to allow any number of warnings.",
      ],
      [
        { fixTypes: ["style"] },
        "fixTypes may hold problem, suggestion, layout, directive; got style.",
      ],
      [
        { paths: [] },
        'paths is empty: list what ESLint should lint, for example ["."].',
      ],
    ];
    const runs = await Promise.all(
      cases.map(([constructorArgs]) =>
        call({
          module,
          repo: fixture("clean"),
          constructorArgs,
          function: "lint",
        }),
      ),
    );
    expect(runs.map((r) => r.error)).toEqual(
      cases.map(([, message]) => message),
    );
    expect(runs.flatMap((r) => r.execs)).toEqual([]);
  });

  test("a stale lockfile stops at the install", async () => {
    const r = await call({
      module,
      repo: fixture("clean"),
      function: "lint",
      exec: (e) =>
        e.argv[1] === "ci"
          ? {
              exitCode: 1,
              stderr:
                "npm error code EUSAGE\nnpm error `npm ci` can only install packages when your package.json and package-lock.json or npm-shrinkwrap.json are in sync. Please update your lock file with `npm install` before continuing.\n",
            }
          : undefined,
    });
    expect(r.error).toContain(
      "The lockfile package-lock.json is out of date with package.json",
    );
    expect(r.execs).toHaveLength(1);
  });
});
