// The golangci-lint toolchain through testkit's call(): lint's message and the
// changesets of fmt and fix read back into outcomes, on one Host whose go-mod volume
// is seeded with every corpus project's modules, Go kept offline.
import { fileURLToPath } from "node:url";
import {
  call,
  golangciLintImage,
  golangImage,
  Host,
  type ChangesetResult,
} from "@toolchains/testkit";
import type { Project } from "../corpus.ts";
import type { Outcome } from "../outcome.ts";
import { projectDir, seedsDir } from "../paths.ts";
import { excerpt } from "./message.ts";

const module = fileURLToPath(
  new URL("../../../../toolchains/golangci-lint", import.meta.url),
);

export function golangciLintHost(): Host {
  return new Host({
    images: [golangciLintImage(), golangImage()],
    seeds: seedsDir(),
    env: { GOPROXY: "off", GOSUMDB: "off" },
  });
}

export async function golangciLintToolchain(
  p: Project,
  fn: string,
  host: Host,
): Promise<Outcome> {
  const r = await call({ module, repo: projectDir(p), function: fn, host });
  if (fn !== "lint")
    return r.error
      ? { status: "error", findings: [], total: 0, message: excerpt(r.error) }
      : {
          status: "pass",
          findings: [],
          total: 0,
          files: changedFiles(r.changeset),
          message: "",
        };
  return r.error
    ? readMessage(r.error)
    : { status: "pass", findings: [], total: 0, message: "" };
}

/** A changeset as path → new text, null for a removed file. */
export function changedFiles(
  c?: ChangesetResult,
): Record<string, string | null> {
  if (!c) return {};
  return {
    ...Object.fromEntries(c.removed.map((p) => [p, null])),
    ...c.files,
  };
}

/**
 * lint's message: "golangci-lint found N issues[ in M modules][ (K fixable)]:", counts
 * per linter, then "  file:line[:col] linter text" for the first findings. Each becomes
 * "file:line[:col] linter", as the oracle writes its findings.
 */
export function readMessage(message: string): Outcome {
  const head = /^golangci-lint found (\d+) issues?\b.*:$/.exec(
    message.split("\n")[0] ?? "",
  );
  if (!head)
    return {
      status: "error",
      findings: [],
      total: 0,
      message: excerpt(message),
    };
  const findings = [
    ...message.matchAll(/^ {2}(\S+:\d+(?::\d+)?) (\S+) /gm),
  ].map((m) => `${m[1]} ${m[2]}`);
  return {
    status: "findings",
    findings: findings.sort(),
    total: Number(head[1]),
    message: excerpt(message),
  };
}
