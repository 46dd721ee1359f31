// eslint: lint and fix on each corpus project that lists them, against the project's
// own ESLint run directly after `npm ci`. One Host and one set of installs for the file.
import { afterAll, describe, test } from "vitest";
import { loadCorpus, projectsFor } from "../../src/corpus.ts";
import { eslintTool, NodeInstalls } from "../../src/oracle/node.ts";
import { nodeHost, nodeToolchain } from "../../src/toolchain/node.ts";
import { scratch } from "../../src/tree.ts";
import { differential } from "./suite.ts";

const host = nodeHost();
const root = scratch("eslint");
const installs = new NodeInstalls(root.dir);
afterAll(() => {
  host.dispose();
  root.remove();
});

describe.each(projectsFor(loadCorpus(), "eslint"))("$id", (p) => {
  test.each(p.toolchains.eslint!)("eslint:%s", (fn) =>
    differential(p, "eslint", fn, {
      toolchain: () => nodeToolchain("eslint", p, fn, host),
      tool: (work) => eslintTool(p, fn, installs, work),
    }),
  );
});
