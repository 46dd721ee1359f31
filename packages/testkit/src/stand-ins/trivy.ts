// The trivy image's stand-in: the trivy that .ci/setup builds.
import type { StandIn } from "../engine/images.ts";
import { setupTool, toolFolder } from "./tools.ts";

/** aquasec/trivy (entrypoint trivy): trivy in /usr/local/bin, as in the image. */
export function trivyImage(): StandIn {
  return {
    image: /(^|\/)aquasec\/trivy[:@]|(^|\/)trivy[:@]/,
    binds: { "/usr/local/bin": toolFolder([setupTool("trivy")]) },
  };
}
