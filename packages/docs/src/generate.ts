// Regenerates the README of the toolchain in the current directory (`npm run docs` at
// the root runs it in every toolchain through turbo): its function and settings tables,
// and the version in every install line and example.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { introspect } from "@toolchains/testkit";
import { renderReadme } from "./readme.ts";
import { modulePrefix, pinVersions, toolchainVersions } from "./versions.ts";

const dir = process.cwd();
const root = join(dir, "../..");
const file = join(dir, "README.md");
const before = readFileSync(file, "utf8");
const after = pinVersions(
  renderReadme(before, await introspect(dir), file),
  toolchainVersions(root),
  modulePrefix(root),
);
if (after !== before) writeFileSync(file, after);
console.log(`${file}: ${after === before ? "up to date" : "updated"}`);
