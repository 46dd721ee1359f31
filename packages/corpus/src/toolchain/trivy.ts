// The trivy toolchain through testkit's call(): its checks' messages and its SBOM read
// back into outcomes. The steps that download the DB and the checks bundle are
// answered (they reach registries); the seeded DB and trivy's embedded checks stand in.
import { fileURLToPath } from "node:url";
import { answer, call, Host, trivyImage } from "@toolchains/testkit";
import type { Project } from "../corpus.ts";
import type { Outcome } from "../outcome.ts";
import { projectDir } from "../paths.ts";
import { sbomView } from "../sbom-view.ts";
import { excerpt } from "./message.ts";

const module = fileURLToPath(
  new URL("../../../../toolchains/trivy", import.meta.url),
);

export const sbomPath = "sbom.cdx.json";

export function trivyHost(): Host {
  return new Host({
    images: [trivyImage()],
    seeds: process.env.TOOLCHAINS_SEEDS,
  });
}

const isDownload = (e: { argv: string[] }) =>
  e.argv.some((a) => a.startsWith("--download-")) ||
  e.argv.at(-1) === "/tmp/trivy-empty";

export async function trivyToolchain(
  p: Project,
  fn: string,
  host: Host,
): Promise<Outcome> {
  const r = await call({
    module,
    repo: projectDir(p),
    function: fn,
    host,
    exec: answer(isDownload, { exitCode: 0 }),
  });
  if (fn === "sbom") {
    if (r.error)
      return {
        status: "error",
        findings: [],
        total: 0,
        message: excerpt(r.error),
      };
    const text = r.changeset?.files[sbomPath];
    return {
      status: "pass",
      findings: [],
      total: 0,
      files: text === undefined ? {} : { [sbomPath]: sbomView(text) },
      message: "",
    };
  }
  return r.error
    ? readMessage(r.error)
    : { status: "pass", findings: [], total: 0, message: "" };
}

/**
 * A failed check's message: "trivy found N <noun> in the repository (...):", then a
 * table whose columns are two or more spaces apart (ID, SEVERITY, WHERE, DETAIL).
 * Each row becomes "WHERE ID SEVERITY", as the oracle writes its findings.
 */
export function readMessage(message: string): Outcome {
  const lines = message.split("\n");
  const head = /^trivy found (\d+) .+ in the repository \(.*\):$/.exec(
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
  for (const line of lines.slice(3)) {
    // The table ends at a blank line, or at "… and N more" when it is cut.
    if (!line.trim() || line.startsWith("…")) break;
    const [id, severity, where] = line.split(/ {2,}/);
    findings.push(`${where} ${id} ${severity}`);
  }
  return {
    status: "findings",
    findings: findings.sort(),
    total: Number(head[1]),
    message: excerpt(message),
  };
}
