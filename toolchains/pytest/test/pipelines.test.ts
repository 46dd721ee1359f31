// Recorded pipelines: the toolchain runs through the SDK's real entrypoint against the
// testkit's engine double, which records each exec and plays the part of the tools
// (with real pytest reports and real installer messages).
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  answer,
  call,
  introspect,
  sourceFiles,
  toolchainTest,
  type ExecRequest,
  type RecordedExec,
} from "@toolchains/testkit";
import { noSnapshotPluginNote } from "../src/snapshots.ts";
import { pythonImages } from "../src/python.ts";

const { module, fixture } = toolchainTest(import.meta.url);
const report = (name: string) =>
  readFileSync(fixture(`reports/${name}.junit.xml`), "utf8");

const pytestFlags = [
  "python",
  "-m",
  "pytest",
  "-o",
  "cache_dir=/cache/pytest",
  "--junitxml=/report/junit.xml",
  "-o",
  "junit_family=xunit1",
  "-ra",
  "--color=no",
  "-p",
  "toolchains_pytest_otel",
];
const uvEnv = {
  UV_CACHE_DIR: "/cache/uv",
  UV_LINK_MODE: "copy",
  UV_PYTHON_DOWNLOADS: "never",
  UV_PYTHON: "python3",
  VIRTUAL_ENV: "/venv",
};
const cache = (volume: string) => ({
  type: "cache",
  volume,
  sharing: "SHARED",
});

/** Calls a function of the toolchain on a fixture repository. */
const run = (
  repo: string,
  fn: string,
  options: Omit<
    Parameters<typeof call>[0],
    "module" | "repo" | "function"
  > = {},
) => call({ module, repo: fixture(repo), function: fn, ...options });

const isPytest = (e: { argv: string[] }) => e.argv[2] === "pytest";
const pytestExec = (execs: RecordedExec[]) => execs.find(isPytest)!;
const argvs = (execs: RecordedExec[]) => execs.map((e) => e.argv.join(" "));

/** Plays pytest: its exit code, output and the JUnit XML it writes. */
const pytestDoes = (exitCode: number, xml: string, output = "") =>
  answer(isPytest, {
    exitCode,
    stdout: output,
    files: { "/report/junit.xml": xml },
  });

describe.concurrent("install per installer", () => {
  test("uv: a locked deps-only sync on the install inputs, then the project, then pytest with xdist", async () => {
    const r = await run("uv", "test");
    expect(r.error).toBeUndefined();
    expect(argvs(r.execs)).toEqual([
      "uv sync --locked --no-install-workspace --extra test",
      "uv sync --frozen --inexact --extra test",
      [...pytestFlags, "-n", "auto"].join(" "),
    ]);
    const [deps, project, pytest] = r.execs;
    // .python-version says 3.13, which requires-python (>=3.12) allows.
    expect(deps).toMatchObject({
      image: pythonImages["3.13"],
      workdir: "/src",
      env: { ...uvEnv, UV_PROJECT_ENVIRONMENT: "/venv" },
      mounts: { "/cache/uv": cache("uv-cache") },
      expect: "ANY",
    });
    // Only what the install reads (workspace members' manifests too): editing code
    // leaves this step cached.
    expect(sourceFiles(deps!)).toEqual([
      ".python-version",
      "packages/lib/pyproject.toml",
      "pyproject.toml",
      "uv.lock",
    ]);
    expect(sourceFiles(project!)).toContain("src/shop/__init__.py");
    expect(pytest).toMatchObject({
      workdir: "/src",
      env: { PATH: expect.stringMatching(/^\/venv\/bin:/) },
      mounts: { "/cache/uv": cache("uv-cache") },
    });
    // No pytest cache volume unless pytestCacheVolume names one: no other run's
    // --lf/--sw state picks this run's tests.
    expect(pytest!.mounts["/cache/pytest"]).toBeUndefined();
    expect(pytest!.env.TOOLCHAIN_PYTEST_RUN).toBeUndefined();
    expect(pytest!.files.filter((f) => f.startsWith("/report"))).toEqual([]);
  });

  test("poetry: the pinned Poetry without the source, a deps-only install on pyproject.toml and poetry.lock, then path dependencies and the root", async () => {
    const r = await run("poetry", "test");
    expect(r.error).toBeUndefined();
    expect(argvs(r.execs)).toEqual([
      "uv tool install poetry==2.4.1",
      "python3 -m venv /venv",
      "poetry install --no-root --no-directory --with test",
      // Not --only-root: that would skip path dependencies.
      "poetry install --with test",
      pytestFlags.join(" "),
    ]);
    expect(sourceFiles(r.execs[0]!)).toEqual([]);
    expect(sourceFiles(r.execs[2]!)).toEqual(["poetry.lock", "pyproject.toml"]);
    expect(r.execs[2]).toMatchObject({
      image: pythonImages["3.14"],
      env: { POETRY_CACHE_DIR: "/cache/poetry", VIRTUAL_ENV: "/venv" },
      mounts: { "/cache/poetry": cache("poetry-cache") },
    });
  });

  test("pdm: the lock checked, a sync without the project, then with it; Python from requires-python", async () => {
    const r = await run("pdm", "test");
    expect(r.error).toBeUndefined();
    expect(argvs(r.execs)).toEqual([
      "uv tool install pdm==2.28.2 --with hishel<2 --with unearth<0.19",
      "python3 -m venv /venv",
      "pdm lock --check",
      // Naming a group drops the dev groups not named: every one is named.
      "pdm sync --no-self -G test -G lint -G testing",
      "pdm sync -G test -G lint -G testing",
      pytestFlags.join(" "),
    ]);
    expect(sourceFiles(r.execs[3]!)).toEqual(["pdm.lock", "pyproject.toml"]);
    // requires-python ">=3.10,<3.13": the newest pinned Python it allows.
    expect(r.execs[3]).toMatchObject({
      image: pythonImages["3.12"],
      env: { PDM_PYTHON: "/venv/bin/python", PDM_CACHE_DIR: "/cache/pdm" },
      mounts: { "/cache/pdm": cache("pdm-cache") },
    });
  });

  test("requirements*.txt: a virtualenv and pip on the requirement files alone", async () => {
    const r = await run("requirements", "test");
    expect(r.error).toBeUndefined();
    // requirements-dev.txt includes requirements.txt (-r): pip gets the dev file alone.
    expect(argvs(r.execs)).toEqual([
      "python3 -m venv /venv",
      "/venv/bin/pip install -r requirements-dev.txt",
      pytestFlags.join(" "),
    ]);
    expect(sourceFiles(r.execs[1]!)).toEqual([
      "requirements-dev.txt",
      "requirements.txt",
    ]);
    expect(r.execs[1]).toMatchObject({
      env: { PIP_CACHE_DIR: "/cache/pip" },
      mounts: { "/cache/pip": cache("pip-cache") },
    });
  });

  test("pyproject.toml without a lock: its dependencies and test extra from pyproject.toml alone, then the project", async () => {
    const r = await run("pyproject", "test");
    expect(r.error).toBeUndefined();
    expect(argvs(r.execs)).toEqual([
      "uv venv /venv",
      "uv pip install -r pyproject.toml --extra tests",
      "uv pip install --no-deps -e .",
      pytestFlags.join(" "),
    ]);
    expect(sourceFiles(r.execs[1]!)).toEqual(["pyproject.toml"]);
  });

  test("setup.py: installed with its test extra from the whole source; no project: the pinned pytest alone", async () => {
    const setup = await run("setup-py", "test");
    expect(argvs(setup.execs)).toEqual([
      "uv venv /venv",
      "uv pip install -e .[test]",
      pytestFlags.join(" "),
    ]);
    const none = await run("no-project", "test");
    expect(argvs(none.execs)).toEqual([
      "uv venv /venv",
      "uv pip install --python /venv/bin/python pytest==9.0.3",
      pytestFlags.join(" "),
    ]);
    expect(sourceFiles(none.execs[1]!)).toEqual([]);
  });
});

describe.concurrent(
  "requirement files, system packages, pytest's cache, cached results",
  () => {
    test("pip: the test file chosen over docs and per-Python files; local references wait for the source", async () => {
      const seen: Record<string, string | undefined>[] = [];
      const r = await run("run/pip", "test", {
        exec: (e) => {
          if (e.argv[0] === "/venv/bin/pip")
            seen.push({
              test: e.read("/src/requirements-test.txt"),
              base: e.read("/src/requirements.txt"),
            });
        },
      });
      expect(r.error).toBeUndefined();
      expect(argvs(r.execs)).toEqual([
        "python3 -m venv /venv",
        "/venv/bin/pip install -r requirements-test.txt",
        "/venv/bin/pip install -r requirements-test.txt",
        pytestFlags.join(" "),
      ]);
      const [, deps, project] = r.execs;
      expect(sourceFiles(deps!)).toEqual([
        "requirements-test.txt",
        "requirements.txt",
      ]);
      expect(seen[0]).toEqual({
        test: "-r requirements.txt\n# (installed with the source) -e .\npytest==9.0.3\n",
        base: "# The app and the library it shares with other services.\n# (installed with the source) -e ./libs/money\n",
      });
      // The source's own files, untouched, for the second install (it has -e . already).
      expect(seen[1]!.test).toBe("-r requirements.txt\n-e .\npytest==9.0.3\n");
      expect(sourceFiles(project!)).toContain("libs/money/money/__init__.py");
    });

    test("pip: the requirements setting picks the files; one that is not there is an error", async () => {
      const r = await run("run/pip", "test", {
        constructorArgs: { requirements: ["requirements-docs.txt"] },
      });
      expect(argvs(r.execs).slice(1, 3)).toEqual([
        "/venv/bin/pip install -r requirements-docs.txt",
        "/venv/bin/pip install --no-deps -e .",
      ]);
      const missing = await run("run/pip", "test", {
        constructorArgs: { requirements: ["requirements/ci.txt"] },
      });
      expect(missing.error).toMatch(
        /^The requirements setting names requirements\/ci\.txt, which the source does not have/,
      );
    });

    test("git dependencies and source-only packages in the lock get git and a compiler first; systemPackages adds more", async () => {
      const r = await run("git-deps", "test", {
        constructorArgs: { systemPackages: ["libpq-dev"] },
      });
      expect(r.execs[0]!.argv).toEqual([
        "sh",
        "-c",
        "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends build-essential git libpq-dev && rm -rf /var/lib/apt/lists/*",
      ]);
      expect(sourceFiles(r.execs[0]!)).toEqual([]);
      expect(argvs(r.execs)[1]).toBe("uv sync --locked --no-install-workspace");
      // A lock with wheels only and no git needs nothing more.
      const plain = await run("uv", "test");
      expect(argvs(plain.execs)[0]).toMatch(/^uv sync/);
    });

    test("pytestCacheVolume keeps pytest's cache in a volume of that name", async () => {
      const r = await run("uv", "test", {
        constructorArgs: { pytestCacheVolume: "shop-main" },
      });
      expect(pytestExec(r.execs).mounts["/cache/pytest"]).toEqual(
        cache("pytest-cache-shop-main"),
      );
    });

    test("cacheResults false gives each run a unique value; checks and reports are cached per session", async () => {
      const runs = await Promise.all(
        [1, 2].map(() =>
          run("uv", "test", { constructorArgs: { cacheResults: false } }),
        ),
      );
      const [a, b] = runs.map(
        (r) => pytestExec(r.execs).env.TOOLCHAIN_PYTEST_RUN,
      );
      expect(a).toMatch(/^\d+-[a-z0-9]+$/);
      expect(b).not.toBe(a);
      const api = await introspect(module);
      const policy = Object.fromEntries(
        api.main.functions.map((f) => [f.name, f.cache]),
      );
      expect(policy).toEqual({
        test: "session",
        junit: "session",
        coverage: "session",
        updateSnapshots: "session",
      });
    });
  },
);

describe.concurrent("settings", () => {
  test("args, workers, env, extras, groups and pythonVersion reach the pipeline", async () => {
    const r = await run("uv", "test", {
      constructorArgs: {
        args: ["-k", "total", "tests"],
        workers: "4",
        env: ["DJANGO_SETTINGS_MODULE=shop.settings", "EMPTY="],
        extras: ["docs"],
        groups: ["lint"],
        pythonVersion: "3.12",
      },
    });
    expect(argvs(r.execs)).toEqual([
      "uv sync --locked --no-install-workspace --extra docs --group lint",
      "uv sync --frozen --inexact --extra docs --group lint",
      [...pytestFlags, "-n", "4", "-k", "total", "tests"].join(" "),
    ]);
    expect(pytestExec(r.execs)).toMatchObject({
      image: pythonImages["3.12"],
      env: { DJANGO_SETTINGS_MODULE: "shop.settings", EMPTY: "" },
    });
  });

  test("workers on a project without pytest-xdist adds it; 0 turns xdist off", async () => {
    const r = await run("requirements", "test", {
      constructorArgs: { workers: "auto", pytestXdistVersion: "3.7.0" },
    });
    expect(argvs(r.execs).slice(2)).toEqual([
      "uv pip install --python /venv/bin/python pytest-xdist==3.7.0",
      [...pytestFlags, "-n", "auto"].join(" "),
    ]);
    // The plugin step runs before the source arrives, with the install inputs only.
    expect(sourceFiles(r.execs[2]!)).toEqual([
      "requirements-dev.txt",
      "requirements.txt",
    ]);
    const off = await run("uv", "test", { constructorArgs: { workers: "0" } });
    expect(pytestExec(off.execs).argv).toEqual(pytestFlags);
  });

  test("traceTests: the tracing plugin is a file outside the source, first on PYTHONPATH; false leaves it out", async () => {
    const r = await run("uv", "test", {
      constructorArgs: { env: ["PYTHONPATH=src"] },
    });
    const step = pytestExec(r.execs);
    expect(step.files).toContain(
      "/opt/toolchains-pytest/toolchains_pytest_otel.py",
    );
    expect(step.env.PYTHONPATH).toBe("/opt/toolchains-pytest:src");
    const off = await run("uv", "test", {
      constructorArgs: { traceTests: false },
    });
    const offStep = pytestExec(off.execs);
    expect(offStep.argv).toEqual([...pytestFlags.slice(0, -2), "-n", "auto"]);
    expect(offStep.env).not.toHaveProperty("PYTHONPATH");
    expect(offStep.files.filter((f) => f.startsWith("/opt/"))).toEqual([]);
  });

  test("baseImageAddress and the installer setting override detection", async () => {
    const r = await run("uv", "test", {
      constructorArgs: {
        baseImageAddress: "registry.example/python:3.13-custom",
        installer: "pyproject",
      },
    });
    expect(argvs(r.execs).slice(0, 3)).toEqual([
      "uv venv /venv",
      "uv pip install -r pyproject.toml --extra test",
      "uv pip install --no-deps -e .",
    ]);
    expect(r.execs[0]!.image).toBe("registry.example/python:3.13-custom");
  });
});

describe.concurrent("test, junit and coverage", () => {
  test("failing tests: counts, node ids, locations, first lines, and the snapshot hint", async () => {
    const r = await run("uv", "test", {
      exec: pytestDoes(1, report("failing")),
    });
    expect(r.error).toBe(
      [
        "pytest: 2 failed, 2 passed (4 tests)",
        "  tests/test_cart.py:11: FAILED tests/test_cart.py::TestDiscount::test_ten_percent - AssertionError: ten percent off",
        "  tests/test_cart.py:16: FAILED tests/test_cart.py::test_quantity[2] - assert 2 == 1",
        "",
        "If the snapshots changed on purpose, run `dagger generate pytest:update-snapshots` (syrupy).",
      ].join("\n"),
    );
  });

  test("a collection error is an interrupted run naming the module", async () => {
    const r = await run("requirements", "test", {
      exec: pytestDoes(2, report("collection-error")),
    });
    expect(r.error).toContain(
      "pytest was interrupted (1 error (1 test)): usually a test module that cannot be imported.\n" +
        "  tests/test_import.py:1: ERROR tests/test_import.py - ModuleNotFoundError: No module named 'not_installed_module'",
    );
    expect(r.error).toContain("check the `extras` and `groups` settings");
  });

  test("no tests collected fails unless allowNoTests", async () => {
    const empty =
      '<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="0" failures="0" skipped="0" tests="0" time="0.01" /></testsuites>';
    const r = await run("no-project", "test", { exec: pytestDoes(5, empty) });
    expect(r.error).toMatch(
      /^pytest collected no tests\.\n.*`allowNoTests` to true\.$/s,
    );
    const allowed = await run("no-project", "test", {
      constructorArgs: { allowNoTests: true },
      exec: pytestDoes(5, empty),
    });
    expect(allowed.error).toBeUndefined();
  });

  test("a usage error writes no report: test and junit both say pytest could not start", async () => {
    const exec = (e: ExecRequest) =>
      isPytest(e)
        ? {
            exitCode: 4,
            stderr:
              "ERROR: usage: __main__.py [options] [file_or_dir] [file_or_dir] [...]\n__main__.py: error: unrecognized arguments: --bogus\n",
          }
        : undefined;
    for (const fn of ["test", "junit"]) {
      const r = await run("requirements", fn, { exec });
      expect(r.error).toContain("pytest could not start");
      expect(r.error).toContain("error: unrecognized arguments: --bogus");
    }
  });

  test("exit 1 with every test passing names the plugin failure; junit still returns the report", async () => {
    const exec = pytestDoes(
      1,
      report("passing"),
      "FAIL Required test coverage of 90% not reached. Total coverage: 75.00%\n",
    );
    const r = await run("pyproject", "test", { exec });
    expect(r.error).toContain(
      "pytest failed the run although every test passed (2 passed, 1 skipped (3 tests))",
    );
    expect(r.error).toContain("Required test coverage of 90% not reached");
    const junit = await run("pyproject", "junit", { exec });
    expect(junit.file).toEqual({
      name: "junit.xml",
      contents: report("passing"),
    });
  });

  test("coverage: pytest-cov added when missing, the report requested in the format asked", async () => {
    const exec = (e: ExecRequest) =>
      isPytest(e)
        ? {
            files: {
              "/report/junit.xml": report("passing"),
              "/report/coverage.xml": '<coverage line-rate="1"/>',
              "/report/coverage.lcov":
                "SF:src/shop/__init__.py\nend_of_record\n",
            },
          }
        : undefined;
    const xml = await run("uv", "coverage", { exec });
    expect(xml.file).toEqual({
      name: "coverage.xml",
      contents: '<coverage line-rate="1"/>',
    });
    expect(argvs(xml.execs).slice(1)).toEqual([
      "uv pip install --python /venv/bin/python pytest-cov==7.0.0",
      "uv sync --frozen --inexact --extra test",
      [
        ...pytestFlags,
        "-n",
        "auto",
        "--cov",
        "--cov-report=term",
        "--cov-report=xml:/report/coverage.xml",
      ].join(" "),
    ]);
    // pdm's fixture lists pytest-cov: nothing added; sources from the setting.
    const lcov = await run("pdm", "coverage", {
      constructorArgs: { coverageSources: ["inventory"] },
      args: { format: "lcov" },
      exec,
    });
    expect(lcov.file!.name).toBe("coverage.lcov");
    expect(argvs(lcov.execs).filter((a) => a.includes("pytest-cov"))).toEqual(
      [],
    );
    expect(pytestExec(lcov.execs).argv.slice(-3)).toEqual([
      "--cov=inventory",
      "--cov-report=term",
      "--cov-report=lcov:/report/coverage.lcov",
    ]);
    const html = await run("uv", "coverage", { args: { format: "html" } });
    expect(html.error).toBe(
      'format must be one of xml, lcov, json; got "html".',
    );
    expect(html.execs).toEqual([]);
  });
});

describe.concurrent("updateSnapshots", () => {
  const junk = {
    "src/shop/__pycache__/__init__.cpython-313.pyc": "bytecode",
    "src/shop.egg-info/PKG-INFO": "Name: shop",
    "src/shop/__init__.py": "def total(prices):\n    return 0\n",
  };

  test("syrupy: --snapshot-update without xdist; only snapshot files in the changeset, removals included", async () => {
    const r = await run("uv", "updateSnapshots", {
      exec: (e) =>
        isPytest(e)
          ? {
              files: {
                "tests/__snapshots__/test_total.ambr":
                  "# serializer version: 1\n# name: test_total\n  4\n# ---\n",
                "tests/__snapshots__/test_new.ambr": "# new\n",
                "tests/__snapshots__/test_removed.ambr": null,
                ...junk,
              },
            }
          : undefined,
    });
    expect(pytestExec(r.execs).argv).toEqual([
      ...pytestFlags,
      "--snapshot-update",
    ]);
    expect(r.changeset).toMatchObject({
      added: ["tests/__snapshots__/test_new.ambr"],
      modified: ["tests/__snapshots__/test_total.ambr"],
      removed: ["tests/__snapshots__/test_removed.ambr"],
    });
  });

  test("inline-snapshot: --inline-snapshot=create,fix (fix alone leaves empty snapshot() calls); the rewritten test file is the change", async () => {
    const fixed =
      "from inline_snapshot import snapshot\n\nfrom billing import invoice_total\n\n\ndef test_invoice_total():\n    assert invoice_total([2, 3]) == snapshot(6)\n";
    const r = await run("poetry", "updateSnapshots", {
      exec: (e) =>
        isPytest(e)
          ? {
              files: {
                "tests/test_invoice.py": fixed,
                "billing/__pycache__/x.pyc": "b",
              },
            }
          : undefined,
    });
    expect(pytestExec(r.execs).argv).toEqual([
      ...pytestFlags,
      "--inline-snapshot=create,fix",
    ]);
    expect(r.changeset!.files).toEqual({ "tests/test_invoice.py": fixed });
  });

  const regenerates = (xml: string) => (e: ExecRequest) =>
    isPytest(e)
      ? {
          exitCode: 1,
          files: {
            "tests/test_count/test_count.yml": "items: 3\n",
            "/report/junit.xml": xml,
            "src/inventory/__init__.py": "changed\n",
          },
        }
      : undefined;

  test("pytest-regressions: --force-regen fails the regenerated tests (exit 1) and the data files are kept", async () => {
    const r = await run("pdm", "updateSnapshots", {
      exec: regenerates(report("regenerated")),
    });
    expect(r.error).toBeUndefined();
    expect(pytestExec(r.execs).argv).toEqual([...pytestFlags, "--force-regen"]);
    expect(r.changeset).toMatchObject({
      added: [],
      modified: ["tests/test_count/test_count.yml"],
      removed: [],
    });
  });

  test("tests that fail for other reasons fail the update instead of returning part of it", async () => {
    const r = await run("pdm", "updateSnapshots", {
      exec: regenerates(report("failing")),
    });
    expect(r.error).toBe(
      [
        "pytest:update-snapshots: 2 tests failed for reasons other than the snapshots; no snapshots were taken from this run.",
        "  tests/test_cart.py:11: FAILED tests/test_cart.py::TestDiscount::test_ten_percent - AssertionError: ten percent off",
        "  tests/test_cart.py:16: FAILED tests/test_cart.py::test_quantity[2] - assert 2 == 1",
        "",
        "Fix those tests first, or narrow the run with the args setting.",
      ].join("\n"),
    );
    expect(r.changeset).toBeUndefined();
  });

  test("no snapshot plugin: an empty changeset, a note, and no run at all", async () => {
    const r = await run("requirements", "updateSnapshots");
    expect(r.changeset).toMatchObject({ added: [], modified: [], removed: [] });
    expect(r.logs).toContain(noSnapshotPluginNote);
    expect(r.execs).toEqual([]);
  });

  test("when pytest cannot run, the update fails with pytest's reason", async () => {
    const r = await run("uv", "updateSnapshots", {
      exec: (e) =>
        isPytest(e)
          ? { exitCode: 3, stdout: "INTERNALERROR> ValueError: broken hook\n" }
          : undefined,
    });
    expect(r.error).toBe(
      "pytest hit an internal error: a plugin or a conftest.py hook raised.\nINTERNALERROR> ValueError: broken hook",
    );
  });
});

describe.concurrent("bad input gets one actionable message", () => {
  const failing =
    (match: string, exitCode: number, stderr: string) => (e: ExecRequest) =>
      e.argv.join(" ").startsWith(match) ? { exitCode, stderr } : undefined;

  test("a stale uv.lock (uv's own message), before anything else runs", async () => {
    const r = await run("uv", "test", {
      exec: failing(
        "uv sync --locked",
        1,
        "error: The lockfile at `uv.lock` needs to be updated, but `--locked` was provided.\n\nhint: To update the lockfile, run `uv lock`.\n",
      ),
    });
    expect(r.error).toMatch(
      /^uv\.lock is out of date with pyproject\.toml\. Run `uv lock` and commit uv\.lock; this toolchain installs exactly what the lock says and never rewrites it\.\n/,
    );
    expect(r.error).toContain("hint: To update the lockfile, run `uv lock`.");
    expect(r.execs).toHaveLength(1);
  });

  test("a uv.lock uv cannot parse", async () => {
    const r = await run("uv", "test", {
      exec: failing(
        "uv sync --locked",
        2,
        "error: Failed to parse `uv.lock`\n  Caused by: TOML parse error at line 1, column 1\n",
      ),
    });
    expect(r.error).toMatch(
      /^uv\.lock cannot be read\. Regenerate it with `uv lock` and commit it\./,
    );
  });

  test("a stale poetry.lock (Poetry's own message)", async () => {
    const r = await run("poetry", "test", {
      exec: failing(
        "poetry install --no-root",
        1,
        "pyproject.toml changed significantly since poetry.lock was last generated. Run `poetry lock` to fix the lock file.\n",
      ),
    });
    expect(r.error).toMatch(
      /^poetry\.lock is out of date with pyproject\.toml\. Run `poetry lock` and commit poetry\.lock;/,
    );
  });

  test("a stale pdm.lock, caught by pdm lock --check", async () => {
    const r = await run("pdm", "updateSnapshots", {
      exec: failing(
        "pdm lock --check",
        1,
        "[PdmUsageError]: Lockfile is out of date\n",
      ),
    });
    expect(r.error).toMatch(
      /^pdm\.lock is out of date with pyproject\.toml\. Run `pdm lock` and commit pdm\.lock;/,
    );
    expect(argvs(r.execs).at(-1)).toBe("pdm lock --check");
  });

  test("any other install failure shows the command and its output", async () => {
    const r = await run("requirements", "test", {
      exec: failing(
        "/venv/bin/pip",
        1,
        "ERROR: No matching distribution found for flask==3.1.2\n",
      ),
    });
    expect(r.error).toBe(
      "Installing the project with `/venv/bin/pip install -r requirements-dev.txt` failed (exit code 1). " +
        "Its output ends with:\nERROR: No matching distribution found for flask==3.1.2",
    );
  });

  test("settings that cannot work, before anything runs", async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      [
        "uv",
        { installer: "conda" },
        'installer must be one of auto, uv, poetry, pdm, pip, pyproject; got "conda".',
      ],
      [
        "uv",
        { installer: "poetry" },
        "The installer setting is poetry, but there is no poetry.lock at the root of the source.",
      ],
      [
        "uv",
        { pythonVersion: "latest" },
        'pythonVersion must look like 3.13; got "latest".',
      ],
      [
        "uv",
        { pythonVersion: "3.10" },
        "Python 3.10 (from the pythonVersion setting) has no pinned image here",
      ],
      [
        "requirements",
        { env: ["NO_EQUALS_SIGN"] },
        'env entries look like NAME=value; got "NO_EQUALS_SIGN".',
      ],
    ];
    for (const [repo, constructorArgs, message] of cases) {
      const r = await run(repo, "test", { constructorArgs });
      expect(r.error).toContain(message);
      expect(r.execs).toEqual([]);
    }
  });
});
