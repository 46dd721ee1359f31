// Downloads a project's archive from its registry into the corpus cache and checks it
// against the pinned sha256; an archive already there is checked, not fetched again.
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { dirname } from "node:path";
import type { Source } from "../corpus.ts";
import { archiveFile, archiveUrl } from "../paths.ts";

export const sha256 = (bytes: Uint8Array) =>
  createHash("sha256").update(bytes).digest("hex");

/** The archive's path once it is there and matches its pin. */
export async function fetchVerified(source: Source): Promise<string> {
  const file = archiveFile(source);
  if (existsSync(file) && sha256(readFileSync(file)) === source.sha256)
    return file;
  const url = archiveUrl(source);
  const response = await fetch(url);
  if (!response.ok)
    throw new Error(
      `corpus: ${url} answered ${response.status} ${response.statusText}`,
    );
  const bytes = new Uint8Array(await response.arrayBuffer());
  const got = sha256(bytes);
  if (got !== source.sha256)
    throw new Error(
      `corpus: ${url} has sha256 ${got}, but corpus.json pins ${source.sha256}. ` +
        "The registry serves other bytes than when the project was added: check why before changing the pin.",
    );
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.part`, bytes);
  renameSync(`${file}.part`, file);
  return file;
}
