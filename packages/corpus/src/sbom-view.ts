// What a user depends on in a CycloneDX SBOM, as text both sides can be compared by:
// the root, each component and each dependency edge. Left out: what trivy makes up
// each run (serial number, timestamp, random bom-refs for components without a
// package URL), which the toolchain replaces by design to make the file stable.

interface Component {
  "bom-ref"?: string;
  type?: string;
  name?: string;
  version?: string;
  purl?: string;
  components?: Component[];
}
interface Bom {
  metadata?: { component?: Component };
  components?: Component[];
  dependencies?: { ref: string; dependsOn?: string[] }[];
}

const describe = (c: Component) =>
  [c.type, c.name, c.version, c.purl].filter(Boolean).join(" ");

export function sbomView(text: string): string {
  const bom = JSON.parse(text) as Bom;
  const byRef = new Map<string, string>();
  const lines: string[] = [];
  const visit = (c: Component, kind: string) => {
    if (c["bom-ref"]) byRef.set(c["bom-ref"], describe(c));
    lines.push(`${kind} ${describe(c)}`);
    for (const child of c.components ?? []) visit(child, "component");
  };
  if (bom.metadata?.component) visit(bom.metadata.component, "root");
  for (const c of bom.components ?? []) visit(c, "component");
  for (const d of bom.dependencies ?? [])
    for (const on of d.dependsOn ?? [])
      lines.push(`edge ${byRef.get(d.ref) ?? d.ref} -> ${byRef.get(on) ?? on}`);
  return `${lines.sort().join("\n")}\n`;
}
