// What a run means for the user: the message of a failed check (on real trivy reports,
// see fixtures/reports/SOURCES.md) and what a trivy failure tells the user.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  explainFailure,
  findingsFailure,
  findingsReport,
  table,
} from "../src/outcome.ts";
import { findings, parseReport } from "../src/report.ts";

const golden = (name: string) =>
  readFileSync(new URL(`./fixtures/reports/${name}`, import.meta.url), "utf8");
const report = (name: string) => parseReport(golden(name));
const all = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"];

describe("the message of a failed check", () => {
  test("counts per severity, an aligned table, and what to do", () => {
    const found = findings(report("test-repo.json.golden"), "vuln", all);
    expect(findingsReport("vuln", found, "the repository")).toBe(
      [
        "trivy found 2 vulnerabilities in the repository (1 HIGH, 1 MEDIUM):",
        "",
        "ID              SEVERITY  PACKAGE               INSTALLED → FIXED",
        "CVE-2019-15542  HIGH      ammonia (Cargo.lock)  1.9.0 → >= 2.1.0",
        "CVE-2021-38193  MEDIUM    ammonia (Cargo.lock)  1.9.0 → >= 3.1.0, >= 2.1.3, < 3.0.0",
        "",
        "Update these packages to a fixed version, or accept a risk with an entry (and an expiry) in .trivyignore.yaml.",
      ].join("\n"),
    );
  });

  test("long lists stop after the limit and point at the full report", () => {
    const found = findings(report("alpine-310.json.golden"), "vuln", all);
    const message = findingsReport("vuln", found, "image alpine:3.10", 2);
    expect(message).toContain(
      "trivy found 4 vulnerabilities in image alpine:3.10 (4 MEDIUM):",
    );
    expect(message.match(/^CVE-/gm)).toHaveLength(2);
    expect(message).toContain(
      "… and 2 more; `dagger call trivy report` gives them all as SARIF.",
    );
  });

  test("secrets get their own headings", () => {
    const found = findings(report("secrets.json.golden"), "secret", all);
    expect(table("secret", found).split("\n")[0]).toBe(
      "RULE               SEVERITY  FILE:LINE    TITLE",
    );
  });
});

test("a report with nothing at the failing severities passes", () => {
  expect(
    findingsFailure(golden("test-repo.json.golden"), "vuln", ["CRITICAL"], "x"),
  ).toBeUndefined();
  expect(
    findingsFailure(
      golden("test-repo.json.golden"),
      "vuln",
      ["HIGH"],
      "the repository",
    ),
  ).toMatch(/^trivy found 1 vulnerability in the repository \(1 HIGH\):/);
});

// trivy logs "<time>\tFATAL\tFatal error\t<wrapped errors>" and exits 1 (cmd/trivy/main.go);
// the wrapped messages below are trivy's own (pkg/db/db.go, pkg/commands/operation).
describe("trivy's own failures", () => {
  test("a rate-limited DB download says to use a mirror", () => {
    const message = explainFailure(
      "downloading the vulnerability DB",
      1,
      "",
      "2026-11-21T09:00:00Z\tINFO\tNeed to update DB\n" +
        "2026-11-21T09:00:02Z\tFATAL\tFatal error\tinit error: DB error: failed to download vulnerability DB: OCI artifact error: failed to download vulnerability DB: GET https://mirror.gcr.io/v2/aquasec/trivy-db/manifests/2: TOOMANYREQUESTS: rate limit exceeded\n",
    );
    expect(message.split("\n").slice(0, 2)).toEqual([
      "trivy could not run (downloading the vulnerability DB; it exited with code 1).",
      "The registry rate-limited the download. Set dbRepository (and javaDbRepository, checksBundleRepository) to a mirror you control, or run again later.",
    ]);
    expect(message).toContain("TOOMANYREQUESTS");
    expect(message).not.toContain("Need to update DB");
  });

  test("no DB in the cache (a pruned volume): said so, not blamed on the registry", () => {
    // trivy 0.74's words, from a real scan on an empty cache (test/real-trivy.test.ts).
    const message = explainFailure(
      "scanning",
      1,
      "",
      "2026-11-30T15:00:00Z\tFATAL\tFatal error\trun error: init error: DB error: database error: --skip-db-update cannot be specified on the first run\n",
    );
    expect(message.split("\n")[1]).toBe(
      "The trivy-cache volume has no DB: it was pruned after this refresh window's download. The toolchain downloaded it again and retried once; run again if this persists.",
    );
  });

  test("a mirror whose certificate trivy cannot trust says to name its CA in trivy.yaml", () => {
    const message = explainFailure(
      "downloading the vulnerability DB",
      1,
      "",
      '2026-11-21T09:00:02Z\tFATAL\tFatal error\tinit error: DB error: failed to download vulnerability DB: OCI artifact error: failed to download vulnerability DB: Get "https://registry.example.com/v2/": tls: failed to verify certificate: x509: certificate signed by unknown authority\n',
    );
    expect(message.split("\n")[1]).toBe(
      "trivy could not trust the registry's TLS certificate, or could not read the CA file trivy.yaml names (cacert). For a mirror with a private CA, commit its PEM file and name it in trivy.yaml by its path from the repository root (cacert: certs/ca.pem).",
    );
  });

  test("a broken trivy.yaml", () => {
    expect(
      explainFailure(
        "scanning",
        1,
        "",
        '2026-11-21T09:00:00Z\tFATAL\tFatal error\tconfig file "trivy.yaml" loading error: yaml: line 3: mapping values are not allowed in this context\n',
      ),
    ).toContain(
      "trivy could not read its configuration. Fix trivy.yaml (or the file the configFile setting names).",
    );
  });

  test("an image the registry refuses", () => {
    expect(
      explainFailure(
        "scanning",
        1,
        "",
        "\u001b[31mFATAL\u001b[0m\tFatal error\trun error: image scan error: unable to inspect the image (registry.example.com/app:1): GET https://registry.example.com/v2/app/manifests/1: UNAUTHORIZED: authentication required\n",
      ),
    ).toContain("The registry refused access. Pass username and password");
  });

  test("anything else shows trivy's output and says it is not a finding", () => {
    const message = explainFailure("scanning", 2, "", "panic: runtime error\n");
    expect(message).toBe(
      "trivy could not run (scanning; it exited with code 2).\n" +
        "This is not a finding: trivy stopped before it could report. Its output follows.\n" +
        "panic: runtime error",
    );
  });

  test("colour codes are stripped", () => {
    const message = explainFailure(
      "scanning",
      1,
      "",
      "\u001b[1;31mFATAL\u001b[0m x",
    );
    expect(message.split("\n").at(-1)).toBe("FATAL x");
  });
});
