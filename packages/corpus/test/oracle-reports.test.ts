// The tools' own reports read into the same keys as the toolchains' messages.
import { expect, test } from "vitest";
import { reportFindings as golangciLint } from "../src/oracle/golangci-lint.ts";
import { reportFindings as trivy } from "../src/oracle/trivy.ts";
import { sbomView } from "../src/sbom-view.ts";

test("trivy: every scanner's findings, failed misconfigurations only", () => {
  expect(
    trivy({
      Results: [
        {
          Target: "package-lock.json",
          Vulnerabilities: [
            { VulnerabilityID: "CVE-1", PkgName: "jquery", Severity: "HIGH" },
          ],
          Licenses: [{ Name: "GPL-3.0", Severity: "HIGH", PkgName: "x" }],
        },
        {
          Target: "Dockerfile",
          Misconfigurations: [
            {
              ID: "DS-0002",
              Severity: "HIGH",
              Status: "FAIL",
              CauseMetadata: { StartLine: 3 },
            },
            { ID: "DS-0001", Severity: "HIGH", Status: "PASS" },
          ],
        },
        {
          Target: "key.pem",
          Secrets: [{ RuleID: "private-key", Severity: "HIGH", StartLine: 1 }],
        },
        {
          Target: "LICENSE",
          Licenses: [
            { Name: "AGPL-3.0", Severity: "CRITICAL", FilePath: "LICENSE" },
          ],
        },
      ],
    }),
  ).toEqual([
    "jquery (package-lock.json) CVE-1 HIGH",
    "x (package-lock.json) GPL-3.0 HIGH",
    "Dockerfile:3 DS-0002 HIGH",
    "key.pem:1 private-key HIGH",
    "LICENSE AGPL-3.0 CRITICAL",
  ]);
});

test("golangci-lint: paths from the project's root, the column when there is one", () => {
  const json = JSON.stringify({
    Issues: [
      {
        FromLinter: "errcheck",
        Pos: { Filename: "/tmp/p/tree/sub/a.go", Line: 4, Column: 2 },
      },
      {
        FromLinter: "gofmt",
        Pos: { Filename: "/tmp/p/tree/b.go", Line: 1, Column: 0 },
      },
    ],
  });
  expect(golangciLint(`${json}\n2 issues.\n`, "/tmp/p/tree")).toEqual([
    "sub/a.go:4:2 errcheck",
    "b.go:1 gofmt",
  ]);
});

test("an SBOM's root, components and edges, without what each run makes up", () => {
  const bom = (serial: string, ref: string) =>
    JSON.stringify({
      serialNumber: serial,
      metadata: {
        timestamp: serial,
        component: { "bom-ref": ref, type: "application", name: "." },
      },
      components: [
        {
          "bom-ref": "pkg:npm/a@1",
          type: "library",
          name: "a",
          version: "1",
          purl: "pkg:npm/a@1",
        },
      ],
      dependencies: [{ ref, dependsOn: ["pkg:npm/a@1"] }],
    });
  const view = sbomView(bom("urn:1", "1d2c-random"));
  expect(view).toBe(
    [
      "component library a 1 pkg:npm/a@1",
      "edge application . -> library a 1 pkg:npm/a@1",
      "root application .",
      "",
    ].join("\n"),
  );
  expect(sbomView(bom("urn:2", "9f9f-other"))).toBe(view);
});
