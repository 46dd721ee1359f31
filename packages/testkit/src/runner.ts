// Runs in a child process, as the module runtime does: imports the SDK's real
// entrypoint and hands it the module's files once per function call the session
// answers. The entrypoint exits the process itself when a function fails.
import { pathToFileURL } from "node:url";

const { entrypoint, files, calls } = JSON.parse(
  process.env.TESTKIT_RUNNER ?? "{}",
) as {
  entrypoint: string;
  files: string[];
  calls: number;
};
const sdk = (await import(pathToFileURL(entrypoint).href)) as {
  entrypoint(files: string[]): Promise<void>;
};
for (let call = 0; call < calls; call++) await sdk.entrypoint(files);
