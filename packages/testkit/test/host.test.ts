// Executed pipelines: the sample module's steps run for real on this machine.
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import { call, Host, type HostOptions } from "../src/index.ts";

const module = fileURLToPath(
  new URL("./fixtures/sample-module", import.meta.url),
);
const repo = fileURLToPath(new URL("./fixtures/repo", import.meta.url));

const why = Host.unavailable();
if (why) throw new Error(why);
const host = new Host({ timeoutMs: 20_000 });
afterAll(() => host.dispose());

/** Runs `use` with a Host of its own, disposed after it. */
async function withHost(
  options: HostOptions,
  use: (host: Host) => Promise<void>,
): Promise<void> {
  const own = new Host(options);
  try {
    await use(own);
  } finally {
    own.dispose();
  }
}

describe.concurrent("executed pipelines", () => {
  test("a step sees what the pipeline placed, with its env, workdir and mounts", async () => {
    const r = await call({
      module,
      repo,
      host,
      function: "output",
      args: {
        script:
          'pwd; ls; cat package.json; echo "$GREETING"; test -d /scratch && echo temp; ls /src/build 2>&1 | head -1',
      },
    });
    expect(r.error).toBeUndefined();
    expect(r.returned).toBe(
      '/src\npackage.json\npackages\nsrc\n{"name":"repo"}\nhello\ntemp\nls: cannot access \'/src/build\': No such file or directory\n',
    );
    expect(r.execs[0]!.durationMs).toBeGreaterThanOrEqual(0);
  });

  test("what a step writes in the mounted source comes back as the changeset", async () => {
    const r = await call({
      module,
      repo,
      host,
      function: "scripted",
      args: {
        script:
          "echo 'export const a = 2;' > src/a.ts && printf '\\000\\001' > bin.dat && printf '#!/bin/sh\\n' > run.sh && chmod 755 run.sh && ln -s src/a.ts link && rm package.json",
      },
    });
    expect(r.changeset).toMatchObject({
      added: ["bin.dat", "link", "run.sh"],
      modified: ["src/a.ts"],
      removed: ["package.json"],
    });
    expect(r.changeset!.modes["run.sh"]).toBe(0o755);
    expect(r.changeset!.patch).toContain(
      "diff --git a/bin.dat b/bin.dat\nnew file mode 100644\nBinary files /dev/null and b/bin.dat differ\n",
    );
    expect(r.changeset!.patch).toContain(
      "diff --git a/link b/link\nnew file mode 120000\n--- /dev/null\n+++ b/link\n@@ -0,0 +1 @@\n+src/a.ts\n\\ No newline at end of file\n",
    );
    expect(r.changeset!.patch).toContain("new file mode 100755");
  });

  test("writes into the image's folders are captured for the next step, removals too, never on the host", async () => {
    const r = await call({ module, repo, host, function: "layered" });
    expect(r.error).toBeUndefined();
    const lines = (r.returned as string).split("\n");
    expect(lines.slice(0, 2)).toEqual(["tool ran", "hostname removed"]);
    expect(lines[2]).toMatch(/^\/opt\/tools:\/usr\/local\/sbin:/);
    expect(readdirSync("/opt")).not.toContain("tools");
  });

  test("files keep their bytes and mode", async () => {
    const r = await call({
      module,
      repo,
      host,
      function: "produced",
      args: {
        script: "printf '\\377\\000' > blob && chmod 700 blob",
        path: "blob",
      },
    });
    expect([...r.fileBytes!]).toEqual([255, 0]);
  });

  test("a step has no network but loopback", async () => {
    const r = await call({
      module,
      repo,
      host,
      function: "output",
      args: { script: "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '" },
    });
    expect(r.returned).toBe("lo\n");
  });

  test("a secret reaches the step as a variable and a file", async () => {
    const r = await call({
      module,
      repo,
      host,
      function: "withToken",
      args: {
        script: 'echo "$TOKEN"; cat /run/secrets/token',
        token: "s3cret",
      },
    });
    expect(r.returned).toBe("s3cret\ns3cret");
    expect(r.execs[0]!.secretEnv).toEqual({ TOKEN: "token" });
  });

  test("a failing step fails the function with the engine's message and its output", async () => {
    const r = await call({
      module,
      repo,
      host,
      function: "output",
      args: { script: "echo broken >&2; exit 3" },
    });
    expect(r.error).toBe(
      'process "sh -c echo broken >&2; exit 3" did not complete successfully: exit code: 3',
    );
    expect(r.execs[0]!.stderr).toBe("broken\n");
  });

  test("a scripted exec still answers instead of running", async () => {
    const r = await call({
      module,
      repo,
      host,
      function: "output",
      args: { script: "exit 9" },
      exec: (e) => {
        expect(e.mounts["/cache"]).toEqual({
          type: "cache",
          volume: "sample-cache",
          sharing: "SHARED",
        });
        return { stdout: "scripted" };
      },
    });
    expect(r.returned).toBe("scripted");
  });
});

test("cache volumes persist across calls on one host, seeded on first use", async () => {
  const seeds = mkdtempSync(join(tmpdir(), "testkit-seeds-"));
  writeFileSync(join(seeds, "placeholder"), "");
  await withHost({ seeds }, async (seeded) => {
    // Seeded after the Host exists: the copy is made when the volume is first used.
    mkdirSync(join(seeds, "sample-cache"));
    writeFileSync(join(seeds, "sample-cache", "seed.txt"), "from seed\n");
    chmodSync(join(seeds, "sample-cache", "seed.txt"), 0o644);
    const first = await call({
      module,
      repo,
      host: seeded,
      function: "output",
      args: {
        script:
          "cat /cache/seed.txt; echo run >> /cache/runs; wc -l < /cache/runs",
      },
    });
    const second = await call({
      module,
      repo,
      host: seeded,
      function: "output",
      args: { script: "echo run >> /cache/runs; wc -l < /cache/runs" },
    });
    expect(first.returned).toBe("from seed\n1\n");
    expect(second.returned).toBe("2\n");
  });
});

test("a step that outlives its timeout is killed and says so", async () => {
  await withHost({ timeoutMs: 500 }, async (quick) => {
    const r = await call({
      module,
      repo,
      host: quick,
      function: "output",
      args: { script: "sleep 30" },
    });
    expect(r.error).toContain("did not complete successfully");
    expect(r.execs[0]!.stderr).toContain(
      "ran longer than 0.5 s and was killed",
    );
  });
});

test("the same step on one host runs once, as on one engine; a changed input runs again", async () => {
  await withHost({}, async (memo) => {
    const script = "echo run >> /cache/runs; wc -l < /cache/runs";
    const first = await call({
      module,
      repo,
      host: memo,
      function: "output",
      args: { script },
    });
    const again = await call({
      module,
      repo,
      host: memo,
      function: "output",
      args: { script },
    });
    const changed = await call({
      module,
      repo,
      host: memo,
      function: "output",
      args: { script: `${script} # changed` },
    });
    expect([first.returned, again.returned, changed.returned]).toEqual([
      "1\n",
      "1\n",
      "2\n",
    ]);
    expect(first.execs[0]!.cached).toBeUndefined();
    expect(again.execs[0]!.cached).toBe(true);
    expect(again.execs[0]!.durationMs).toBeUndefined();
    expect(changed.execs[0]!.cached).toBeUndefined();
  });
});
