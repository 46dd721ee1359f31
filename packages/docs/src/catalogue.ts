// Regenerates the toolchain catalogue in the root README from every toolchain's API, and
// the version in every install line and example of the repository-level docs.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { introspect } from "@toolchains/testkit";
import { renderCatalogue } from "./readme.ts";
import {
  modulePrefix,
  pinVersions,
  repositoryDocs,
  toolchainVersions,
} from "./versions.ts";

const root = join(import.meta.dirname, "../../..");
const names = readdirSync(join(root, "toolchains")).filter((n) =>
  existsSync(join(root, "toolchains", n, "dagger.json")),
);
const apis = await Promise.all(
  names.map((n) => introspect(join(root, "toolchains", n))),
);
const versions = toolchainVersions(root);
const prefix = modulePrefix(root);

for (const doc of repositoryDocs(root)) {
  const file = join(root, doc);
  const before = readFileSync(file, "utf8");
  const rendered =
    doc === "README.md" ? renderCatalogue(before, apis, file) : before;
  const after = pinVersions(rendered, versions, prefix);
  if (after !== before) writeFileSync(file, after);
  console.log(`${file}: ${after === before ? "up to date" : "updated"}`);
}
