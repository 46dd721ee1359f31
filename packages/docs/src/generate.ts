// Regenerates the README of the toolchain in the current directory (`npm run docs` at
// the root runs it in every toolchain through turbo).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { introspect } from "@toolchains/testkit";
import { renderReadme } from "./readme.ts";

const dir = process.cwd();
const file = join(dir, "README.md");
const before = readFileSync(file, "utf8");
const after = renderReadme(before, await introspect(dir), file);
if (after !== before) writeFileSync(file, after);
console.log(`${file}: ${after === before ? "up to date" : "updated"}`);
