// Shared by every package: pipeline tests start a module process per call, and
// executed ones run the tools, so tests get minutes, not the default seconds. Module
// processes are bounded to one per core across the machine (testkit's slots), so more
// concurrent tests than cores would only queue, and a queued test's clock runs.
import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

const cores = availableParallelism();

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 900_000,
    hookTimeout: 900_000,
    maxConcurrency: cores,
    maxWorkers: cores,
  },
});
