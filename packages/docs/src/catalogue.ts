// Regenerates the toolchain catalogue in the root README from every toolchain's API.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { introspect } from "@toolchains/testkit";
import { renderCatalogue } from "./readme.ts";

const root = join(import.meta.dirname, "../../..");
const names = readdirSync(join(root, "toolchains")).filter((n) =>
  existsSync(join(root, "toolchains", n, "dagger.json")),
);
const apis = await Promise.all(
  names.map((n) => introspect(join(root, "toolchains", n))),
);
const file = join(root, "README.md");
const before = readFileSync(file, "utf8");
const after = renderCatalogue(before, apis, file);
if (after !== before) writeFileSync(file, after);
console.log(`${file}: ${after === before ? "up to date" : "updated"}`);
