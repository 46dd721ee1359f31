// The Host's layers: what a step changes is read back from its upper layer alone, and
// the next step sees exactly the tree the pipeline holds (removals, folders made anew).
import { afterAll, expect, test } from "vitest";
import {
  emptyContainer,
  type ContainerState,
} from "../src/engine/container.ts";
import { Host } from "../src/engine/host.ts";
import {
  files,
  fromText,
  text,
  withFile,
  fileNode,
} from "../src/engine/tree.ts";

const why = Host.unavailable();
if (why) throw new Error(why);
const host = new Host({ timeoutMs: 20_000 });
afterAll(() => host.dispose());

/** Runs a shell script in /src and returns the container after it, with its output. */
async function step(st: ContainerState, script: string) {
  const r = await host.run(st, ["sh", "-c", script]);
  expect(r.exitCode, r.stderr).toBe(0);
  const next = {
    ...st,
    rootfs: r.rootfs,
    mounts: r.mounts,
    removedFromImage: r.removedFromImage,
  };
  return { st: next, stdout: r.stdout };
}

const start: ContainerState = {
  ...emptyContainer,
  workdir: "/src",
  rootfs: fromText({
    "src/keep.txt": "kept\n",
    "src/out/old.txt": "old\n",
    "src/gone.txt": "gone\n",
  }),
};

test("a step that only reads changes nothing: every file keeps its node, unread", async () => {
  const { st, stdout } = await step(start, "cat keep.txt");
  expect(stdout).toBe("kept\n");
  for (const path of files(start.rootfs))
    expect(st.rootfs.get(path)).toBe(start.rootfs.get(path));
});

test("a removed file and a folder removed and made anew come back as the step left them, and the next step sees that", async () => {
  const { st } = await step(
    start,
    "rm gone.txt && rm -rf out && mkdir out && echo new > out/new.txt",
  );
  expect(files(st.rootfs)).toEqual(["src/keep.txt", "src/out/new.txt"]);
  expect(text(st.rootfs.get("src/out/new.txt")!)).toBe("new\n");

  const next = await step(st, "find . -type f | sort");
  expect(next.stdout).toBe("./keep.txt\n./out/new.txt\n");
});

test("what the pipeline changes between steps reaches the next step over the earlier layers", async () => {
  const first = await step(start, "echo one > made.txt");
  const changed = {
    ...first.st,
    rootfs: withFile(first.st.rootfs, "src/keep.txt", fileNode("edited\n")),
  };
  const { stdout } = await step(changed, "cat keep.txt made.txt out/old.txt");
  expect(stdout).toBe("edited\none\nold\n");
});
