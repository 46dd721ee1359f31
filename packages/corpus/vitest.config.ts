// The unit tests only: the differential suite runs with vitest.corpus.config.ts.
export { default } from "../../vitest.config.base.ts";
