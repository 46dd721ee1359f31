// The differential suite (`npm run test:corpus`): every corpus project through each
// toolchain and its tool. Its global setup gathers the verdicts of every file and
// writes docs/corpus.md once they have all run. Not mergeConfig: it would add the
// unit tests' include to this one.
import { defineConfig } from "vitest/config";
import base from "../../vitest.config.base.ts";

export default defineConfig({
  test: {
    ...base.test,
    include: ["test/differential/*.corpus.ts"],
    globalSetup: ["test/differential/global-setup.ts"],
  },
});
