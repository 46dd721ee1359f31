// The formats `report` writes: trivy's own, passed through as trivy wrote them.

const formats: Record<string, { trivyFormat: string; fileName: string }> = {
  sarif: { trivyFormat: "sarif", fileName: "trivy.sarif" },
  json: { trivyFormat: "json", fileName: "trivy.json" },
  table: { trivyFormat: "table", fileName: "trivy.txt" },
  cyclonedx: { trivyFormat: "cyclonedx", fileName: "trivy.cdx.json" },
  "spdx-json": { trivyFormat: "spdx-json", fileName: "trivy.spdx.json" },
};

export function reportFormat(format: string): {
  trivyFormat: string;
  fileName: string;
} {
  const found = formats[format];
  if (!found)
    throw new Error(
      `format must be one of ${Object.keys(formats).join(", ")}; got "${format}".`,
    );
  return found;
}
