// Each toolchain carries its own copy of the shared source; a copy that drifted from
// packages/shared would ship different behaviour under the same name.
import { existsSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import { expect, test } from "vitest";
import { root, sharedCopies } from "../../../scripts/shared-sources.ts";

const copies = sharedCopies();

test("at least one toolchain uses the shared Node project logic", () => {
  expect(copies.map((c) => relative(root, c.target))).toContain(
    "toolchains/prettier/src/shared/node-project.ts",
  );
});

test.each(copies.map((c) => [relative(root, c.target), c] as const))(
  "%s matches packages/shared (run `npm run sync-shared`)",
  (_, copy) => {
    expect(existsSync(copy.target)).toBe(true);
    expect(readFileSync(copy.target, "utf8")).toBe(copy.expected);
  },
);
