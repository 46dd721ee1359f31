// The wheelhouse .ci/setup fills ($TOOLCHAINS_WHEELS, with a PEP 503 simple/ index in
// it), served on loopback for installers that only take an index (pip, PDM, and Poetry
// through the poetry fixture's own source). Steps that run on the host share its
// network, so they reach it with no other network at all.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join, normalize } from "node:path";
import { setupFolder } from "@toolchains/testkit";

/** The port the poetry fixture's source names (its lock records it). */
export const wheelhousePort = 47901;
export const wheelhouseIndex = `http://127.0.0.1:${wheelhousePort}/simple/`;

export async function serveWheelhouse(): Promise<Server> {
  const root = setupFolder("TOOLCHAINS_WHEELS");
  if (!existsSync(join(root, "simple", "index.html")))
    throw new Error(
      `${root} has no simple/ index; run \`source .ci/setup\` from the repository root`,
    );
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(req.url!.split("?")[0]!));
    let file = join(root, path);
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    if (statSync(file).isDirectory()) file = join(file, "index.html");
    res.writeHead(200, {
      "content-type": file.endsWith(".html")
        ? "text/html"
        : "application/octet-stream",
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(wheelhousePort, "127.0.0.1", done);
  });
  return server;
}
