// Module processes are the tests' heaviest work, and turbo runs several packages' tests
// side by side, so at most one per core runs at a time across every process on the
// machine: a slot is a folder made atomically under the temp dir, holding its owner's
// pid so a slot left by a killed process is taken back.
import { availableParallelism, tmpdir } from "node:os";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const slotsDir = join(tmpdir(), "testkit-slots");

/** How many module processes may run at once: TESTKIT_PROCESSES, else the core count. */
export function slotCount(): number {
  const set = Number.parseInt(process.env.TESTKIT_PROCESSES ?? "", 10);
  return set > 0 ? set : availableParallelism();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function tryTake(slot: string): boolean {
  try {
    mkdirSync(slot);
  } catch {
    let owner: number;
    try {
      owner = Number(readFileSync(join(slot, "pid"), "utf8"));
    } catch {
      return false; // being taken right now
    }
    if (!owner || alive(owner)) return false;
    rmSync(slot, { recursive: true, force: true });
    return false;
  }
  writeFileSync(join(slot, "pid"), String(process.pid));
  return true;
}

/** Runs `work` once a slot is free. */
export async function inSlot<T>(work: () => Promise<T>): Promise<T> {
  mkdirSync(slotsDir, { recursive: true });
  const slots = Array.from({ length: slotCount() }, (_, i) =>
    join(slotsDir, String(i)),
  );
  for (;;) {
    const slot = slots.find(tryTake);
    if (slot) {
      try {
        return await work();
      } finally {
        rmSync(slot, { recursive: true, force: true });
      }
    }
    await sleep(100 + Math.random() * 100);
  }
}
