// Facts about Dagger v0.21's TypeScript SDK that shape how toolchains are written,
// checked against the SDK's own introspector and entrypoint.
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { call, introspect } from "../src/index.ts";

const repo = fileURLToPath(new URL("./fixtures/repo", import.meta.url));

// Why every toolchain declares each setting as a field and a constructor parameter:
// the introspector registers parameter properties as arguments, but only property
// declarations become the object's state, so the entrypoint cannot return the object.
test("constructor parameter properties register but cannot be returned", async () => {
  const module = fileURLToPath(
    new URL("./fixtures/parameter-properties", import.meta.url),
  );
  const api = await introspect(module);
  expect(api.main.constructorArgs).toMatchObject([
    { name: "greeting", type: "String", defaultValue: "hello" },
  ]);
  const r = await call({ module, repo, function: "say" });
  expect(r.returned).toBeUndefined();
  expect(r.error).toContain("could not find result property greeting");
});
