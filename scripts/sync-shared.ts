// Writes the shared sources into every toolchain that lists them.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { root, sharedCopies } from "./shared-sources.ts";

for (const copy of sharedCopies()) {
  mkdirSync(dirname(copy.target), { recursive: true });
  writeFileSync(copy.target, copy.expected);
  console.log(`wrote ${relative(root, copy.target)}`);
}
