// Which golangci-lint binary can analyse the code: the official image when its Go covers
// the code's, else the same release built with the code's Go.
import { describe, expect, test } from "vitest";
import {
  normalizeRelease,
  officialImage,
  planTool,
} from "../src/go-version.ts";

describe("which golangci-lint binary", () => {
  test("the official image, by digest, when its Go covers the code's language version", () => {
    expect(planTool("v2.13.1", [1, 27, 5])).toEqual({
      kind: "official",
      image:
        "golangci/golangci-lint:v2.13.1@sha256:d371321370bf2907bd13a8f6f8baff0e0ca7438d76fdf636b281eadf7e2305e3",
    });
    expect(planTool("v2.13.1", undefined).kind).toBe("official");
    expect(officialImage("v2.14.0")).toBe("golangci/golangci-lint:v2.14.0");
  });

  test("a build with the code's Go when the official binary's Go is older", () => {
    expect(planTool("v2.13.1", [1, 28, 1])).toEqual({
      kind: "build",
      goToolchain: "go1.28.1+auto",
      release: "v2.13.1",
      target: "1.28.1",
      builtWith: "1.27",
    });
    // v2.12.x images carry Go 1.26: a go 1.27 module needs a build.
    expect(planTool("v2.12.2", [1, 27, 0]).kind).toBe("build");
    expect(planTool("v2.12.2", [1, 26, 9]).kind).toBe("official");
  });

  test("version is a v2 release, with or without the v", () => {
    expect(normalizeRelease("2.13.1")).toBe("v2.13.1");
    expect(() => normalizeRelease("v1.64.8")).toThrow(
      "This toolchain runs golangci-lint v2",
    );
    // --path-mode, which every run passes, exists from v2.1.0.
    expect(() => normalizeRelease("v2.0.2")).toThrow(
      "golangci-lint v2.0.2 has no --path-mode flag, which this toolchain needs to report paths from the repository root; it exists from v2.1.0.",
    );
    expect(normalizeRelease("v2.1.0")).toBe("v2.1.0");
    expect(() => normalizeRelease("latest")).toThrow(
      'version must be a golangci-lint release such as v2.13.1; got "latest".',
    );
  });
});
