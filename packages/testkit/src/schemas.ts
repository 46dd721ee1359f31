// Validates the reports toolchains write against the formats' published JSON schemas
// (their origins are in ../schemas/SOURCES.md). SARIF 2.1.0 is JSON Schema draft-04,
// hence ajv-draft-04; CycloneDX is draft-07, ajv's own.
import { readFileSync } from "node:fs";
import AjvDraft07 from "ajv";
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";

// Both packages are CommonJS with the class or plugin as `default`.
const Ajv = ajvDraft04.default;
const addFormats = ajvFormats.default;

const schema = (name: string): object =>
  JSON.parse(
    readFileSync(new URL(`../schemas/${name}`, import.meta.url), "utf8"),
  );

type Validate = ((document: unknown) => boolean) & {
  errors?: { instancePath: string; message?: string }[] | null;
};

function errorsOf(validate: Validate, document: unknown): string[] {
  if (validate(document)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || "/"} ${e.message}`,
  );
}

let sarif: Validate | undefined;

/** SARIF 2.1.0 violations, as "path message" lines; empty when the document is valid. */
export function sarifErrors(document: unknown): string[] {
  if (!sarif) {
    // Formats are checked too: GitHub rejects a helpUri or $schema that is not a URI.
    const ajv = new Ajv({ allErrors: true });
    addFormats(ajv);
    sarif = ajv.compile(schema("sarif-schema-2.1.0.json"));
  }
  return errorsOf(sarif, document);
}

let cyclonedx: Validate | undefined;

/** CycloneDX 1.7 JSON violations, as "path message" lines; empty when the document is valid. */
export function cyclonedxErrors(document: unknown): string[] {
  if (!cyclonedx) {
    const ajv = new AjvDraft07.default({ allErrors: true, strict: false });
    addFormats(ajv);
    // Formats ajv-formats lacks: IRIs (URIs with Unicode) and internationalised emails.
    ajv.addFormat("iri-reference", /^[^\s<>"{}|\\^`]*$/u);
    ajv.addFormat("idn-email", /^[^\s@]+@[^\s@]+$/u);
    ajv.addSchema(schema("spdx.schema.json"));
    ajv.addSchema(schema("jsf-0.82.schema.json"));
    // Not published with the schemas this repository takes (see SOURCES.md): the two
    // enums bom-1.7 refers to, for cryptographic assets only, accept anything here.
    ajv.addSchema({
      $id: "http://cyclonedx.org/schema/cryptography-defs.schema.json",
      definitions: { algorithmFamiliesEnum: {}, ellipticCurvesEnum: {} },
    });
    cyclonedx = ajv.compile(schema("bom-1.7.schema.json"));
  }
  return errorsOf(cyclonedx, document);
}
