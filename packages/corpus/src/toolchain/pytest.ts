// The pytest toolchain through testkit's call(): test's message read back into the
// failing tests. One Host per suite file: Debian's Python 3.11 for the python image,
// the host's uv for the uv image, installs from the uv-cache seed with UV_OFFLINE.
import { fileURLToPath } from "node:url";
import { call, Host, pythonImage, uvImage } from "@toolchains/testkit";
import type { Project } from "../corpus.ts";
import type { Outcome } from "../outcome.ts";
import { projectDir, seedsDir } from "../paths.ts";
import { excerpt } from "./message.ts";

const module = fileURLToPath(
  new URL("../../../../toolchains/pytest", import.meta.url),
);

export function pytestHost(): Host {
  return new Host({
    images: [pythonImage(), uvImage()],
    seeds: seedsDir(),
    env: { UV_OFFLINE: "1" },
  });
}

export async function pytestToolchain(
  p: Project,
  fn: string,
  host: Host,
): Promise<Outcome> {
  const r = await call({ module, repo: projectDir(p), function: fn, host });
  return r.error
    ? readMessage(r.error)
    : { status: "pass", findings: [], total: 0, message: "" };
}

/**
 * test's message when tests fail: "pytest: 2 failed, 1 error, 40 passed (43 tests)",
 * then "  [file:line: ]FAILED id - message" per problem. Each becomes "id FAILED".
 */
export function readMessage(message: string): Outcome {
  const head = /^pytest: (.*)$/.exec(message.split("\n")[0] ?? "");
  if (!head)
    return {
      status: "error",
      findings: [],
      total: 0,
      message: excerpt(message),
    };
  const total = [...head[1]!.matchAll(/(\d+) (?:failed|errors?)\b/g)].reduce(
    (n, m) => n + Number(m[1]),
    0,
  );
  const findings = [
    ...message.matchAll(/^ {2}(?:\S+:\d+: )?(FAILED|ERROR) (.+?) - /gm),
  ].map((m) => `${m[2]} ${m[1]}`);
  return {
    status: "findings",
    findings: findings.sort(),
    total,
    message: excerpt(message),
  };
}
