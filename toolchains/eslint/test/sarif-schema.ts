// Validates SARIF against the normative SARIF 2.1.0 schema (errata 01), which is JSON
// Schema draft-04: hence ajv-draft-04. The schema file's origin is in fixtures/sarif/SOURCES.md.
import { readFileSync } from "node:fs";
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";

// Both packages are CommonJS with the class or plugin as `default`.
const Ajv = ajvDraft04.default;
const addFormats = ajvFormats.default;

const schema = JSON.parse(
  readFileSync(
    new URL("./fixtures/sarif/sarif-schema-2.1.0.json", import.meta.url),
    "utf8",
  ),
);

// Formats are checked too: GitHub rejects a helpUri or $schema that is not a URI.
const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

/** The schema violations, as "path message" lines; empty when the document is valid. */
export function sarifErrors(document: unknown): string[] {
  if (validate(document)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || "/"} ${e.message}`,
  );
}
