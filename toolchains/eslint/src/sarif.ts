// ESLint's report as SARIF 2.1.0, for GitHub code scanning and other SARIF readers:
// one run, the rules that reported (with ESLint's docs links), and one result per
// problem located by a path relative to the repository root.
import {
  relativePath,
  ruleOf,
  sourceRoot,
  type EslintMessage,
  type EslintReport,
} from "./results.js";

export const sarifSchema =
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/** The base the result paths are relative to: the root of the repository. */
export const uriBaseId = "%SRCROOT%";

/** Descriptions for the problems ESLint reports without a rule. */
const ownRules: Record<string, string> = {
  "parse-error": "ESLint could not parse the file.",
  "eslint-core":
    "A problem ESLint reports itself, such as an unused eslint-disable directive.",
};

interface SarifRule {
  id: string;
  shortDescription?: { text: string };
  helpUri?: string;
  properties?: { category: string };
}

/** Paths become URI references: each segment percent-encoded, slashes kept. */
const toUri = (path: string) =>
  path.split("/").map(encodeURIComponent).join("/");

function region(m: EslintMessage) {
  // ESLint puts messages about a whole file at line 0; SARIF lines start at 1.
  if (!m.line || m.line < 1) return { startLine: 1 };
  return {
    startLine: m.line,
    ...(m.column ? { startColumn: m.column } : {}),
    ...(m.endLine ? { endLine: m.endLine } : {}),
    ...(m.endLine && m.endColumn ? { endColumn: m.endColumn } : {}),
  };
}

export function toSarif(
  report: EslintReport,
  eslintVersion: string,
  root = sourceRoot,
): object {
  const meta = report.metadata?.rulesMeta ?? {};
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const indexOf = (id: string) => {
    if (!ruleIndex.has(id)) {
      const docs = meta[id]?.docs;
      const description = docs?.description ?? ownRules[id];
      ruleIndex.set(id, rules.length);
      rules.push({
        id,
        ...(description ? { shortDescription: { text: description } } : {}),
        ...(docs?.url ? { helpUri: docs.url } : {}),
        ...(meta[id]?.type
          ? { properties: { category: meta[id]!.type! } }
          : {}),
      });
    }
    return ruleIndex.get(id)!;
  };

  const results = report.results.flatMap((result) =>
    result.messages.map((m) => {
      const ruleId = ruleOf(m);
      return {
        ruleId,
        ruleIndex: indexOf(ruleId),
        level: m.severity === 2 ? "error" : "warning",
        message: { text: m.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: {
                uri: toUri(relativePath(result.filePath, root)),
                uriBaseId,
              },
              region: region(m),
            },
          },
        ],
      };
    }),
  );

  return {
    $schema: sarifSchema,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "ESLint",
            ...(eslintVersion ? { version: eslintVersion } : {}),
            informationUri: "https://eslint.org",
            rules,
          },
        },
        invocations: [{ executionSuccessful: true }],
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
}

/** `eslint --version` prints "v10.15.0". */
export function parseVersion(stdout: string): string {
  return stdout.trim().replace(/^v/, "");
}
