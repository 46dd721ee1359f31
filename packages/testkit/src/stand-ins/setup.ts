// Where .ci/setup put the host tools that stand in for images.
import { existsSync } from "node:fs";

/** The folder a setup variable names; a clear error when setup has not run. */
export function setupFolder(variable: string): string {
  const dir = process.env[variable];
  if (!dir || !existsSync(dir))
    throw new Error(
      `testkit: $${variable} names no folder; run \`source .ci/setup\` from the repository root first`,
    );
  return dir;
}
