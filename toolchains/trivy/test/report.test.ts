// The toolchain's parser on real trivy reports (see fixtures/reports/SOURCES.md): the
// findings a check judges, and the formats `report` writes.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { findings, parseReport, reportFormat } from "../src/report.ts";

const report = (name: string) =>
  parseReport(
    readFileSync(
      new URL(`./fixtures/reports/${name}`, import.meta.url),
      "utf8",
    ),
  );
const all = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"];
const highCritical = ["HIGH", "CRITICAL"];

describe("vulnerabilities", () => {
  test("lockfile vulnerabilities: package, lockfile, installed → fixed, most severe first", () => {
    const found = findings(report("test-repo.json.golden"), "vuln", all);
    expect(found[0]).toEqual({
      scanner: "vuln",
      id: "CVE-2019-15542",
      severity: "HIGH",
      where: "ammonia (Cargo.lock)",
      detail: "1.9.0 → >= 2.1.0",
    });
    expect(found.map((f) => f.severity)).toEqual(
      [...found.map((f) => f.severity)].sort(
        (a, b) => all.indexOf(a) - all.indexOf(b),
      ),
    );
  });

  test("the severity threshold keeps only what fails the check", () => {
    expect(findings(report("npm.json.golden"), "vuln", highCritical)).toEqual(
      [],
    );
    expect(
      findings(report("npm.json.golden"), "vuln", ["MEDIUM"]).map(
        (f) => `${f.id} ${f.where} ${f.detail}`,
      ),
    ).toEqual(["CVE-2019-11358 jquery (package-lock.json) 3.3.9 → 3.4.0"]);
  });

  test("image reports: OS packages under the image target", () => {
    const found = findings(report("alpine-310.json.golden"), "vuln", all);
    expect(found.map((f) => `${f.id} ${f.where}`)).toEqual([
      "CVE-2019-1549 libcrypto1.1 (testdata/fixtures/images/alpine-310.tar.gz (alpine 3.10.2))",
      "CVE-2019-1549 libssl1.1 (testdata/fixtures/images/alpine-310.tar.gz (alpine 3.10.2))",
      "CVE-2019-1551 libcrypto1.1 (testdata/fixtures/images/alpine-310.tar.gz (alpine 3.10.2))",
      "CVE-2019-1551 libssl1.1 (testdata/fixtures/images/alpine-310.tar.gz (alpine 3.10.2))",
    ]);
  });

  test("packages without vulnerabilities are not findings", () => {
    expect(findings(report("secrets.json.golden"), "vuln", all)).toEqual([]);
  });
});

test("secrets: rule, file:line and title", () => {
  expect(findings(report("secrets.json.golden"), "secret", all)).toEqual([
    {
      scanner: "secret",
      id: "aws-access-key-id",
      severity: "CRITICAL",
      where: "deploy.sh:3",
      detail: "AWS Access Key ID",
    },
    {
      scanner: "secret",
      id: "mysecret",
      severity: "HIGH",
      where: "deploy.sh:7",
      detail: "My Secret",
    },
  ]);
});

describe("misconfigurations", () => {
  test("current check IDs (DS-0002), without a line when trivy gives none", () => {
    expect(
      findings(report("dockerfile.json.golden"), "misconfig", all),
    ).toEqual([
      {
        scanner: "misconfig",
        id: "DS-0002",
        severity: "HIGH",
        where: "Dockerfile",
        detail: "Image user should not be 'root'",
      },
    ]);
  });

  test("older reports (DS002 with an AVDID) read the same way", () => {
    expect(
      findings(report("v0.67.2-dockerfile.json.golden"), "misconfig", all).map(
        (f) => [f.id, f.where],
      ),
    ).toEqual([["DS002", "Dockerfile"]]);
  });

  test("Helm charts: the template and line of each failure at the threshold", () => {
    const found = findings(
      report("helm.json.golden"),
      "misconfig",
      highCritical,
    );
    expect(found.map((f) => `${f.id} ${f.severity} ${f.where}`)).toEqual([
      "KSV-0014 HIGH testchart.tar.gz:templates/pod.yaml:19",
      "KSV-0118 HIGH testchart.tar.gz:templates/pod.yaml:17",
      "KSV-0118 HIGH testchart.tar.gz:templates/pod.yaml:19",
    ]);
  });

  test("passed and excepted checks never count", () => {
    const helm = report("helm.json.golden");
    for (const m of helm.Results![0]!.Misconfigurations!)
      m.Status = m.ID === "KSV-0014" ? "FAIL" : "PASS";
    helm.Results![0]!.Misconfigurations!.push({
      ...helm.Results![0]!.Misconfigurations![0]!,
      ID: "KSV-0099",
      Status: "EXCEPTION",
    });
    expect(findings(helm, "misconfig", all).map((f) => f.id)).toEqual([
      "KSV-0014",
    ]);
  });

  test("a real fs report with three failures, one of them LOW", () => {
    const found = findings(
      report("realworld-fs-misconfig-license-excerpt.json"),
      "misconfig",
      highCritical,
    );
    expect(found.map((f) => `${f.id} ${f.where}`)).toEqual([
      "DS025 Dockerfile:3",
    ]);
  });
});

describe("licenses", () => {
  test("a restricted license file fails at HIGH; notice licenses do not", () => {
    const found = findings(
      report("realworld-fs-misconfig-license-excerpt.json"),
      "license",
      highCritical,
    );
    expect(found).toEqual([
      {
        scanner: "license",
        id: "LGPL-3.0",
        severity: "HIGH",
        where: "vendor/github.com/juju/errors/LICENSE",
        detail: "restricted license",
      },
    ]);
  });

  test("package licenses name the package", () => {
    const found = findings(report("license-cyclonedx.json.golden"), "license", [
      "MEDIUM",
    ]);
    expect(found.map((f) => [f.id, f.where, f.detail])).toEqual([
      [
        "EPL-1.0",
        "org.eclipse.sisu:org.eclipse.sisu.plexus (Java)",
        "reciprocal license",
      ],
    ]);
  });
});

describe("reports the parser refuses", () => {
  test("not JSON", () => {
    expect(() => parseReport("2026-08-21T10:00:00Z\tINFO\tstarting")).toThrow(
      /^trivy's JSON report could not be read/,
    );
  });

  test("another schema version", () => {
    expect(() => parseReport('{"SchemaVersion": 3}')).toThrow(
      "trivy's report has SchemaVersion 3; this toolchain reads version 2.",
    );
  });
});

test("report formats: trivy's own, with the file name each is returned under", () => {
  expect(reportFormat("sarif")).toEqual({
    trivyFormat: "sarif",
    fileName: "trivy.sarif",
  });
  expect(reportFormat("spdx-json")).toEqual({
    trivyFormat: "spdx-json",
    fileName: "trivy.spdx.json",
  });
  expect(() => reportFormat("html")).toThrow(
    'format must be one of sarif, json, table, cyclonedx, spdx-json; got "html".',
  );
});
