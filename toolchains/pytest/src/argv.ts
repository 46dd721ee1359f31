// The pytest command line the toolchain runs, its environment, and where it writes
// its reports.
import { dependsOn, type Project } from "./project.js";
import { ProjectError } from "./shared/text.js";
import { tracingArgs } from "./tracing.js";

/** Where reports are written in the container, outside the source. */
export const reportDir = "/report";
export const junitPath = `${reportDir}/junit.xml`;
/** pytest's cache (last-failed, step-wise) lives on a cache volume, never in the source. */
export const pytestCacheDir = "/cache/pytest";

export type CoverageFormat = "xml" | "lcov" | "json";
export const coverageFormats: readonly CoverageFormat[] = [
  "xml",
  "lcov",
  "json",
];
export const coverageFile: Record<CoverageFormat, string> = {
  xml: "coverage.xml",
  lcov: "coverage.lcov",
  json: "coverage.json",
};

/** The coverage function's format argument, checked before anything runs. */
export function coverageFormat(format: string): CoverageFormat {
  if (!(coverageFormats as readonly string[]).includes(format))
    throw new Error(
      `format must be one of ${coverageFormats.join(", ")}; got "${format}".`,
    );
  return format as CoverageFormat;
}

/** Where the run writes the coverage report in this format. */
export const coveragePath = (format: CoverageFormat) =>
  `${reportDir}/${coverageFile[format]}`;

export interface PytestRun {
  /** -n for pytest-xdist; empty runs without it. */
  workers: string;
  /** Measure coverage with pytest-cov and write this report. */
  coverage?: { format: CoverageFormat; sources: readonly string[] };
  /** Flags that make snapshot plugins rewrite their snapshots. */
  updateFlags?: readonly string[];
  /** Load the plugin that reports each test as a span (tracing.ts). */
  traced?: boolean;
  args: readonly string[];
}

/** The workers setting as -n takes it: 0 is off, empty is auto with pytest-xdist. */
export function chooseWorkers(setting: string, project: Project): string {
  if (setting === "0") return "";
  return setting || (dependsOn(project, "pytest-xdist") ? "auto" : "");
}

export function pytestArgv(run: PytestRun): string[] {
  return [
    "python",
    "-m",
    "pytest",
    "-o",
    `cache_dir=${pytestCacheDir}`,
    `--junitxml=${junitPath}`,
    "-o",
    "junit_family=xunit1",
    "-ra",
    "--color=no",
    ...(run.traced ? tracingArgs : []),
    ...(run.workers ? ["-n", run.workers] : []),
    ...(run.coverage
      ? [
          ...(run.coverage.sources.length
            ? run.coverage.sources.map((s) => `--cov=${s}`)
            : ["--cov"]),
          "--cov-report=term",
          `--cov-report=${run.coverage.format}:${coveragePath(run.coverage.format)}`,
        ]
      : []),
    ...(run.updateFlags ?? []),
    ...run.args,
  ];
}

/** The env setting as variables, checked before anything runs. */
export function parseEnv(entries: string[]): [string, string][] {
  return entries.map((entry) => {
    const m = entry.match(/^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s);
    if (!m)
      throw new ProjectError(
        `env entries look like NAME=value; got "${entry}".`,
      );
    return [m[1]!, m[2]!];
  });
}
