// The eslint and prettier toolchains through testkit's call(): lint's and check's
// messages and the changesets of fix and write read back into outcomes. One Host per
// suite file whose npm-cache volume is seeded with every corpus Node project's
// packages, each package manager told to stay offline.
import { fileURLToPath } from "node:url";
import { call, Host, nodeImage } from "@toolchains/testkit";
import type { Project } from "../corpus.ts";
import type { Outcome } from "../outcome.ts";
import { projectDir, seedsDir } from "../paths.ts";
import { changedFiles } from "./golangci-lint.ts";
import { excerpt } from "./message.ts";

const moduleOf = (name: string) =>
  fileURLToPath(new URL(`../../../../toolchains/${name}`, import.meta.url));

export function nodeHost(): Host {
  return new Host({
    images: [nodeImage()],
    seeds: seedsDir(),
    env: {
      npm_config_offline: "true",
      COREPACK_ENABLE_NETWORK: "0",
      YARN_ENABLE_NETWORK: "0",
      YARN_ENABLE_TELEMETRY: "0",
      DO_NOT_TRACK: "1",
    },
  });
}

const generators = new Set(["fix", "write"]);

export async function nodeToolchain(
  toolchain: "eslint" | "prettier",
  p: Project,
  fn: string,
  host: Host,
): Promise<Outcome> {
  const r = await call({
    module: moduleOf(toolchain),
    repo: projectDir(p),
    function: fn,
    host,
  });
  if (generators.has(fn))
    return r.error
      ? { status: "error", findings: [], total: 0, message: excerpt(r.error) }
      : {
          status: "pass",
          findings: [],
          total: 0,
          files: changedFiles(r.changeset),
          message: "",
        };
  if (!r.error) return { status: "pass", findings: [], total: 0, message: "" };
  return toolchain === "eslint" ? readEslint(r.error) : readPrettier(r.error);
}

/**
 * lint's message: "eslint: N problems (...) in M files.", then "First findings:" with
 * "  file:line:col rule message[ (warning)]". Each becomes "file:line:col rule severity".
 */
export function readEslint(message: string): Outcome {
  const head = /^eslint: (\d+) problems? \(/.exec(message);
  if (!head)
    return {
      status: "error",
      findings: [],
      total: 0,
      message: excerpt(message),
    };
  const first = message.split("\nFirst findings:\n")[1] ?? "";
  const findings: string[] = [];
  for (const line of first.split("\n")) {
    const m = /^ {2}(\S+) (\S+) .*?( \(warning\))?$/.exec(line);
    if (!m || line.startsWith("  …")) break;
    findings.push(`${m[1]} ${m[2]} ${m[3] ? "warning" : "error"}`);
  }
  return {
    status: "findings",
    findings: findings.sort(),
    total: Number(head[1]),
    message: excerpt(message),
  };
}

/** check's message: "prettier: N files are not formatted:", then "  file" per file. */
export function readPrettier(message: string): Outcome {
  const lines = message.split("\n");
  const head = /^prettier: (\d+) files? (?:is|are) not formatted:$/.exec(
    lines[0] ?? "",
  );
  if (!head)
    return {
      status: "error",
      findings: [],
      total: 0,
      message: excerpt(message),
    };
  const findings: string[] = [];
  for (const line of lines.slice(1)) {
    if (!line.startsWith("  ") || line.startsWith("  …")) break;
    findings.push(`${line.slice(2)} unformatted`);
  }
  return {
    status: "findings",
    findings: findings.sort(),
    total: Number(head[1]),
    message: excerpt(message),
  };
}
