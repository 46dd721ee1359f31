// Makes trivy's SBOMs deterministic, so the committed SBOM changes only when the
// dependencies do. trivy stamps every run with a random serial number or document
// namespace, the current time, and random UUID bom-refs for components that have no
// package URL (the project itself, each lockfile); its order of components can follow
// those random refs. Normalising replaces each with a value derived from the content.
import { createHash } from "node:crypto";

export type SbomFormat = "cyclonedx" | "spdx-json";
export const sbomFormats: readonly SbomFormat[] = ["cyclonedx", "spdx-json"];

/** The time written where a format requires one: fixed, as SOURCE_DATE_EPOCH=0 would. */
export const fixedTime = "1970-01-01T00:00:00Z";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const uuidPattern =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const namespaceUrl = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";

/** RFC 4122 name-based UUID (version 5, SHA-1) in the URL namespace. */
export function uuidV5(name: string): string {
  const hash = createHash("sha1")
    .update(Buffer.from(namespaceUrl.replace(/-/g, ""), "hex"))
    .update(name)
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** JSON with object keys sorted: the same content always gives the same text. */
function canonical(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k]!)}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

/** Replaces every string equal to a key of `map`, anywhere in the document. */
function replaceStrings(value: Json, map: ReadonlyMap<string, string>): Json {
  if (typeof value === "string") return map.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => replaceStrings(v, map));
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, replaceStrings(v, map)]),
    );
  return value;
}

const byKey =
  (key: string) =>
  (a: Json, b: Json): number =>
    String((a as JsonObject)[key]).localeCompare(
      String((b as JsonObject)[key]),
    );

/** Every component, nested ones included, with metadata.component first. */
function allComponents(bom: JsonObject): JsonObject[] {
  const out: JsonObject[] = [];
  const visit = (c: JsonObject) => {
    out.push(c);
    for (const child of (c.components as JsonObject[] | undefined) ?? [])
      visit(child);
  };
  const root = (bom.metadata as JsonObject | undefined)?.component;
  if (root) visit(root as JsonObject);
  for (const c of (bom.components as JsonObject[] | undefined) ?? []) visit(c);
  return out;
}

function sortComponents(list: Json | undefined): void {
  if (!Array.isArray(list)) return;
  list.sort(byKey("bom-ref"));
  for (const c of list) sortComponents((c as JsonObject).components);
}

export function normalizeCycloneDx(doc: JsonObject): JsonObject {
  // Random refs become UUIDs named by what the component is (without its ref); two
  // components alike in everything get a counter, in the order of their content.
  const random = allComponents(doc).filter((c) =>
    uuidPattern.test(String(c["bom-ref"])),
  );
  const keyed = random
    .map((c) => {
      const rest = { ...c };
      delete rest["bom-ref"];
      delete rest.components;
      return { ref: String(c["bom-ref"]), key: canonical(rest) };
    })
    .sort((a, b) => a.key.localeCompare(b.key));
  const seen = new Map<string, number>();
  const refs = new Map<string, string>();
  for (const { ref, key } of keyed) {
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    refs.set(ref, uuidV5(`${key}#${n}`));
  }
  const bom = replaceStrings(doc, refs) as JsonObject;
  delete bom.serialNumber;
  const metadata = bom.metadata as JsonObject | undefined;
  if (metadata) delete metadata.timestamp;
  sortComponents(bom.components);
  if (Array.isArray(bom.dependencies)) {
    bom.dependencies.sort(byKey("ref"));
    for (const d of bom.dependencies as JsonObject[])
      if (Array.isArray(d.dependsOn)) (d.dependsOn as string[]).sort();
  }
  // The serial number names this exact content: same dependencies, same number.
  return {
    ...pick(bom, ["$schema", "bomFormat", "specVersion"]),
    serialNumber: `urn:uuid:${uuidV5(canonical(bom))}`,
    ...bom,
  };
}

function pick(o: JsonObject, keys: string[]): JsonObject {
  return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]!]));
}

function setAnnotationDates(value: Json): void {
  if (Array.isArray(value)) value.forEach(setAnnotationDates);
  else if (value && typeof value === "object") {
    if ("annotationDate" in value) value.annotationDate = fixedTime;
    Object.values(value).forEach(setAnnotationDates);
  }
}

export function normalizeSpdx(doc: JsonObject): JsonObject {
  const spdx = structuredClone(doc);
  const creation = spdx.creationInfo as JsonObject | undefined;
  if (creation) creation.created = fixedTime;
  setAnnotationDates(spdx);
  if (Array.isArray(spdx.packages)) spdx.packages.sort(byKey("SPDXID"));
  if (Array.isArray(spdx.files)) spdx.files.sort(byKey("SPDXID"));
  if (Array.isArray(spdx.relationships))
    spdx.relationships.sort(
      (a, b) =>
        byKey("spdxElementId")(a, b) ||
        byKey("relatedSpdxElement")(a, b) ||
        byKey("relationshipType")(a, b),
    );
  const namespace = String(spdx.documentNamespace ?? "");
  const content = { ...spdx };
  delete content.documentNamespace;
  // trivy's namespace is http://trivy.dev/<kind>/<name>-<random uuid>.
  spdx.documentNamespace = namespace.replace(
    /-?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    `-${uuidV5(canonical(content))}`,
  );
  return spdx;
}

/** trivy's SBOM made deterministic, as pretty-printed JSON with a final newline. */
export function normalizeSbom(text: string, format: SbomFormat): string {
  let doc: JsonObject;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(
      `trivy's SBOM could not be read as JSON (${(e as Error).message}).`,
      { cause: e },
    );
  }
  const normalized =
    format === "cyclonedx" ? normalizeCycloneDx(doc) : normalizeSpdx(doc);
  return `${JSON.stringify(normalized, null, 2)}\n`;
}

export function parseSbomFormat(format: string): SbomFormat {
  if (!sbomFormats.includes(format as SbomFormat))
    throw new Error(
      `sbomFormat must be one of ${sbomFormats.join(", ")}; got "${format}".`,
    );
  return format as SbomFormat;
}
