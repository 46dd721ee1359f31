// Where the Dagger TypeScript SDK keeps the parts the testkit drives: its real module
// entrypoint and static introspector (hidden by the package's exports map, so reached
// by file path) and the generated API client the introspector resolves types against.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, extname, join } from "node:path";

const require = createRequire(import.meta.url);
// The main export is dist/src/index.js; the package root is two levels up.
const sdkRoot = join(dirname(require.resolve("@dagger.io/dagger")), "../..");

export const sdkVersion: string = JSON.parse(
  readFileSync(join(sdkRoot, "package.json"), "utf8"),
).version;
export const entrypointPath = join(
  sdkRoot,
  "dist/src/module/entrypoint/entrypoint.js",
);
export const introspectorPath = join(
  sdkRoot,
  "dist/src/module/introspector/index.js",
);

/**
 * The introspector only resolves core types (Directory, Container, ...) declared in a
 * file whose name ends in `client.gen.ts`, as the runtime's generated `sdk/` has it.
 * The npm package ships the same declarations as `client.gen.d.ts`; a copy under the
 * expected name stands in for the generated one.
 */
export function generatedClientPath(): string {
  const dir = join(tmpdir(), `toolchains-testkit-sdk-${sdkVersion}`);
  const target = join(dir, "client.gen.ts");
  if (!existsSync(target)) {
    mkdirSync(dir, { recursive: true });
    const staged = `${target}.${process.pid}`;
    copyFileSync(join(sdkRoot, "dist/src/api/client.gen.d.ts"), staged);
    copyFileSync(staged, target);
  }
  return target;
}

/** The files the runtime passes to the entrypoint: every .ts/.mts under src/, and the client. */
export function moduleFiles(moduleDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if ([".ts", ".mts"].includes(extname(name))) found.push(path);
    }
  };
  walk(join(moduleDir, "src"));
  return [...found, generatedClientPath()];
}
