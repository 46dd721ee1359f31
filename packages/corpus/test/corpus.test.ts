// The corpus list: valid as committed, and what the check refuses.
import { describe, expect, test } from "vitest";
import {
  corpusProblems,
  loadCorpus,
  type Corpus,
  type Project,
} from "../src/corpus.ts";

const project = (more: Partial<Project> = {}): Project => ({
  id: "demo",
  source: {
    registry: "npm",
    package: "demo",
    version: "1.0.0",
    sha256: "a".repeat(64),
  },
  toolchains: { prettier: ["check"] },
  why: "A case.",
  ...more,
});
const problems = (...projects: Project[]) =>
  corpusProblems({ projects } as Corpus);

describe("corpus.json", () => {
  test("is valid, with projects for every toolchain it names", () => {
    const corpus = loadCorpus();
    expect(corpus.projects.length).toBeGreaterThan(0);
  });

  test("a reason, a hash, known toolchains and functions, one id each", () => {
    expect(problems(project())).toEqual([]);
    expect(problems(project(), project())).toEqual([
      "project demo: id used twice",
    ]);
    expect(
      problems(
        project({
          id: "Demo",
          why: " ",
          source: { registry: "npm", package: "d", version: "1", sha256: "x" },
          toolchains: { prettier: ["lint"] },
        }),
      ),
    ).toEqual([
      "project Demo: id must be lower-case letters, digits, . and -",
      "project Demo: sha256 must be 64 hex digits",
      "project Demo: say why it is in the corpus",
      "project Demo: prettier has no compared function lint",
    ]);
  });

  test("a listed difference names a function that runs, and says why", () => {
    expect(
      problems(
        project({
          differences: [
            { function: "eslint:lint", reason: "", kind: "intended", diff: {} },
          ],
        }),
      ),
    ).toEqual([
      "project demo: difference for eslint:lint, which is not run",
      "project demo: difference for eslint:lint needs a reason",
    ]);
  });
});
