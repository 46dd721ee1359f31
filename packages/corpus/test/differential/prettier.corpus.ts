// prettier: check and write on each corpus project that lists them, against the
// project's own prettier (or the toolchain's pinned one when it has none) run directly
// after `npm ci`. One Host and one set of installs for the file.
import { afterAll, describe, test } from "vitest";
import { loadCorpus, projectsFor } from "../../src/corpus.ts";
import { NodeInstalls, prettierTool } from "../../src/oracle/node.ts";
import { nodeHost, nodeToolchain } from "../../src/toolchain/node.ts";
import { scratch } from "../../src/tree.ts";
import { differential } from "./suite.ts";

const host = nodeHost();
const root = scratch("prettier");
const installs = new NodeInstalls(root.dir);
afterAll(() => {
  host.dispose();
  root.remove();
});

describe.each(projectsFor(loadCorpus(), "prettier"))("$id", (p) => {
  test.each(p.toolchains.prettier!)("prettier:%s", (fn) =>
    differential(p, "prettier", fn, {
      toolchain: () => nodeToolchain("prettier", p, fn, host),
      tool: () => prettierTool(p, fn, installs),
    }),
  );
});
