// Host tools standing in for the images the toolchains run, laid out by .ci/setup.
import { existsSync } from "node:fs";
import type { StandIn } from "./engine/images.ts";

function setupFolder(variable: string): string {
  const dir = process.env[variable];
  if (!dir || !existsSync(dir))
    throw new Error(
      `testkit: $${variable} names no folder; run \`source .ci/setup\` from the repository root first`,
    );
  return dir;
}

/**
 * The official Node images (node:24-alpine and kin): /usr/local holds node, npm, npx,
 * corepack and Yarn 1, and npm's global prefix is /usr/local, as in the image.
 */
export function nodeImage(): StandIn {
  return {
    image: /(^|\/)node[:@]/,
    binds: { "/usr/local": setupFolder("TOOLCHAINS_NODE_IMAGE") },
    env: { npm_config_prefix: "/usr/local" },
  };
}
