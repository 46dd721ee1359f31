// The real npm's refusal of a stale lockfile, read by the shared install logic. Hermetic:
// the missing dependency is a local file: package, so npm resolves it without a registry,
// and npm runs offline with an empty cache of its own.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, test } from "vitest";
import {
  explainInstallFailure,
  installArgv,
  type NodeProject,
} from "../src/node-project.ts";

test("npm ci on a lockfile that misses a dependency is explained as a stale lockfile", async () => {
  const dir = mkdtempSync(join(tmpdir(), "stale-lock-"));
  mkdirSync(join(dir, "vendor", "is-number"), { recursive: true });
  writeFileSync(
    join(dir, "vendor", "is-number", "package.json"),
    JSON.stringify({ name: "is-number", version: "7.0.0" }),
  );
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({
      name: "stale",
      version: "1.0.0",
      dependencies: { "is-number": "file:vendor/is-number" },
    }),
  );
  writeFileSync(
    join(dir, "package-lock.json"),
    JSON.stringify({
      name: "stale",
      version: "1.0.0",
      lockfileVersion: 3,
      requires: true,
      packages: { "": { name: "stale", version: "1.0.0" } },
    }),
  );
  const project: NodeProject = {
    manager: "npm",
    yarnBerry: false,
    lockfile: "package-lock.json",
    reason: "the lockfile package-lock.json",
  };
  const [command, ...args] = installArgv(project);
  const env = {
    ...process.env,
    npm_config_offline: "true",
    npm_config_cache: join(dir, ".npm-cache"),
  };
  const failure = await promisify(execFile)(command!, args, {
    cwd: dir,
    env,
  }).then(
    () => undefined,
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
  expect(failure?.code).toBe(1);
  expect(
    explainInstallFailure(project, `${failure!.stdout}\n${failure!.stderr}`),
  ).toBe(
    [
      "The lockfile package-lock.json is out of date with package.json, so `npm ci --ignore-scripts --no-audit --no-fund` refused to install.",
      "Run `npm install` and commit the updated lockfile; this toolchain never rewrites it.",
    ].join("\n"),
  );
});
