// The plain decisions: which image, which refresh window, which settings are refused,
// and what a trivy failure tells the user.
import { describe, expect, test } from "vitest";
import { explainFailure, stripAnsi } from "../src/failure.ts";
import {
  imageAddress,
  parseScanners,
  parseSeverity,
  refreshWindow,
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
    expect(stripAnsi("\u001b[1;31mFATAL\u001b[0m x")).toBe("FATAL x");
  });
});
