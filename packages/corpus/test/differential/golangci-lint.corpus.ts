// golangci-lint: lint, fmt and fix on each corpus project that lists them, against
// golangci-lint run directly in each of its modules. One Host for the file, as one
// engine, and one set of Go caches for the tool, as one machine.
import { afterAll, describe, test } from "vitest";
import { loadCorpus, projectsFor } from "../../src/corpus.ts";
import { golangciLintTool } from "../../src/oracle/golangci-lint.ts";
import {
  golangciLintHost,
  golangciLintToolchain,
} from "../../src/toolchain/golangci-lint.ts";
import { scratch } from "../../src/tree.ts";
import { differential } from "./suite.ts";

const host = golangciLintHost();
const caches = scratch("go");
afterAll(() => {
  host.dispose();
  caches.remove();
});

describe.each(projectsFor(loadCorpus(), "golangci-lint"))("$id", (p) => {
  test.each(p.toolchains["golangci-lint"]!)("golangci-lint:%s", (fn) =>
    differential(p, "golangci-lint", fn, {
      toolchain: () => golangciLintToolchain(p, fn, host),
      tool: (work) => golangciLintTool(p, fn, work, caches.dir),
    }),
  );
});
