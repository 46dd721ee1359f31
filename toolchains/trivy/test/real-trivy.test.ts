// trivy for real: every scan of the toolchain runs on this machine through the testkit's
// executing engine double, with the trivy that .ci/setup builds standing in for the
// image, offline: the vulnerability DB is the small real one seeded into trivy-cache,
// and misconfigurations use trivy's embedded checks. The download steps are answered
// (they would reach a registry), except in "the download steps, run for real";
// everything else runs.
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import {
  answer,
  call,
  cyclonedxErrors,
  Host,
  sarifErrors,
  toolchainTest,
  trivyImage,
  type CallOptions,
} from "@toolchains/testkit";

const { module, fixture } = toolchainTest(import.meta.url);
const project = fixture("project");

const why = Host.unavailable();
if (why) throw new Error(why);
const host = new Host({
  images: [trivyImage()],
  seeds: process.env.TOOLCHAINS_SEEDS,
});
afterAll(() => host.dispose());

const isDownload = (e: { argv: string[] }) =>
  e.argv.some((a) => a.startsWith("--download-")) ||
  e.argv.at(-1) === "/tmp/trivy-empty";
/** The registry downloads succeed without running: the DB is already in the seeded cache. */
const downloads = answer(isDownload, { exitCode: 0 });

/** The project fixture with more files (a trivy.yaml, an ignore file). */
function variant(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "trivy-real-"));
  cpSync(project, dir, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const run = (fn: string, more: Partial<CallOptions> = {}) =>
  call({ module, repo: project, function: fn, host, exec: downloads, ...more });

const scans = (r: Awaited<ReturnType<typeof run>>) =>
  r.execs.filter((e) => e.argv[1] === "fs");

describe("checks", () => {
  test("secrets: the planted token, with its file and line", async () => {
    const r = await run("secrets");
    expect(scans(r).map((e) => e.exitCode)).toEqual([0]);
    expect(r.error).toContain("deploy/settings.py:3");
    expect(r.error).toContain("github-pat");
    expect(r.error).toMatch(
      /^trivy found 1 secret in the repository \(1 CRITICAL\):/,
    );
  });

  test("misconfigurations: a Dockerfile and Terraform against the embedded checks", async () => {
    const r = await run("misconfigurations");
    expect(scans(r).map((e) => e.exitCode)).toEqual([0]);
    expect(r.error).toMatch(
      /^trivy found 2 misconfigurations in the repository \(2 HIGH\):/,
    );
    expect(r.error).toContain("DS-0002");
    expect(r.error).toContain("Dockerfile");
    expect(r.error).toContain("AWS-0107");
    expect(r.error).toContain("deploy/main.tf");
  });

  test("licenses: a license trivy.yaml forbids, read from the npm lockfile", async () => {
    // MIT is also in trivy's default notice list; trivy picks between two categories
    // that hold a license at random, so the config restates notice without it.
    const r = await run("licenses", {
      repo: variant({
        "trivy.yaml": "license:\n  forbidden:\n    - MIT\n  notice: []\n",
      }),
    });
    expect(scans(r)[0]!.argv).toContain("--config");
    expect(r.error).toMatch(
      /^trivy found 1 license finding in the repository \(1 CRITICAL\):/,
    );
    expect(r.error).toMatch(
      /MIT +CRITICAL +jquery \(package-lock\.json\) +forbidden license/,
    );
  });

  test("vulnerabilities: severity honoured, the seeded DB read, .trivyignore applied", async () => {
    // Both advisories are MEDIUM: the default HIGH,CRITICAL passes.
    const passes = await run("vulnerabilities");
    expect(passes.error).toBeUndefined();
    expect(passes.execs.filter(isDownload).map((e) => e.argv[2])).toEqual([
      "--download-db-only",
    ]);
    const medium = await run("vulnerabilities", {
      constructorArgs: { severity: "MEDIUM" },
    });
    expect(medium.error).toMatch(
      /^trivy found 2 vulnerabilities in the repository \(2 MEDIUM\):/,
    );
    expect(medium.error).toContain("CVE-2019-11358");
    expect(medium.error).toContain("CVE-2024-35195");
    const ignored = await run("vulnerabilities", {
      repo: variant({ ".trivyignore": "CVE-2024-35195\n" }),
      constructorArgs: { severity: "MEDIUM" },
    });
    expect(scans(ignored)[0]!.argv).toContain("--ignorefile");
    expect(ignored.error).toMatch(
      /^trivy found 1 vulnerability in the repository \(1 MEDIUM\):/,
    );
    expect(ignored.error).not.toContain("CVE-2024-35195");
  });
});

describe("sbom", () => {
  test("CycloneDX: schema-valid, the same bytes on a second run", async () => {
    const first = await run("sbom");
    expect(first.error).toBeUndefined();
    expect(first.execs.filter(isDownload)).toEqual([]);
    const text = first.changeset!.files["sbom.cdx.json"]!;
    const doc = JSON.parse(text);
    expect(cyclonedxErrors(doc)).toEqual([]);
    expect(doc.components.map((c: { name: string }) => c.name).sort()).toEqual(
      expect.arrayContaining(["jquery", "requests"]),
    );
    expect(doc.vulnerabilities ?? []).toEqual([]);
    // A fresh host: nothing cached between the two runs.
    const again = new Host({
      images: [trivyImage()],
      seeds: process.env.TOOLCHAINS_SEEDS,
    });
    try {
      const second = await run("sbom", { host: again });
      expect(second.changeset!.files["sbom.cdx.json"]).toBe(text);
    } finally {
      again.dispose();
    }
  });

  test("SPDX JSON, the same bytes on a second run", async () => {
    const args = {
      constructorArgs: { sbomFormat: "spdx-json", sbomPath: "sbom.spdx.json" },
    };
    const [a, b] = await Promise.all([run("sbom", args), run("sbom", args)]);
    const text = a.changeset!.files["sbom.spdx.json"]!;
    expect(b.changeset!.files["sbom.spdx.json"]).toBe(text);
    const doc = JSON.parse(text);
    expect(doc.spdxVersion).toBe("SPDX-2.3");
    expect(doc.packages.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["jquery", "requests"]),
    );
  });

  test("a trivy.yaml that sets scanners does not put vulnerabilities in the SBOM", async () => {
    const r = await run("sbom", {
      repo: variant({
        "trivy.yaml": "scan:\n  scanners:\n    - vuln\n    - secret\n",
      }),
    });
    expect(r.error).toBeUndefined();
    expect(r.execs.filter(isDownload)).toEqual([]);
    const doc = JSON.parse(r.changeset!.files["sbom.cdx.json"]!);
    expect(doc.vulnerabilities ?? []).toEqual([]);
    expect(cyclonedxErrors(doc)).toEqual([]);
  });
});

describe("report", () => {
  test("every format, SARIF and CycloneDX schema-valid", async () => {
    const formats = ["sarif", "json", "table", "cyclonedx", "spdx-json"];
    const files = await Promise.all(
      formats.map(async (format) => {
        const r = await run("report", {
          args: { format },
          constructorArgs: { severity: "MEDIUM,HIGH,CRITICAL" },
        });
        expect(r.error).toBeUndefined();
        return r.file!.contents;
      }),
    );
    const [sarif, json, table, cyclonedx, spdx] = files as [
      string,
      string,
      string,
      string,
      string,
    ];
    expect(sarifErrors(JSON.parse(sarif))).toEqual([]);
    const rules = JSON.parse(sarif).runs[0].tool.driver.rules.map(
      (r: { id: string }) => r.id,
    );
    expect(rules).toEqual(
      expect.arrayContaining([
        "CVE-2019-11358",
        "CVE-2024-35195",
        "DS-0002",
        "AWS-0107",
        "github-pat",
      ]),
    );
    expect(JSON.parse(json).Results.length).toBeGreaterThan(0);
    expect(table).toContain("Report Summary");
    expect(cyclonedxErrors(JSON.parse(cyclonedx))).toEqual([]);
    expect(JSON.parse(spdx).spdxVersion).toBe("SPDX-2.3");
  });
});

describe("a pruned cache", () => {
  test("the scan finds no DB, the download runs again, the scan is retried", async () => {
    const pruned = new Host({
      images: [trivyImage()],
      seeds: process.env.TOOLCHAINS_SEEDS,
    });
    const db = () => join(pruned.volume("trivy-cache"), "db");
    let refills = 0;
    try {
      const r = await call({
        module,
        repo: project,
        function: "vulnerabilities",
        host: pruned,
        exec: (e) => {
          if (!isDownload(e)) return undefined;
          if (!e.env.DB_REFILLED_AT) {
            // The window's download ran long ago; since then the volume was pruned.
            rmSync(db(), { recursive: true, force: true });
            return { exitCode: 0 };
          }
          // The download again, from the seed (a registry offline).
          refills++;
          cpSync(
            join(process.env.TOOLCHAINS_SEEDS!, "trivy-cache", "db"),
            db(),
            { recursive: true },
          );
          return { exitCode: 0 };
        },
      });
      expect(r.error).toBeUndefined();
      expect(refills).toBe(1);
      expect(scans(r).map((e) => e.exitCode)).toEqual([1, 0]);
      expect(scans(r)[0]!.stderr).toContain(
        "--skip-db-update cannot be specified on the first run",
      );
    } finally {
      pruned.dispose();
    }
  });
});

describe("the download steps, run for real", () => {
  // Offline, the DB step finds the seeded DB fresh and the checks bundle step falls back
  // to trivy's embedded checks: both exit 0 when trivy accepts their argv and config.
  // A host of their own, since the checks bundle step writes into the cache volume.
  const own = () =>
    new Host({ images: [trivyImage()], seeds: process.env.TOOLCHAINS_SEEDS });

  test("misconfigurations: trivy config takes the checks bundle step's flags", async () => {
    const fresh = own();
    try {
      const r = await call({
        module,
        repo: project,
        function: "misconfigurations",
        host: fresh,
      });
      const [bundle] = r.execs.filter(isDownload);
      expect(bundle).toMatchObject({ exitCode: 0 });
      expect(bundle!.stderr).toContain("Falling back to embedded checks");
      expect(r.error).toMatch(
        /^trivy found 2 misconfigurations in the repository \(2 HIGH\):/,
      );
    } finally {
      fresh.dispose();
    }
  });

  test("a private mirror's CA named in trivy.yaml: every step finds and loads it", async () => {
    // trivy loads cacert before anything else and stops when it cannot read it.
    const ca = readFileSync(
      new URL("./fixtures/private-mirror/certs/ca.pem", import.meta.url),
      "utf8",
    );
    const fresh = own();
    try {
      const r = await call({
        module,
        repo: variant({
          "trivy.yaml": "cacert: certs/ca.pem\n",
          "certs/ca.pem": ca,
        }),
        function: "report",
        args: { format: "json" },
        host: fresh,
      });
      expect(r.error).toBeUndefined();
      expect(r.execs.map((e) => [e.argv[1], e.exitCode])).toEqual(
        expect.arrayContaining([
          ["image", 0],
          ["config", 0],
          ["fs", 0],
        ]),
      );
      for (const e of r.execs.filter(isDownload))
        expect(e.files).toEqual(["/src/certs/ca.pem", "/src/trivy.yaml"]);
      expect(JSON.parse(r.file!.contents).Results.length).toBeGreaterThan(0);
    } finally {
      fresh.dispose();
    }
  });
});
