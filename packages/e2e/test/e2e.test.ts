// The real engine: for every fixture under test/fixtures/<toolchain>/<case>/, a fresh git
// repository holding the fixture, a copy of the toolchain and a dagger.json that
// installs it (with the case's customizations); then `dagger check` and, where the case
// names one, `dagger generate -y`, compared with the case's expectations in e2e.json.
// Where the dagger CLI is absent the suite is skipped, and says so; where the CLI is
// present but does not run or reaches no engine, the suite fails and says why. Every
// repository it makes is removed after its test.
import { execFileSync, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { checkExample } from "@toolchains/docs/examples";
import { introspect } from "@toolchains/testkit";
import { sourceIgnore } from "@toolchains/shared/source-ignore";
import { findCli, probeEngine, type Engine } from "./dagger.ts";

interface Case {
  toolchain: string;
  customizations?: object[];
  check: string;
  passes: boolean;
  /** Text the failing check's output contains. */
  message?: string;
  generate?: string;
  /** Files and their contents after `dagger generate`. */
  files?: Record<string, string>;
}

const root = join(import.meta.dirname, "../../..");
const fixtures = join(import.meta.dirname, "fixtures");
const engineVersion = JSON.parse(
  readFileSync(join(root, "dagger.json"), "utf8"),
).engineVersion as string;
const cli = findCli();

const cases = readdirSync(fixtures).flatMap((toolchain) =>
  readdirSync(join(fixtures, toolchain)).map((name) => ({
    name: `${toolchain}/${name}`,
    dir: join(fixtures, toolchain, name),
    spec: JSON.parse(
      readFileSync(join(fixtures, toolchain, name, "e2e.json"), "utf8"),
    ) as Case,
  })),
);

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0))
    rmSync(dir, { recursive: true, force: true });
});

/** A git repository of its own: `defaultPath: "/"` resolves to the root of the git repository. */
function workspace(dir: string, spec: Case): string {
  const repo = mkdtempSync(join(tmpdir(), "e2e-"));
  made.push(repo);
  cpSync(dir, repo, {
    recursive: true,
    filter: (path) => !path.endsWith("e2e.json"),
  });
  cpSync(
    join(root, "toolchains", spec.toolchain),
    join(repo, "toolchains", spec.toolchain),
    {
      recursive: true,
      filter: (path) => !/\/(node_modules|test|sdk)(\/|$)/.test(path),
    },
  );
  const customizations = [
    {
      argument: "source",
      defaultPath: "/",
      // The toolchain's default list (a customization replaces it), plus this
      // workspace's own files.
      ignore: [...sourceIgnore, "toolchains", "dagger.json"],
    },
    ...(spec.customizations ?? []),
  ];
  const config = {
    name: "e2e",
    engineVersion,
    toolchains: [
      {
        name: spec.toolchain,
        source: `toolchains/${spec.toolchain}`,
        customizations,
      },
    ],
  };
  writeFileSync(
    join(repo, "dagger.json"),
    `${JSON.stringify(config, null, 2)}\n`,
  );
  for (const args of [
    ["init", "--quiet"],
    ["add", "."],
    [
      "-c",
      "user.email=e2e@example.com",
      "-c",
      "user.name=e2e",
      "commit",
      "--quiet",
      "-m",
      "fixture",
    ],
  ]) {
    execFileSync("git", args, { cwd: repo });
  }
  return repo;
}

function run(repo: string, args: string[]) {
  const result = spawnSync("dagger", ["--progress=plain", ...args], {
    cwd: repo,
    encoding: "utf8",
  });
  return {
    status: result.status,
    output: `${result.stdout}\n${result.stderr}`,
  };
}

test("the end-to-end suite knows whether it can run", () => {
  if (cli.state === "absent")
    console.warn(`end-to-end suite skipped: ${cli.reason}`);
  if (cli.state === "broken") throw new Error(cli.reason);
  expect(cases.length).toBeGreaterThan(0);
});

test.each(cases)(
  "$name: its dagger.json fits the toolchain's registered API",
  async ({ dir, spec }) => {
    const api = await introspect(join(root, "toolchains", spec.toolchain));
    const repo = workspace(dir, spec);
    const config = JSON.parse(readFileSync(join(repo, "dagger.json"), "utf8"));
    expect(checkExample(config, new Map([[spec.toolchain, api]]))).toEqual([]);
    const names = api.main.functions
      .filter((f) => f.isCheck || f.isGenerator)
      .map(
        (f) =>
          `${api.name}:${f.name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
      );
    expect(
      spec.check === `${api.name}:*` || names.includes(spec.check),
      spec.check,
    ).toBe(true);
    if (spec.generate) expect(names).toContain(spec.generate);
  },
);

describe.skipIf(cli.state !== "present")(
  "real engine (skipped: no dagger CLI on PATH)",
  () => {
    let engine: Engine;
    beforeAll(() => {
      engine = probeEngine();
    });

    test("the dagger CLI reaches an engine", () => {
      if (engine.state === "unreachable") throw new Error(engine.reason);
      console.info(`end-to-end suite on engine ${engine.version}`);
    });

    test.for(cases)("$name", ({ dir, spec }, { skip }) => {
      // Without an engine, the test above fails with the reason; these say no more.
      if (engine.state !== "ready") skip("no engine (see above)");
      const repo = workspace(dir, spec);
      const checked = run(repo, ["check", spec.check]);
      expect(checked.status === 0, checked.output).toBe(spec.passes);
      if (spec.message) expect(checked.output).toContain(spec.message);
      if (spec.generate) {
        const generated = run(repo, ["generate", spec.generate, "-y"]);
        expect(generated.status, generated.output).toBe(0);
        for (const [path, contents] of Object.entries(spec.files ?? {})) {
          expect(existsSync(join(repo, path)), path).toBe(true);
          expect(readFileSync(join(repo, path), "utf8")).toBe(contents);
        }
      }
    });
  },
);
