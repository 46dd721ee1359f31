// Whether the end-to-end suite runs, skips or fails, decided offline: a fake `dagger`
// script on PATH plays each situation.
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { findCli, probeEngine } from "./dagger.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "e2e-probe-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** PATH with a fake `dagger` (this shell script) in front of the system's tools. */
function fakeDagger(script: string): NodeJS.ProcessEnv {
  const bin = join(dir, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "dagger"), `#!/bin/sh\n${script}\n`);
  chmodSync(join(bin, "dagger"), 0o755);
  return { PATH: `${bin}:/usr/bin:/bin` };
}

const version =
  'if [ "$1" = version ]; then echo "dagger v0.21.9 (docker-image://registry.dagger.io/engine:v0.21.9) linux/amd64"; exit 0; fi';

test("no CLI on PATH: absent, so the suite skips itself and says why", () => {
  const empty = join(dir, "empty");
  mkdirSync(empty);
  expect(findCli({ env: { PATH: empty } })).toEqual({
    state: "absent",
    reason: "no dagger CLI on PATH (install it to run the real engine)",
  });
});

test("a CLI that does not run is broken, which fails the suite", () => {
  const cli = findCli({
    env: fakeDagger('echo "exec format error" >&2; exit 126'),
  });
  expect(cli.state).toBe("broken");
  expect(cli.state === "broken" && cli.reason).toBe(
    "a dagger CLI is on PATH, but `dagger version` exited 126.\nexec format error\nFix or remove it: without a CLI the suite skips itself.",
  );
});

test("CLI present, engine refusing: unreachable, with the CLI's own words", () => {
  const env = fakeDagger(
    `${version}\necho "Error: failed to connect to engine: cannot connect to the Docker daemon" >&2; exit 1`,
  );
  expect(findCli({ env })).toEqual({
    state: "present",
    version:
      "dagger v0.21.9 (docker-image://registry.dagger.io/engine:v0.21.9) linux/amd64",
  });
  const engine = probeEngine({ env, timeoutMs: 10_000 });
  expect(engine.state).toBe("unreachable");
  expect(engine.state === "unreachable" && engine.reason).toBe(
    [
      "The dagger CLI is on PATH but reached no engine: `dagger query` exited 1.",
      "Error: failed to connect to engine: cannot connect to the Docker daemon",
      "Start an engine the CLI can reach (a running Docker, or _EXPERIMENTAL_DAGGER_RUNNER_HOST), or take dagger off PATH to skip the suite.",
    ].join("\n"),
  );
});

test("CLI present, engine silent: unreachable once the wait is over", () => {
  const env = fakeDagger(`${version}\nexec sleep 30`);
  const engine = probeEngine({ env, timeoutMs: 1_000 });
  expect(engine.state === "unreachable" && engine.reason).toContain(
    "reached no engine: no engine answered within 1s.",
  );
});

test("CLI present, an answer that is not an engine's: unreachable", () => {
  const env = fakeDagger(`${version}\necho "not json"`);
  const engine = probeEngine({ env, timeoutMs: 10_000 });
  expect(engine.state === "unreachable" && engine.reason).toContain(
    "its answer to `{ version }` was not an engine's:\nnot json",
  );
});

test("CLI present, engine answering: ready, with the engine's version", () => {
  const env = fakeDagger(
    `${version}\ncat > /dev/null\necho '{"version": "v0.21.9"}'`,
  );
  expect(probeEngine({ env, timeoutMs: 10_000 })).toEqual({
    state: "ready",
    version: "v0.21.9",
  });
});

/** The suite's own verdict, running only its tests that need no engine and no repository. */
function suite(env: NodeJS.ProcessEnv) {
  const vitest = join(import.meta.dirname, "../node_modules/vitest/vitest.mjs");
  const r = spawnSync(
    process.execPath,
    [
      existsSync(vitest)
        ? vitest
        : join(import.meta.dirname, "../../../node_modules/vitest/vitest.mjs"),
      "run",
      "test/e2e.test.ts",
      "-t",
      "knows whether it can run|reaches an engine",
    ],
    {
      cwd: join(import.meta.dirname, ".."),
      encoding: "utf8",
      env: { ...env, NO_COLOR: "1", CI: "1" },
    },
  );
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

test("the whole suite passes, saying it skipped, where there is no CLI", () => {
  const empty = join(dir, "empty");
  mkdirSync(empty);
  const r = suite({ PATH: empty });
  expect(r.status, r.output).toBe(0);
  expect(r.output).toContain(
    "end-to-end suite skipped: no dagger CLI on PATH (install it to run the real engine)",
  );
});

test("the whole suite fails, saying why, where the CLI reaches no engine", () => {
  const env = fakeDagger(
    `${version}\necho "Error: failed to connect to engine" >&2; exit 1`,
  );
  const r = suite({ PATH: env.PATH!.split(":")[0] });
  expect(r.status, r.output).toBe(1);
  expect(r.output).toContain(
    "The dagger CLI is on PATH but reached no engine: `dagger query` exited 1.",
  );
});
