// pytest: test on each corpus project that lists it, against pytest run directly in
// the environment the project's own lockfile and test setup describe. One Host and
// one uv cache for the file.
import { afterAll, describe, test } from "vitest";
import { loadCorpus, projectsFor } from "../../src/corpus.ts";
import { pytestTool } from "../../src/oracle/pytest.ts";
import { pytestHost, pytestToolchain } from "../../src/toolchain/pytest.ts";
import { scratch } from "../../src/tree.ts";
import { differential } from "./suite.ts";

const host = pytestHost();
const caches = scratch("pytest");
afterAll(() => {
  host.dispose();
  caches.remove();
});

describe.each(projectsFor(loadCorpus(), "pytest"))("$id", (p) => {
  test.each(p.toolchains.pytest!)("pytest:%s", (fn) =>
    differential(p, "pytest", fn, {
      toolchain: () => pytestToolchain(p, fn, host),
      tool: (work) => pytestTool(p, work, caches.dir),
    }),
  );
});
