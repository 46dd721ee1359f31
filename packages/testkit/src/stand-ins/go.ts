// The Go images' stand-ins: the host's Go and the golangci-lint that .ci/setup builds.
import { spawnSync } from "node:child_process";
import type { StandIn } from "../engine/images.ts";
import { emptyFolder, setupTool, toolFolder } from "./tools.ts";

function hostGoroot(): string {
  const r = spawnSync("go", ["env", "GOROOT"], { encoding: "utf8" });
  if (r.status !== 0 || !r.stdout.trim())
    throw new Error(`testkit: no Go on this host (go env GOROOT): ${r.stderr}`);
  return r.stdout.trim();
}

/**
 * The official golang images (golang:1.27 and kin): Go at /usr/local/go (the host's,
 * whose GOTOOLCHAIN switching reaches newer Go from the module cache), GOPATH /go, and
 * nothing in /usr/local/bin, where `go install` with GOBIN puts what it builds.
 */
export function golangImage(): StandIn {
  return {
    image: /(^|\/)golang[:@]/,
    binds: { "/usr/local/go": hostGoroot(), "/usr/local/bin": emptyFolder() },
  };
}

/**
 * golangci/golangci-lint:v2.x, a golang image with golangci-lint on PATH (the image has
 * it in /usr/bin; here it is /usr/local/bin, which the toolchain cannot tell apart):
 * the golangci-lint setup builds into $TOOLCHAINS_TOOLS/bin.
 */
export function golangciLintImage(): StandIn {
  return {
    image: /(^|\/)golangci\/golangci-lint[:@]/,
    binds: {
      "/usr/local/go": hostGoroot(),
      "/usr/local/bin": toolFolder([setupTool("golangci-lint")]),
    },
  };
}
