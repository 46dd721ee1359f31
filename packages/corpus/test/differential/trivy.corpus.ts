// trivy: every check and the SBOM on each corpus project that lists them, against
// `trivy fs` run directly. One Host for the file: the seeded DB, and trivy's scan cache
// shared between projects as on one engine.
import { afterAll, describe, test } from "vitest";
import { loadCorpus, projectsFor } from "../../src/corpus.ts";
import { trivyTool } from "../../src/oracle/trivy.ts";
import { trivyHost, trivyToolchain } from "../../src/toolchain/trivy.ts";
import { differential } from "./suite.ts";

const host = trivyHost();
afterAll(() => host.dispose());

describe.each(projectsFor(loadCorpus(), "trivy"))("$id", (p) => {
  test.each(p.toolchains.trivy!)("trivy:%s", (fn) =>
    differential(p, "trivy", fn, {
      toolchain: () => trivyToolchain(p, fn, host),
      tool: (work) => trivyTool(p, fn, work),
    }),
  );
});
