// Runs a tool on this machine, as a user would in a terminal, with only the variables
// given over a clean environment: the suite's own (turbo's, vitest's, a developer's Go
// settings) must not reach the tool. Its network is loopback only, like every step the
// toolchains run here.
import { execFile } from "node:child_process";

export interface ToolRun {
  exitCode: number;
  stdout: string;
  /** stdout then stderr. */
  output: string;
}

export function tool(
  command: string,
  args: string[],
  o: { cwd: string; env?: Record<string, string> },
): Promise<ToolRun> {
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? "/root",
    LANG: "C.UTF-8",
    ...o.env,
  };
  return new Promise((resolve) => {
    execFile(
      "unshare",
      [
        "--net",
        "bash",
        "-c",
        'ip link set lo up && exec "$@"',
        "tool",
        command,
        ...args,
      ],
      { cwd: o.cwd, env, maxBuffer: 256 * 1024 * 1024, timeout: 15 * 60_000 },
      (error, stdout, stderr) =>
        resolve({
          exitCode: error
            ? typeof error.code === "number"
              ? error.code
              : 1
            : 0,
          stdout,
          output: `${stdout}${stderr}`,
        }),
    );
  });
}
