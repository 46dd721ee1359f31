// Toolchain modules cannot import across folders at run time (only the module's own
// directory reaches the runtime), so shared source is copied into each toolchain that
// lists it under "sharedSources" in its package.json.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const root = join(import.meta.dirname, "..");
export const sharedDir = join(root, "packages/shared/src");

export const header = (file: string) =>
  `// Copied from packages/shared/src/${file} by \`npm run sync-shared\`: edit it there.\n`;

export interface SharedCopy {
  source: string;
  target: string;
  /** What the copy must hold. */
  expected: string;
}

export function sharedCopies(): SharedCopy[] {
  const toolchains = join(root, "toolchains");
  if (!existsSync(toolchains)) return [];
  return readdirSync(toolchains).flatMap((name) => {
    const manifest = join(toolchains, name, "package.json");
    if (!existsSync(manifest)) return [];
    const files: string[] =
      JSON.parse(readFileSync(manifest, "utf8")).sharedSources ?? [];
    return files.map((file) => ({
      source: join(sharedDir, file),
      target: join(toolchains, name, "src/shared", file),
      expected: header(file) + readFileSync(join(sharedDir, file), "utf8"),
    }));
  });
}
