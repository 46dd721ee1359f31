// The image stand-ins .ci/setup lays out: which addresses each one stands in for, and
// that what it puts in the image runs.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { expect, test } from "vitest";
import { nodeImage, pythonImage, uvImage } from "../src/index.ts";

test.each([
  [
    "python:3.13-slim@sha256:7c61056e61ac89e852de05f3dc6fa51a6dd2181797bceed46aa725dd7cb2cd3b",
    "python",
  ],
  ["docker.io/library/python:3.14.8-slim", "python"],
  [
    "ghcr.io/astral-sh/uv:0.13.0@sha256:cdc6093146eb3ff6a40107b38f008b789e050e77ad87865e381d9917da55a168",
    "uv",
  ],
  ["node:24-alpine", "node"],
  ["registry.example/pythonic:1", undefined],
])("%s is stood in for by the %s stand-in", (address, expected) => {
  const standIns = { python: pythonImage(), uv: uvImage(), node: nodeImage() };
  const found = Object.entries(standIns).find(([, s]) => s.image.test(address));
  expect(found?.[0]).toBe(expected);
});

test("the Python stand-in's /usr/local/bin/python3 runs, with venv and pip; uv's /uv runs", () => {
  const local = pythonImage().binds!["/usr/local"]!;
  const python = join(local, "bin", "python3");
  expect(
    execFileSync(
      python,
      ["-c", "import venv, ensurepip, sys; print(sys.version_info[:2])"],
      {
        encoding: "utf8",
      },
    ),
  ).toBe("(3, 11)\n");
  expect(
    execFileSync(uvImage().files!["/uv"]!, ["--version"], { encoding: "utf8" }),
  ).toMatch(/^uv 0\.13\.0 /);
});
