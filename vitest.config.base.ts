// Shared by every package: recorded pipelines start a module process per call, and
// real-tool tests run the tools, so tests get minutes, not the default seconds.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
