// A Go project's modules in the go-mod seed that every Go project shares (one machine's
// module cache): every module its packages and tests import, fetched
// through the Go module proxy (the setup's own module cache first), then checked by
// loading every package with tests and no network, as golangci-lint will.
import { join } from "node:path";
import type { Project } from "../corpus.ts";
import { projectDir, seedsDir } from "../paths.ts";
import { offline, run, withScratchCopy } from "./run.ts";

export const goModules = (p: Project) => p.goModules ?? ["."];

export function seedGo(p: Project): void {
  const goHome =
    process.env.TOOLCHAINS_GO_HOME ||
    join(process.env.HOME ?? "/root", ".cache", "toolchains-go");
  const env = {
    GOMODCACHE: join(seedsDir(), "go-mod"),
    GOPATH: goHome,
    GOCACHE: join(goHome, "build"),
    // The checksum DB is not reachable here; each go.sum pins what it lists.
    GOSUMDB: "off",
    GOFLAGS: "-mod=mod",
    // The host's Go, as the golang image stand-in's; a newer go line would need its
    // toolchain in the seed too.
    GOTOOLCHAIN: "local",
    GOENV: "off",
  };
  withScratchCopy(projectDir(p), (dir) => {
    for (const module of goModules(p))
      run(["go", "mod", "download"], {
        cwd: join(dir, module),
        env: {
          ...env,
          GOPROXY: `file://${goHome}/mod/cache/download,https://proxy.golang.org`,
        },
      });
    for (const module of goModules(p))
      offline(["go", "list", "-deps", "-test", "./..."], {
        cwd: join(dir, module),
        env: { ...env, GOPROXY: "off", GOFLAGS: "" },
      });
  });
}
