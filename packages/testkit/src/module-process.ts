// Starts the module the way the runtime does (tsx, the module's tsconfig, the SDK's
// real entrypoint) and points it at a loopback session.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { entrypointPath, moduleFiles } from "./sdk.ts";
import { inSlot } from "./slots.ts";

const runner = fileURLToPath(new URL("./runner.ts", import.meta.url));
const tsxLoader = createRequire(import.meta.url).resolve("tsx");

/** Runs `calls` module calls against the session at `port`; resolves with what the process printed. */
export function runModule(
  moduleDir: string,
  port: number,
  token: string,
  calls: number,
): Promise<string> {
  return inSlot(() => spawnModule(moduleDir, port, token, calls));
}

function spawnModule(
  moduleDir: string,
  port: number,
  token: string,
  calls: number,
): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--import", tsxLoader, runner], {
      cwd: moduleDir,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DAGGER_SESSION_PORT: String(port),
        DAGGER_SESSION_TOKEN: token,
        TSX_TSCONFIG_PATH: join(moduleDir, "tsconfig.json"),
        TESTKIT_RUNNER: JSON.stringify({
          entrypoint: entrypointPath,
          files: moduleFiles(moduleDir),
          calls,
        }),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let logs = "";
    child.stdout.on("data", (d) => (logs += d));
    child.stderr.on("data", (d) => (logs += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 600_000);
    child.on("error", fail);
    child.on("close", () => {
      clearTimeout(timer);
      done(logs);
    });
  });
}
