/**
 * pytest for your repository: installs the project the way its lockfile says, runs the
 * tests, and reports them as JUnit XML and coverage; re-records snapshot tests.
 */
import {
  argument,
  Changeset,
  check,
  Directory,
  File,
  func,
  generate,
  object,
} from "@dagger.io/dagger";
import { coverageFormat, coveragePath, junitPath } from "./argv.js";
import { reportFile, runPytest, updatedSnapshots } from "./pipeline.js";
import { sourceIgnore } from "./shared/source-ignore.js";

@object()
export class Pytest {
  source: Directory;
  pythonVersion: string;
  installer: string;
  args: string[];
  extras: string[];
  groups: string[];
  workers: string;
  allowNoTests: boolean;
  coverageSources: string[];
  env: string[];
  baseImageAddress: string;
  uvImageAddress: string;
  pytestVersion: string;
  pytestXdistVersion: string;
  pytestCovVersion: string;
  poetryVersion: string;
  pdmVersion: string;
  requirements: string[];
  systemPackages: string[];
  pytestCacheVolume: string;
  cacheResults: boolean;
  traceTests: boolean;

  constructor(
    /** The project to test: by default the root of your repository. */
    @argument({
      defaultPath: "/",
      ignore: sourceIgnore,
    })
    source: Directory,
    /** The Python to test with, like 3.13; empty: .python-version, then requires-python, then 3.14. */
    pythonVersion = "",
    /** auto (from the lockfile: uv.lock, poetry.lock, pdm.lock, then requirements*.txt, then pyproject.toml), uv, poetry, pdm, pip or pyproject. */
    installer = "auto",
    /** More pytest arguments, after the toolchain's (paths, -k, -m, --maxfail ...). */
    args: string[] = [],
    /** Optional-dependency extras to install; empty: those named test, tests or testing. */
    extras: string[] = [],
    /** Dependency groups to install beyond the installer's defaults; empty: those named test, tests or testing. */
    groups: string[] = [],
    /** pytest-xdist workers (-n): a number, auto or logical; empty: auto when the project has pytest-xdist; 0: off. */
    workers = "",
    /** Pass when pytest collects no tests (exit code 5) instead of failing. */
    allowNoTests = false,
    /** What coverage measures (--cov=...); empty: the coverage configuration's source, else everything under the project. */
    coverageSources: string[] = [],
    /** Environment variables for the tests, as NAME=value. */
    env: string[] = [],
    /** The Python image; empty: the official slim image of the chosen Python, pinned by digest. */
    baseImageAddress = "",
    /** The image uv is copied from (uv installs, caches and adds plugins), pinned by digest. */
    uvImageAddress = "ghcr.io/astral-sh/uv:0.13.0@sha256:cdc6093146eb3ff6a40107b38f008b789e050e77ad87865e381d9917da55a168",
    /** The pytest installed when the project does not list pytest. */
    pytestVersion = "9.0.3",
    /** The pytest-xdist installed when workers are set and the project does not list it. */
    pytestXdistVersion = "3.8.0",
    /** The pytest-cov installed for coverage when the project does not list it. */
    pytestCovVersion = "7.0.0",
    /** The Poetry that installs projects with a poetry.lock. */
    poetryVersion = "2.4.1",
    /** The PDM that installs projects with a pdm.lock. */
    pdmVersion = "2.28.2",
    /** Requirement files pip installs (with those they include); empty: requirements.txt with the test file (requirements-test.txt, test-requirements.txt, requirements/test.txt ...), else the dev file. */
    requirements: string[] = [],
    /** Debian packages to install in the image first (apt-get); git and build-essential are added when the lockfile has git dependencies or packages with no wheel. */
    systemPackages: string[] = [],
    /** Keep pytest's cache (--lf, --ff, --sw) across runs in this cache volume, one name per project and branch; empty: each run starts without a cache. */
    pytestCacheVolume = "",
    /** Reuse the outcome of a run with the same source and settings; false runs the tests again every time (time- or network-dependent suites). */
    cacheResults = true,
    /** Shows each test as a span in Dagger's trace view, through a pytest plugin of the toolchain's that needs only Python's standard library; false leaves it out. */
    traceTests = true,
  ) {
    this.source = source;
    this.pythonVersion = pythonVersion;
    this.installer = installer;
    this.args = args;
    this.extras = extras;
    this.groups = groups;
    this.workers = workers;
    this.allowNoTests = allowNoTests;
    this.coverageSources = coverageSources;
    this.env = env;
    this.baseImageAddress = baseImageAddress;
    this.uvImageAddress = uvImageAddress;
    this.pytestVersion = pytestVersion;
    this.pytestXdistVersion = pytestXdistVersion;
    this.pytestCovVersion = pytestCovVersion;
    this.poetryVersion = poetryVersion;
    this.pdmVersion = pdmVersion;
    this.requirements = requirements;
    this.systemPackages = systemPackages;
    this.pytestCacheVolume = pytestCacheVolume;
    this.cacheResults = cacheResults;
    this.traceTests = traceTests;
  }

  /** Runs the tests; fails with the counts and each failing test, its location and first line. */
  @func({ cache: "session" })
  @check()
  async test(): Promise<void> {
    const run = await runPytest(this);
    if (run.outcome.kind === "failed") throw new Error(run.outcome.message);
  }

  /** The JUnit XML report of the test run (pytest node ids, file and line of each test). */
  @func({ cache: "session" })
  async junit(): Promise<File> {
    return reportFile(await runPytest(this), junitPath);
  }

  /** A coverage report of the test run, through pytest-cov (added when the project lacks it). */
  @func({ cache: "session" })
  async coverage(
    /** xml (Cobertura), lcov or json. */
    format = "xml",
  ): Promise<File> {
    const chosen = coverageFormat(format);
    return reportFile(await runPytest(this, chosen), coveragePath(chosen));
  }

  /** Re-records snapshot tests (syrupy, inline-snapshot, pytest-regressions): the changeset holds only snapshot and test files. */
  @func({ cache: "session" })
  @generate()
  async updateSnapshots(): Promise<Changeset> {
    return updatedSnapshots(this);
  }
}
