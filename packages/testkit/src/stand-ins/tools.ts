// A folder holding only the host tools an image stand-in puts on PATH.
import {
  existsSync,
  copyFileSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { setupFolder } from "./setup.ts";

/** A setup-built binary in `$TOOLCHAINS_TOOLS/bin`. */
export function setupTool(name: string): string {
  const path = join(setupFolder("TOOLCHAINS_TOOLS"), "bin", name);
  if (!existsSync(path))
    throw new Error(
      `testkit: ${path} is missing; run \`source .ci/setup\` from the repository root first`,
    );
  return path;
}

/**
 * A folder with exactly these binaries (hard links, copies across file systems), to
 * bind where the image keeps them. Kept per binary version, so test runs share it.
 */
export function toolFolder(binaries: readonly string[]): string {
  const id = binaries
    .map((b) => {
      const s = statSync(b);
      return `${basename(b)}-${s.ino}-${Math.floor(s.mtimeMs)}`;
    })
    .join("_");
  const dir = join(tmpdir(), `testkit-tools-${id}`);
  if (existsSync(dir)) return dir;
  const scratch = mkdtempSync(`${dir}.`);
  for (const b of binaries) {
    const to = join(scratch, basename(b));
    try {
      linkSync(b, to);
    } catch {
      copyFileSync(b, to);
    }
  }
  try {
    renameSync(scratch, dir);
  } catch {
    rmSync(scratch, { recursive: true, force: true }); // another process made it
  }
  return dir;
}

/** An empty folder, to hide a host folder the image does not have. */
export function emptyFolder(): string {
  const dir = join(tmpdir(), "testkit-empty");
  mkdirSync(dir, { recursive: true });
  return dir;
}
