// Which golangci-lint binary can analyse the project. golangci-lint refuses code whose
// Go version (the `toolchain` directive, else `go`) is newer than the Go it was built
// with ("the Go language version ... used to build golangci-lint is lower than the
// targeted Go version"), so the toolchain picks the official image when its Go is new
// enough and otherwise builds the same golangci-lint release with a newer Go.
import { ProjectError } from "./shared/text.js";

/** Official image digests (multi-arch index), from pins in public repositories. */
const imageDigests: Record<string, string> = {
  "v2.13.1":
    "sha256:d371321370bf2907bd13a8f6f8baff0e0ca7438d76fdf636b281eadf7e2305e3",
  "v2.13.0":
    "sha256:8bd3a16a42f03207464b9f7cf3f9e8d3549d976ace271e583cad11aa11218974",
};

/**
 * The Go each v2 release line was built with (release workflow and image base), newest
 * first. A later release is never built with an older Go, so for a release newer than
 * this table the last line is a lower bound.
 */
const releaseGo: [minor: number, go: string][] = [
  [13, "1.27"],
  [9, "1.26"],
  [4, "1.25"],
  [0, "1.24"],
];

export type Version = [major: number, minor: number, patch: number];

/** "1.27", "1.27.2", "go1.28rc1" or "v2.13.1" as numbers; undefined when it is not a version. */
export function parseVersion(text: string): Version | undefined {
  const m = /^(?:go|v)?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

export const formatGo = (v: Version) => `${v[0]}.${v[1]}.${v[2]}`;

/** "2.13.1" and "v2.13.1" both name the tag v2.13.1; only v2 releases are supported. */
export function normalizeRelease(version: string): string {
  const v = parseVersion(version);
  if (!v || !/^v?\d+\.\d+\.\d+$/.test(version.trim()))
    throw new ProjectError(
      `version must be a golangci-lint release such as v2.13.1; got "${version}".`,
    );
  if (v[0] !== 2)
    throw new ProjectError(
      `This toolchain runs golangci-lint v2 (its v2 flags and config); version "${version}" is v${v[0]}. ` +
        "Set version to a v2 release, and migrate a v1 config with `golangci-lint migrate`.",
    );
  if (v[1] < 1)
    throw new ProjectError(
      `golangci-lint ${version} has no --path-mode flag, which this toolchain needs to report paths from the repository root; it exists from v2.1.0. ` +
        "Set version to v2.1.0 or newer (the default is the newest known release).",
    );
  return `v${v.join(".")}`;
}

/** The Go (major.minor) the release's official binary was built with, at least. */
export function officialGo(release: string): Version {
  const minor = parseVersion(release)![1];
  const go = releaseGo.find(([from]) => minor >= from)![1];
  return parseVersion(go)!;
}

export function officialImage(release: string): string {
  const digest = imageDigests[release];
  return `golangci/golangci-lint:${release}${digest ? `@${digest}` : ""}`;
}

export interface BuildPlan {
  kind: "build";
  /** GOTOOLCHAIN for building and running: the target Go, newer when a module asks. */
  goToolchain: string;
  release: string;
  target: string;
  builtWith: string;
}

export type ToolPlan = { kind: "official"; image: string } | BuildPlan;

/**
 * The official image when its Go covers the target's language version (major.minor,
 * as golangci-lint compares), else a build of the same release with the target Go.
 */
export function planTool(
  release: string,
  target: Version | undefined,
): ToolPlan {
  const official = officialGo(release);
  if (!target || compareVersions([target[0], target[1], 0], official) <= 0)
    return { kind: "official", image: officialImage(release) };
  return {
    kind: "build",
    goToolchain: `go${formatGo(target)}+auto`,
    release,
    target: formatGo(target),
    builtWith: `${official[0]}.${official[1]}`,
  };
}
