import { defineConfig, mergeConfig } from "vitest/config";
import base from "../../vitest.config.base.ts";

// A real engine pulls images and installs tools: each case gets up to 15 minutes.
export default mergeConfig(
  base,
  defineConfig({ test: { testTimeout: 900_000 } }),
);
