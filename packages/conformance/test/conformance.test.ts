// Every folder under toolchains/ is held to the conventions in CONTRIBUTING.md, through
// the SDK's own introspector and a registration through its real entrypoint.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";
import {
  call,
  introspect,
  register,
  type ArgumentApi,
  type ModuleApi,
} from "@toolchains/testkit";
import { sourceIgnore } from "@toolchains/shared/source-ignore";

const root = join(import.meta.dirname, "../../..");
const toolchainsDir = join(root, "toolchains");
const toolchains = readdirSync(toolchainsDir).filter((name) =>
  existsSync(join(toolchainsDir, name, "dagger.json")),
);

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** An argument the engine can fill without the user: optional, defaulted or contextual. */
const fillable = (a: ArgumentApi) =>
  a.optional || a.defaultValue !== undefined || a.defaultPath !== undefined;

test("there are toolchains to check", () => {
  expect(toolchains).toContain("prettier");
});

describe.each(toolchains)("toolchains/%s", (name) => {
  const dir = join(toolchainsDir, name);
  const json = (file: string) =>
    JSON.parse(readFileSync(join(dir, file), "utf8"));
  let api: Promise<ModuleApi> | undefined;
  const moduleApi = () => (api ??= introspect(dir));

  test("dagger.json: module name is the folder name, engine v0.21.x, TypeScript SDK", () => {
    const config = json("dagger.json");
    expect(config.name).toBe(name);
    expect(config.engineVersion).toMatch(/^v0\.21\.\d+$/);
    expect(config.sdk).toEqual({ source: "typescript" });
  });

  test("package.json: no runtime dependency but typescript 5.9.3, and no SDK from npm", () => {
    const pkg = json("package.json");
    expect(pkg.type).toBe("module");
    expect(pkg.private).toBe(true);
    expect(pkg.name).toBe(`@toolchains/${name}`);
    expect(pkg.dependencies).toEqual({ typescript: "5.9.3" });
    expect(pkg.devDependencies).toBeUndefined();
  });

  test("tsconfig.json and .gitignore are as the runtime expects", () => {
    const { compilerOptions } = json("tsconfig.json");
    expect(compilerOptions).toMatchObject({
      experimentalDecorators: true,
      moduleResolution: "Node",
      paths: {
        "@dagger.io/dagger": ["./sdk/index.ts"],
        "@dagger.io/dagger/telemetry": ["./sdk/telemetry.ts"],
      },
    });
    expect(readFileSync(join(dir, ".gitignore"), "utf8")).toContain("/sdk\n");
  });

  test("nothing test-like under src/ (the runtime imports every file there)", () => {
    const testLike = walk(join(dir, "src"))
      .map((f) => relative(dir, f))
      .filter((f) =>
        /(\.test\.|\.spec\.|__tests__|fixtures?\/|\.d\.ts$)/.test(f),
      );
    expect(testLike).toEqual([]);
  });

  test("constructible with no arguments, source a Directory from the repo root minus ignores", async () => {
    const { main } = await moduleApi();
    expect(
      main.constructorArgs.filter((a) => !fillable(a)).map((a) => a.name),
    ).toEqual([]);
    const source = main.constructorArgs.find((a) => a.name === "source");
    expect(source).toMatchObject({ type: "Directory", defaultPath: "/" });
    // One default list for every toolchain, from packages/shared/src/source-ignore.ts.
    expect(source?.ignore).toEqual(sourceIgnore);
  });

  test("constructs with no arguments through the SDK's real entrypoint", async () => {
    const repo = join(root, "packages/conformance/test/fixtures/empty-repo");
    const r = await call({ module: dir, repo });
    expect(r.error).toBeUndefined();
    expect(r.returned).toMatchObject({
      source: expect.stringMatching(/^testkit:Directory:/),
    });
  });

  test("at least one check and one generator; checks need no arguments; generators return a Changeset", async () => {
    const { main } = await moduleApi();
    const checks = main.functions.filter((f) => f.isCheck);
    const generators = main.functions.filter((f) => f.isGenerator);
    expect(checks.length).toBeGreaterThan(0);
    expect(generators.length).toBeGreaterThan(0);
    for (const f of [...checks, ...generators])
      expect(f.args.filter((a) => !fillable(a)).map((a) => a.name)).toEqual([]);
    for (const g of generators) expect(g.returnType).toBe("Changeset");
  });

  test("every @check and @generate in src/ is also a @func, so the engine sees it", async () => {
    const { main } = await moduleApi();
    const sources = walk(join(dir, "src"))
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    expect(main.functions.filter((f) => f.isCheck)).toHaveLength(
      sources.match(/@check\(\)/g)?.length ?? 0,
    );
    expect(main.functions.filter((f) => f.isGenerator)).toHaveLength(
      sources.match(/@generate\(\)/g)?.length ?? 0,
    );
  });

  test("every function and argument has a description", async () => {
    const { main } = await moduleApi();
    const missing = [
      ...main.constructorArgs
        .filter((a) => !a.description)
        .map((a) => `constructor argument ${a.name}`),
      ...main.functions
        .filter((f) => !f.description)
        .map((f) => `function ${f.name}`),
      ...main.functions.flatMap((f) =>
        f.args
          .filter((a) => !a.description)
          .map((a) => `${f.name} argument ${a.name}`),
      ),
    ];
    expect(missing).toEqual([]);
  });

  test("no default the engine cannot register", async () => {
    const { main } = await moduleApi();
    const args = [
      ...main.constructorArgs,
      ...main.functions.flatMap((f) => f.args),
    ];
    expect(args.filter((a) => a.unresolvedDefault).map((a) => a.name)).toEqual(
      [],
    );
  });

  test("registers through the SDK's real entrypoint with the introspected API", async () => {
    const { main } = await moduleApi();
    const objects = await register(dir);
    const registered = objects.find((o) => o.name === main.name)!;
    expect(
      registered.functions.map((f) => [f.name, f.check, f.generator]),
    ).toEqual(main.functions.map((f) => [f.name, f.isCheck, f.isGenerator]));
    // Scalar defaults are registered as such; a list default stays in TypeScript and the
    // engine sees an optional argument.
    expect(
      registered.constructorArgs.map((a) => [
        a.name,
        a.defaultValue,
        a.optional,
      ]),
    ).toEqual(
      main.constructorArgs.map((a) =>
        a.type.endsWith("[]")
          ? [a.name, undefined, true]
          : [a.name, a.defaultValue, a.optional],
      ),
    );
  });

  test("the README names every function and every constructor argument", async () => {
    const { main } = await moduleApi();
    const readme = readFileSync(join(dir, "README.md"), "utf8");
    const names = [
      ...main.functions.map((f) => f.name),
      ...main.constructorArgs.map((a) => a.name),
    ];
    expect(names.filter((n) => !readme.includes(`\`${n}\``))).toEqual([]);
  });
});
