// Whether the end-to-end suite can run: a `dagger` CLI on PATH, and an engine it reaches.
// No CLI skips the suite, with the reason. A CLI that does not run, or reaches no engine,
// fails it: a machine that looks equipped must not pass without running anything.
import { spawnSync } from "node:child_process";

export type Cli =
  | { state: "absent"; reason: string }
  | { state: "broken"; reason: string }
  | { state: "present"; version: string };

export type Engine =
  | { state: "unreachable"; reason: string }
  | { state: "ready"; version: string };

export interface ProbeOptions {
  env?: NodeJS.ProcessEnv;
  /** How long the engine may take to answer, provisioning included. */
  timeoutMs?: number;
}

const tail = (text: string, lines = 15) =>
  text.trim().split("\n").slice(-lines).join("\n");

/** Is there a dagger CLI on PATH, and does it run? (`dagger version` needs no engine.) */
export function findCli({ env = process.env }: ProbeOptions = {}): Cli {
  const r = spawnSync("dagger", ["version"], { encoding: "utf8", env });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT")
    return {
      state: "absent",
      reason: "no dagger CLI on PATH (install it to run the real engine)",
    };
  if (r.error || r.status !== 0)
    return {
      state: "broken",
      reason: [
        `a dagger CLI is on PATH, but \`dagger version\` ${r.error ? `could not run: ${r.error.message}` : `exited ${r.status}`}.`,
        tail(`${r.stdout ?? ""}\n${r.stderr ?? ""}`),
        "Fix or remove it: without a CLI the suite skips itself.",
      ]
        .filter(Boolean)
        .join("\n"),
    };
  return { state: "present", version: r.stdout.trim() };
}

/**
 * Does the CLI reach an engine? Asks the engine its version through `dagger query`, with
 * `-M` so that no module of the directory it runs in is loaded first.
 */
export function probeEngine({
  env = process.env,
  timeoutMs = 600_000,
}: ProbeOptions = {}): Engine {
  const r = spawnSync("dagger", ["query", "-M"], {
    input: "{ version }\n",
    encoding: "utf8",
    env,
    timeout: timeoutMs,
  });
  // A CLI that gives up before reading the query closes its stdin: that is no error of
  // its own, its exit status says what happened.
  const error =
    (r.error as NodeJS.ErrnoException | undefined)?.code === "EPIPE"
      ? undefined
      : r.error;
  const advice =
    "Start an engine the CLI can reach (a running Docker, or _EXPERIMENTAL_DAGGER_RUNNER_HOST), " +
    "or take dagger off PATH to skip the suite.";
  if (error || r.status !== 0) {
    const what =
      (error as NodeJS.ErrnoException | undefined)?.code === "ETIMEDOUT"
        ? `no engine answered within ${Math.round(timeoutMs / 1000)}s`
        : error
          ? `\`dagger query\` could not run: ${error.message}`
          : `\`dagger query\` exited ${r.status}`;
    return {
      state: "unreachable",
      reason: [
        `The dagger CLI is on PATH but reached no engine: ${what}.`,
        tail(`${r.stdout ?? ""}\n${r.stderr ?? ""}`),
        advice,
      ]
        .filter(Boolean)
        .join("\n"),
    };
  }
  try {
    const version = JSON.parse(r.stdout).version;
    if (typeof version === "string") return { state: "ready", version };
  } catch {
    // handled below
  }
  return {
    state: "unreachable",
    reason: [
      "The dagger CLI is on PATH, but its answer to `{ version }` was not an engine's:",
      tail(r.stdout),
      advice,
    ].join("\n"),
  };
}
