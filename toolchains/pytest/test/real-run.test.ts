// Every function of the toolchain run for real through the testkit's executing engine
// double: each step runs on this machine, Debian's Python 3.11 standing in for the
// python image and the host's uv for the uv image, with no network. uv installs from
// the uv-cache seed ($TOOLCHAINS_SEEDS, UV_OFFLINE); pip, PDM and Poetry from the
// wheelhouse ($TOOLCHAINS_WHEELS) served on loopback. Fixtures: test/fixtures/run.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  call,
  Host,
  pythonImage,
  setupFolder,
  toolchainTest,
  uvImage,
  startOtlpReceiver,
  type CallOptions,
  type HostOptions,
  type OtlpReceiver,
  type ReceivedSpan,
} from "@toolchains/testkit";
import { readJunit } from "../src/report.ts";
import { serveWheelhouse, wheelhouseIndex } from "./wheelhouse.ts";

const { module, fixture } = toolchainTest(import.meta.url, "fixtures/run");

const why = Host.unavailable();
if (why) throw new Error(why);
const hostOptions = {
  // The steps install from the wheelhouse this file serves on loopback.
  network: "host",
  images: [pythonImage(), uvImage()],
  seeds: setupFolder("TOOLCHAINS_SEEDS"),
  // The installers' offline switches: uv from its cache alone, the others from the
  // loopback wheelhouse (the poetry fixture names it as its source).
  env: {
    UV_OFFLINE: "1",
    PIP_INDEX_URL: wheelhouseIndex,
    PDM_PYPI_URL: wheelhouseIndex,
  },
} satisfies HostOptions;
const host = new Host(hostOptions);
let wheelhouse: Server;
// A second engine double whose steps get an OTLP endpoint and a parent span, as every
// exec does on Dagger's engine.
let traced: { host: Host; receiver: OtlpReceiver };
beforeAll(async () => {
  wheelhouse = await serveWheelhouse();
  const receiver = await startOtlpReceiver();
  traced = {
    receiver,
    host: new Host({
      ...hostOptions,
      env: { ...hostOptions.env, ...receiver.env },
    }),
  };
});
afterAll(async () => {
  wheelhouse?.close();
  host.dispose();
  traced?.host.dispose();
  await traced?.receiver.close();
});

type Options = Omit<CallOptions, "module" | "repo" | "function" | "host">;
const run = (repo: string, fn: string, options: Options = {}) =>
  call({ module, repo, function: fn, host, ...options });

/** A scratch copy of a fixture, with files changed or added. */
function copyOf(name: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), `pytest-run-${name}-`));
  cpSync(fixture(name), dir, { recursive: true });
  for (const [path, text] of Object.entries(files))
    writeFileSync(join(dir, path), text);
  return dir;
}

const pytestStep = (r: Awaited<ReturnType<typeof run>>) =>
  r.execs.find((e) => e.argv[2] === "pytest")!;

describe.concurrent("uv (uv.lock)", () => {
  test("test: every step runs, the suite passes", async () => {
    const r = await run(fixture("uv"), "test");
    expect(r.error).toBeUndefined();
    expect(
      r.execs.map((e) => [e.argv.slice(0, 3).join(" "), e.exitCode]),
    ).toEqual([
      ["uv sync --locked", 0],
      ["uv sync --frozen", 0],
      ["python -m pytest", 0],
    ]);
    // Each step ran on this machine: here, or first for a concurrent test with the
    // same inputs, whose result the Host reuses as one engine would.
    expect(r.execs.every((e) => e.cached || e.durationMs! >= 0)).toBe(true);
    expect(pytestStep(r).stdout).toMatch(/2 passed, 1 skipped/);
  });

  test("test: failures and errors, each with its location and first line", async () => {
    const r = await run(fixture("uv"), "test", {
      constructorArgs: { args: ["broken"] },
    });
    expect(pytestStep(r).exitCode).toBe(1);
    expect(r.error).toBe(
      [
        "pytest: 1 failed, 1 error, 1 passed (3 tests)",
        "  broken/test_broken.py:7: FAILED broken/test_broken.py::test_add_wrong - assert 4 == 5",
        '  broken/test_broken.py:12: ERROR broken/test_broken.py::test_query - failed on setup with "RuntimeError: database is not reachable"',
        "",
        "If the snapshots changed on purpose, run `dagger generate pytest:update-snapshots` (syrupy, pytest-regressions).",
      ].join("\n"),
    );
  });

  test("test: no tests collected fails, unless allowNoTests", async () => {
    const args = ["-k", "nothing_has_this_name"];
    const none = await run(fixture("uv"), "test", {
      constructorArgs: { args },
    });
    expect(pytestStep(none).exitCode).toBe(5);
    expect(none.error).toMatch(/^pytest collected no tests\./);
    const allowed = await run(fixture("uv"), "test", {
      constructorArgs: { args, allowNoTests: true },
    });
    expect(allowed.error).toBeUndefined();
  });

  test("junit: pytest's own report, node ids with files and lines", async () => {
    const r = await run(fixture("uv"), "junit", {
      constructorArgs: { args: ["tests", "broken"] },
    });
    expect(r.file!.name).toBe("junit.xml");
    const junit = readJunit(r.file!.contents);
    expect(junit).toMatchObject({
      tests: 6,
      passed: 3,
      failed: 1,
      errors: 1,
      skipped: 1,
    });
    expect(junit.problems.map((p) => p.id)).toEqual([
      "broken/test_broken.py::test_add_wrong",
      "broken/test_broken.py::test_query",
    ]);
  });

  test("coverage: pytest-cov added, the report covers the project's code and nothing in /venv", async () => {
    const r = await run(fixture("uv"), "coverage");
    expect(r.error).toBeUndefined();
    expect(r.execs.map((e) => e.argv.slice(0, 4).join(" "))).toContain(
      "uv pip install --python",
    );
    const xml = r.file!.contents;
    expect(xml).not.toContain("/venv");
    expect(xml).toMatch(/filename="[^"]*calc\/__init__\.py"/);
    // never_called is the one line the tests leave out.
    expect(xml).toMatch(/<line number="10" hits="0"\/>/);
  });

  test("updateSnapshots: syrupy and pytest-regressions rewrite only their files", async () => {
    const r = await run(fixture("uv"), "updateSnapshots", {
      constructorArgs: { args: ["stale"] },
    });
    expect(r.error).toBeUndefined();
    expect(r.changeset).toMatchObject({
      added: [],
      modified: [
        "stale/__snapshots__/test_stale.ambr",
        "stale/test_stale/test_report.yml",
      ],
      removed: [],
    });
    expect(r.changeset!.files["stale/test_stale/test_report.yml"]).toBe(
      "items:\n- 1\n- 2\n- 3\ntotal: 6\n",
    );
    expect(r.changeset!.files["stale/__snapshots__/test_stale.ambr"]).toContain(
      "'total': 6,",
    );
  });

  test("updateSnapshots: a test that fails for real fails the update", async () => {
    const r = await run(fixture("uv"), "updateSnapshots", {
      constructorArgs: { args: ["stale", "broken"] },
    });
    expect(r.error).toMatch(
      /^pytest:update-snapshots: 2 tests failed for reasons other than the snapshots/,
    );
    expect(r.error).toContain("broken/test_broken.py::test_add_wrong");
    expect(r.error).not.toContain("stale/");
  });

  test("a stale uv.lock: the documented error, and the lock is left as it was", async () => {
    const repo = copyOf("uv");
    const pyproject = join(repo, "pyproject.toml");
    writeFileSync(
      pyproject,
      readFileSync(pyproject, "utf8").replace(
        '"pytest-regressions==2.11.0"]',
        '"pytest-regressions==2.11.0", "pyyaml==6.0.4"]',
      ),
    );
    const lock = readFileSync(join(repo, "uv.lock"), "utf8");
    const r = await run(repo, "test");
    expect(r.error).toMatch(
      /^uv\.lock is out of date with pyproject\.toml\. Run `uv lock` and commit uv\.lock;/,
    );
    expect(r.execs).toHaveLength(1);
    expect(readFileSync(join(repo, "uv.lock"), "utf8")).toBe(lock);
  });
});

describe.concurrent(
  "Poetry, PDM, requirement files, a lockless pyproject.toml",
  () => {
    test("poetry: path dependencies are installed with the root", async () => {
      const r = await run(fixture("poetry"), "test");
      expect(r.error).toBeUndefined();
      expect(pytestStep(r).stdout).toMatch(/2 passed/);
    });

    test("pdm: the dev group the tests import from is installed", async () => {
      const r = await run(fixture("pdm"), "test");
      expect(r.error).toBeUndefined();
      expect(pytestStep(r).stdout).toMatch(/1 passed/);
    });

    test("pip: the test requirements with their local references", async () => {
      const r = await run(fixture("pip"), "test");
      expect(r.error).toBeUndefined();
      expect(pytestStep(r).stdout).toMatch(/1 passed/);
    });

    test("pyproject.toml: an empty snapshot() fails the check; the update creates its value", async () => {
      const checked = await run(fixture("pyproject"), "test");
      expect(checked.error).toBe(
        [
          "pytest: 1 error, 1 passed (2 tests)",
          '  tests/test_notes.py:10: ERROR tests/test_notes.py::test_title_snapshot - failed on teardown with "Failed: your snapshot is missing one value.',
          "",
          "If the snapshots changed on purpose, run `dagger generate pytest:update-snapshots` (inline-snapshot).",
        ].join("\n"),
      );
      const r = await run(fixture("pyproject"), "updateSnapshots");
      expect(r.error).toBeUndefined();
      expect(r.changeset!.modified).toEqual(["tests/test_notes.py"]);
      expect(r.changeset!.files["tests/test_notes.py"]).toContain(
        "assert title(\"snapshots\") == snapshot('Snapshots')",
      );
    });

    test("another project's pytest cache never picks this one's tests (--lf in addopts)", async () => {
      const repo = (failing: string) =>
        copyOf("pyproject", {
          "pytest.ini": "[pytest]\naddopts = --lf\n",
          "tests/test_notes.py": `def test_a():\n    assert ${failing === "test_a" ? "False" : "True"}\n\n\ndef test_b():\n    assert ${failing === "test_b" ? "False" : "True"}\n`,
        });
      const first = await run(repo("test_a"), "test");
      expect(first.error).toMatch(/^pytest: 1 failed, 1 passed/);
      // Same test ids, the other one failing: --lf must not run test_a alone.
      const second = await run(repo("test_b"), "test");
      expect(second.error).toMatch(/^pytest: 1 failed, 1 passed/);
    });
  },
);

describe("tracing: each test a span in Dagger's trace view", () => {
  /** Runs `test` on the uv fixture, and returns the spans the run sent. */
  async function tracedTest(constructorArgs: Record<string, unknown>) {
    const before = traced.receiver.spans.length;
    const r = await call({
      module,
      repo: fixture("uv"),
      function: "test",
      host: traced.host,
      constructorArgs,
    });
    return { r, spans: traced.receiver.spans.slice(before) };
  }
  const outcomes = (spans: ReceivedSpan[]) =>
    spans.map((s) => [
      s.name,
      s.attributes["test.case.result.status"],
      s.statusCode,
      s.statusMessage,
    ]);

  test("one span per test under the exec's span, with its outcome and the failure's first line", async () => {
    const { r, spans } = await tracedTest({ args: ["broken"] });
    expect(pytestStep(r).argv).toEqual(
      expect.arrayContaining(["-p", "toolchains_pytest_otel"]),
    );
    expect(r.error).toMatch(/^pytest: 1 failed, 1 error, 1 passed/);
    expect(outcomes(spans)).toEqual([
      ["broken/test_broken.py::test_add_wrong", "fail", 2, "assert 4 == 5"],
      [
        "broken/test_broken.py::test_query",
        "fail",
        2,
        "RuntimeError: database is not reachable",
      ],
      ["broken/test_broken.py::test_fine", "pass", 1, ""],
    ]);
    for (const span of spans) {
      expect(span.traceId).toBe(traced.receiver.parent.traceId);
      expect(span.parentSpanId).toBe(traced.receiver.parent.spanId);
      expect(span.endNanos > span.startNanos).toBe(true);
      expect(span.attributes["code.filepath"]).toBe("broken/test_broken.py");
    }
    expect(traced.receiver.refused).toEqual([]);
  });

  test("with pytest-xdist workers, still one span per test", async () => {
    const { r, spans } = await tracedTest({ args: ["tests"], workers: "2" });
    expect(r.error).toBeUndefined();
    expect(pytestStep(r).argv).toEqual(expect.arrayContaining(["-n", "2"]));
    expect(outcomes(spans).sort()).toEqual([
      ["tests/test_calc.py::test_add", "pass", 1, ""],
      ["tests/test_calc.py::test_skipped", "skipped", 0, ""],
      ["tests/test_calc.py::test_total", "pass", 1, ""],
    ]);
  });

  test("traceTests false: no plugin, no span", async () => {
    const { r, spans } = await tracedTest({
      args: ["tests"],
      traceTests: false,
    });
    expect(r.error).toBeUndefined();
    expect(pytestStep(r).argv).not.toContain("toolchains_pytest_otel");
    expect(pytestStep(r).env).not.toHaveProperty("PYTHONPATH");
    expect(spans).toEqual([]);
  });
});
