// The plain decisions: which image, which refresh window, which settings are refused,
// and the download steps' command lines.
import { describe, expect, test } from "vitest";
import {
  checksBundleArgs,
  imageAddress,
  parseScanners,
  parseSeverity,
  refreshWindow,
  vulnDbArgs,
} from "../src/argv.ts";

describe("the trivy image", () => {
  test("the pinned release by digest, from any of the official repositories", () => {
    expect(imageAddress("docker.io/aquasec/trivy", "0.75.0")).toBe(
      "docker.io/aquasec/trivy:0.75.0@sha256:af6acf9a6b85dfe389a1941505c0ce9efef52a4719635e1a962f022a3d855daa",
    );
    expect(imageAddress("ghcr.io/aquasecurity/trivy", "v0.74.0")).toBe(
      "ghcr.io/aquasecurity/trivy:0.74.0@sha256:62b1e65e8869bc4b4c6aa4fa2b21595256c7c2f6018a9d9ad61caf87187c1969",
    );
  });

  test("a release without a known digest goes by its tag", () => {
    expect(imageAddress("docker.io/aquasec/trivy", "0.72.0")).toBe(
      "docker.io/aquasec/trivy:0.72.0",
    );
  });

  test.each(["0.69.4", "0.69.5", "v0.69.6"])(
    "the malicious release %s is refused",
    (version) => {
      expect(() => imageAddress("docker.io/aquasec/trivy", version)).toThrow(
        /published by attackers in March 2026 \(GHSA-69fq-xp46-6x23: 0\.69\.4, 0\.69\.5, 0\.69\.6\); never run it\. Set version to 0\.75\.0/,
      );
    },
  );

  test.each(["latest", "0.75", "0.75.0-rc1"])(
    "%s is not an exact release",
    (version) => {
      expect(() => imageAddress("docker.io/aquasec/trivy", version)).toThrow(
        `version must be an exact trivy release such as 0.75.0; got "${version}".`,
      );
    },
  );
});

describe("the refresh window", () => {
  test("every time in a window agrees on its start; the next window starts anew", () => {
    const w = (iso: string, hours: number) =>
      refreshWindow(new Date(iso), hours);
    expect(w("2026-11-21T00:00:00Z", 24)).toBe("2026-11-21T00:00:00.000Z");
    expect(w("2026-11-21T23:59:59Z", 24)).toBe("2026-11-21T00:00:00.000Z");
    expect(w("2026-11-22T00:00:01Z", 24)).toBe("2026-11-22T00:00:00.000Z");
    expect(w("2026-11-21T05:59:00Z", 6)).toBe("2026-11-21T00:00:00.000Z");
    expect(w("2026-11-21T06:00:00Z", 6)).toBe("2026-11-21T06:00:00.000Z");
  });

  test.each([0, 1.5])("dbRefreshHours %s is refused", (hours) => {
    expect(() => refreshWindow(new Date(), hours)).toThrow(
      `dbRefreshHours must be a whole number of hours, 1 or more; got ${hours}.`,
    );
  });
});

test("severities and scanners are checked and normalised", () => {
  expect(parseSeverity("high, Critical")).toEqual(["HIGH", "CRITICAL"]);
  expect(() => parseSeverity("SEVERE")).toThrow(
    'severity must be a comma-separated list of UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL; got "SEVERE".',
  );
  expect(parseScanners("vuln,secret")).toEqual(["vuln", "secret"]);
  expect(() => parseScanners("vuln,sast")).toThrow(
    'scanners must be a comma-separated list of vuln, secret, misconfig, license; got "vuln,sast".',
  );
});

describe("the download steps", () => {
  test("the DB: into the shared cache, from the mirror, with the project's trivy.yaml", () => {
    expect(vulnDbArgs("", undefined)).toEqual([
      "trivy",
      "image",
      "--download-db-only",
      "--cache-dir",
      "/cache/trivy",
      "--no-progress",
    ]);
    expect(
      vulnDbArgs(" registry.example.com/trivy-db:2 ", "trivy.yaml").slice(-4),
    ).toEqual([
      "--db-repository",
      "registry.example.com/trivy-db:2",
      "--config",
      "trivy.yaml",
    ]);
  });

  test("the checks bundle: a config scan of an empty folder, with only flags trivy config takes", () => {
    expect(
      checksBundleArgs("registry.example.com/trivy-checks:2", "trivy.yaml"),
    ).toEqual([
      "trivy",
      "config",
      "--cache-dir",
      "/cache/trivy",
      "--skip-version-check",
      "--disable-telemetry",
      "--checks-bundle-repository",
      "registry.example.com/trivy-checks:2",
      "--config",
      "trivy.yaml",
      "/tmp/trivy-empty",
    ]);
  });
});
