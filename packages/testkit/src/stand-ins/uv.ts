// The uv image's stand-in: the host's uv, as .ci/setup installs it.
import { join } from "node:path";
import type { StandIn } from "../engine/images.ts";
import { setupFolder } from "./setup.ts";

/**
 * The distroless uv image (ghcr.io/astral-sh/uv): `/uv` and `/uvx` are the host's uv
 * from `$TOOLCHAINS_TOOLS/bin`, at the version .ci/versions.sh pins to the image's.
 */
export function uvImage(): StandIn {
  const bin = join(setupFolder("TOOLCHAINS_TOOLS"), "bin");
  return {
    image: /(^|\/)astral-sh\/uv[:@]/,
    files: { "/uv": join(bin, "uv"), "/uvx": join(bin, "uvx") },
  };
}
