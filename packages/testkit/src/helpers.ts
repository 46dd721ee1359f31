// What every toolchain's test files need around call(): where the module and its
// fixtures are, what a step saw of the source, and exec scripts that play one tool.
import { fileURLToPath } from "node:url";
import type { ExecOutcome, ExecRequest } from "./engine/session.ts";

export interface ToolchainTest {
  /** The module folder: the parent of the test file's folder. */
  module: string;
  /** A fixture folder by name, below the test folder's `fixtures`. */
  fixture(name: string): string;
}

/**
 * The toolchain a test file tests, from the file's `import.meta.url`; `fixtures` is the
 * fixtures folder relative to the test file ("fixtures/executed" for executed suites).
 */
export function toolchainTest(
  testFileUrl: string,
  fixtures = "fixtures",
): ToolchainTest {
  return {
    module: fileURLToPath(new URL("..", testFileUrl)),
    fixture: (name) =>
      fileURLToPath(new URL(`./${fixtures}/${name}`, testFileUrl)),
  };
}

/**
 * The files a recorded step saw below /src, where toolchains mount the source,
 * relative to it. One argument, so that `execs.map(sourceFiles)` works.
 */
export function sourceFiles(exec: { files: string[] }): string[] {
  return exec.files
    .filter((f) => f.startsWith("/src/"))
    .map((f) => f.slice("/src/".length));
}

/** An exec script that answers only some steps; for the others it returns nothing. */
export type Answer = (exec: ExecRequest) => ExecOutcome | undefined;

/**
 * Plays one tool: the steps `match` selects get `outcome` (or what it makes of the
 * step); the others are left to the next answer, or to the default (or the Host).
 */
export function answer(
  match: (exec: ExecRequest) => boolean,
  outcome: ExecOutcome | ((exec: ExecRequest) => ExecOutcome),
): Answer {
  return (exec) =>
    !match(exec)
      ? undefined
      : typeof outcome === "function"
        ? outcome(exec)
        : outcome;
}

/** Several answers as one script: the first that answers a step decides it. */
export function firstAnswer(...answers: (Answer | undefined)[]): Answer {
  return (exec) => {
    for (const a of answers) {
      const outcome = a?.(exec);
      if (outcome) return outcome;
    }
    return undefined;
  };
}
