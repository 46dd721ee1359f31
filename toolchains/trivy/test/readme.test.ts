// The README's customizations example must name settings that exist, with values of
// their type, so a team can copy it.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { moduleApi } from "@toolchains/testkit";

const module = fileURLToPath(new URL("..", import.meta.url));

test("the customizations example sets existing constructor arguments", async () => {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const example = readme.slice(
    readme.indexOf("### Customizing from dagger.json"),
  );
  const json = example
    .slice(example.indexOf("{"), example.indexOf("\n## "))
    .trim();
  const config = JSON.parse(json);
  const { main } = await moduleApi(module);
  const args = new Map(main.constructorArgs.map((a) => [a.name, a.type]));
  for (const c of config.toolchains[0].customizations) {
    expect(args.has(c.argument)).toBe(true);
    if (args.get(c.argument) === "String[]")
      expect(JSON.parse(c.default)).toBeInstanceOf(Array);
    if (args.get(c.argument) === "Integer") expect(c.default).toMatch(/^\d+$/);
  }
});
