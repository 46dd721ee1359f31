// The Node image's stand-in, laid out by .ci/node-image.sh.
import type { StandIn } from "../engine/images.ts";
import { setupFolder } from "./setup.ts";

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
