// SBOM normalisation on real trivy SBOMs (fixtures/reports/SOURCES.md): two runs that
// differ only in what trivy makes up per run give the same file, and a dependency
// change still shows.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { fixedTime, normalizeSbom, uuidV5 } from "../src/sbom.ts";

const read = (path: string) =>
  readFileSync(new URL(`./fixtures/${path}`, import.meta.url), "utf8");
const cyclonedx = read("reports/npm-cyclonedx.json.golden");
const spdx = read("reports/conda-spdx.json.golden");
const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/**
 * The golden as another run would write it: every UUID trivy made up replaced by a
 * fresh random one (consistently, as trivy's own refs are), a new time, and the
 * components in another order.
 */
function anotherCycloneDxRun(text: string): string {
  const fresh = new Map<string, string>();
  const doc = JSON.parse(
    text
      .replace(
        uuid,
        (u) => fresh.get(u) ?? (fresh.set(u, randomUUID()), fresh.get(u)!),
      )
      .replace(/2021-08-25T12:20:30\+00:00/g, "2026-11-21T09:41:07+00:00"),
  );
  doc.components.reverse();
  doc.dependencies.reverse();
  return JSON.stringify(doc, null, 2);
}

function anotherSpdxRun(text: string): string {
  const doc = JSON.parse(
    text
      .replace(uuid, () => randomUUID())
      .replace(/2021-08-25T12:20:30Z/g, "2026-11-21T09:41:07Z"),
  );
  doc.packages.reverse();
  doc.relationships.reverse();
  return JSON.stringify(doc);
}

describe("CycloneDX", () => {
  const normalized = normalizeSbom(cyclonedx, "cyclonedx");

  test("two runs that differ in serial number, time, random bom-refs and order give the same file", () => {
    const other = anotherCycloneDxRun(cyclonedx);
    expect(other).not.toBe(cyclonedx);
    expect(normalizeSbom(other, "cyclonedx")).toBe(normalized);
  });

  test("no time, a serial number and refs derived from the content, and the graph intact", () => {
    const doc = JSON.parse(normalized);
    expect(doc.metadata.timestamp).toBeUndefined();
    expect(doc.serialNumber).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const root = doc.metadata.component["bom-ref"];
    const lockfile = doc.components.find(
      (c: { name: string }) => c.name === "package-lock.json",
    )["bom-ref"];
    expect(root).not.toMatch(/3ff14136/);
    expect(doc.dependencies).toContainEqual({
      ref: root,
      dependsOn: [lockfile],
    });
    expect(doc.dependencies).toContainEqual({
      ref: lockfile,
      dependsOn: [
        "pkg:npm/jquery@3.3.9",
        "pkg:npm/promise@8.0.3",
        "pkg:npm/react@16.8.6",
        "pkg:npm/redux@4.0.1",
      ],
    });
    // Everything else trivy wrote is kept.
    expect(doc.components).toHaveLength(
      JSON.parse(cyclonedx).components.length,
    );
    expect(doc.specVersion).toBe("1.7");
    expect(doc.metadata.tools.components[0].name).toBe("trivy");
  });

  test("a dependency change changes the file and its serial number", () => {
    const bumped = cyclonedx.replaceAll("jquery@3.3.9", "jquery@3.4.0");
    const a = JSON.parse(normalized);
    const b = JSON.parse(normalizeSbom(bumped, "cyclonedx"));
    expect(b.serialNumber).not.toBe(a.serialNumber);
    expect(b.components.map((c: { purl?: string }) => c.purl)).toContain(
      "pkg:npm/jquery@3.4.0",
    );
  });

  test("normalising twice changes nothing", () => {
    expect(normalizeSbom(normalized, "cyclonedx")).toBe(normalized);
  });

  test("the committed fixture is what the toolchain writes for this run", () => {
    expect(read("sbom-current/sbom.cdx.json")).toBe(normalized);
  });
});

describe("SPDX", () => {
  const normalized = normalizeSbom(spdx, "spdx-json");

  test("two runs that differ in namespace, times and order give the same file", () => {
    const other = anotherSpdxRun(spdx);
    expect(normalizeSbom(other, "spdx-json")).toBe(normalized);
  });

  test("a fixed creation time, annotation dates and a namespace named by the content", () => {
    const doc = JSON.parse(normalized);
    expect(doc.creationInfo.created).toBe(fixedTime);
    expect(
      doc.packages.flatMap(
        (p: { annotations?: { annotationDate: string }[] }) =>
          (p.annotations ?? []).map((a) => a.annotationDate),
      ),
    ).toEqual(expect.arrayContaining([fixedTime]));
    expect(normalized).not.toContain("2021-08-25");
    expect(doc.documentNamespace).toMatch(
      /^http:\/\/trivy\.dev\/filesystem\/testdata\/fixtures\/repo\/conda-[0-9a-f-]{36}$/,
    );
    expect(doc.documentNamespace).not.toContain("3ff14136");
  });

  test("a dependency change changes the namespace", () => {
    const bumped = normalizeSbom(
      spdx.replaceAll("22.2.2", "23.0.0"),
      "spdx-json",
    );
    expect(JSON.parse(bumped).documentNamespace).not.toBe(
      JSON.parse(normalized).documentNamespace,
    );
  });
});

test("name-based UUIDs follow RFC 4122 version 5 in the URL namespace", () => {
  // Expected values from Python's uuid.uuid5(uuid.NAMESPACE_URL, name).
  expect(uuidV5("https://trivy.dev")).toBe(
    "07394c44-a625-5741-9e71-22accdd538bb",
  );
  expect(uuidV5("sbom")).toBe("a50fdaa4-0487-5a96-8932-bbbc90affc2e");
});

test("an SBOM that is not JSON is refused with its reason", () => {
  expect(() => normalizeSbom("FATAL error", "cyclonedx")).toThrow(
    /^trivy's SBOM could not be read as JSON/,
  );
});
