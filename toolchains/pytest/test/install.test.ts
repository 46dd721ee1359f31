// How each installer fills /venv: the argv of every step, which files the dependency
// step sees, and what an install failure tells the user.
import { describe, expect, test } from "vitest";
import {
  explainInstallFailure,
  installPlan,
  toolsArgv,
  type InstallSettings,
} from "../src/install.ts";
import { detectProject, isRequirementsFile } from "../src/project.ts";

const defaults: InstallSettings = {
  extras: [],
  groups: [],
  poetryVersion: "2.4.1",
  pdmVersion: "2.28.2",
  systemPackages: [],
};

/** The project a source with these root files (path → text) describes. */
function project(
  files: Record<string, string>,
  installer = "auto",
  requirements: string[] = [],
) {
  const paths = Object.keys(files);
  const rootEntries = [
    ...new Set(paths.map((p) => p.replace(/\/.*$/, "/"))),
  ].sort();
  const requirementFiles = paths.filter(isRequirementsFile).sort();
  return detectProject(
    { rootEntries, requirementFiles, contents: files, requirements },
    installer,
  );
}

/** Every step of the plan, in order, as command lines. */
function steps(
  files: Record<string, string>,
  settings = {},
  installer?: string,
) {
  const plan = installPlan(project(files, installer), {
    ...defaults,
    ...settings,
  });
  return {
    plan,
    setup: plan.setup.map((a) => a.join(" ")),
    dependencies: plan.dependencies.map((a) => a.join(" ")),
    project: plan.project.map((a) => a.join(" ")),
  };
}

const pyproject = [
  "[project]",
  'name = "shop"',
  'dependencies = ["httpx"]',
  "[project.optional-dependencies]",
  'test = ["pytest"]',
  'docs = ["mkdocs"]',
  "[dependency-groups]",
  'tests = ["pytest-cov"]',
  'lint = ["ruff"]',
  "[build-system]",
  'requires = ["hatchling"]',
].join("\n");

describe("uv (uv.lock)", () => {
  test("a --locked sync without the project on the install inputs, then a --frozen --inexact one with it", () => {
    const { plan, setup, dependencies, project } = steps({
      "pyproject.toml": pyproject,
      "uv.lock": "version = 1\n",
    });
    expect(setup).toEqual([]);
    expect(dependencies).toEqual([
      "uv sync --locked --no-install-workspace --extra test --group tests",
    ]);
    expect(project).toEqual([
      "uv sync --frozen --inexact --extra test --group tests",
    ]);
    expect(plan.installInputs).toEqual([
      "pyproject.toml",
      "uv.lock",
      ".python-version",
      "uv.toml",
      "**/pyproject.toml",
    ]);
    expect(plan.env).toMatchObject({
      UV_PROJECT_ENVIRONMENT: "/venv",
      UV_PYTHON_DOWNLOADS: "never",
      VIRTUAL_ENV: "/venv",
    });
    expect(plan.caches).toEqual([{ path: "/cache/uv", volume: "uv-cache" }]);
  });

  test("the extras and groups settings replace the test-named ones", () => {
    const { dependencies } = steps(
      { "pyproject.toml": pyproject, "uv.lock": "" },
      { extras: ["docs"], groups: ["lint", "tests"] },
    );
    expect(dependencies).toEqual([
      "uv sync --locked --no-install-workspace --extra docs --group lint --group tests",
    ]);
  });
});

describe("poetry (poetry.lock)", () => {
  const files = {
    "pyproject.toml": [
      "[tool.poetry]",
      'name = "billing"',
      "[tool.poetry.extras]",
      'tests = ["pytest-mock"]',
      "[tool.poetry.group.test.dependencies]",
      'pytest = "^9.0"',
      "[build-system]",
      'requires = ["poetry-core"]',
    ].join("\n"),
    "poetry.lock": "",
  };

  test("the pinned Poetry and a virtualenv, dependencies without the root, then the root and path dependencies", () => {
    const { plan, setup, dependencies, project } = steps(files);
    expect(setup).toEqual([
      "uv tool install poetry==2.4.1",
      "python3 -m venv /venv",
    ]);
    expect(dependencies).toEqual([
      "poetry install --no-root --no-directory --with test --extras tests",
    ]);
    expect(project).toEqual(["poetry install --with test --extras tests"]);
    expect(plan.installInputs).toEqual([
      "pyproject.toml",
      "poetry.lock",
      "poetry.toml",
    ]);
    expect(plan.caches).toContainEqual({
      path: "/cache/poetry",
      volume: "poetry-cache",
    });
  });

  test("poetryVersion picks the Poetry; groups are joined in one --with", () => {
    const { setup, dependencies } = steps(files, {
      poetryVersion: "2.1.0",
      groups: ["test", "integration"],
      extras: ["a", "b"],
    });
    expect(setup[0]).toBe("uv tool install poetry==2.1.0");
    expect(dependencies).toEqual([
      "poetry install --no-root --no-directory --with test,integration --extras a --extras b",
    ]);
  });
});

describe("pdm (pdm.lock)", () => {
  const files = {
    "pyproject.toml": [
      "[project]",
      'name = "inventory"',
      "[project.optional-dependencies]",
      'testing = ["pytest-regressions"]',
      "[tool.pdm.dev-dependencies]",
      'test = ["pytest"]',
      'lint = ["ruff"]',
    ].join("\n"),
    "pdm.lock": "",
  };

  test("the pinned PDM with its pins, the lock checked, a sync without the project, then with it", () => {
    const { plan, setup, dependencies, project } = steps(files);
    expect(setup).toEqual([
      "uv tool install pdm==2.28.2 --with hishel<2 --with unearth<0.19",
      "python3 -m venv /venv",
    ]);
    // Naming any group drops the dev groups not named: every one is named.
    expect(dependencies).toEqual([
      "pdm lock --check",
      "pdm sync --no-self -G test -G lint -G testing",
    ]);
    expect(project).toEqual(["pdm sync -G test -G lint -G testing"]);
    expect(plan.env).toMatchObject({ PDM_PYTHON: "/venv/bin/python" });
  });

  test("PDM installs every dev group by default: -G only when an extra or another group is asked for", () => {
    const devOnly = {
      ...files,
      "pyproject.toml": files["pyproject.toml"].replace("testing =", "docs ="),
    };
    expect(steps(devOnly, { groups: ["lint"] }).dependencies[1]).toBe(
      "pdm sync --no-self",
    );
    expect(steps(devOnly, { extras: ["docs"] }).dependencies[1]).toBe(
      "pdm sync --no-self -G test -G lint -G docs",
    );
    expect(steps(devOnly, { groups: ["integration"] }).project).toEqual([
      "pdm sync -G test -G lint -G integration",
    ]);
  });
});

describe("pip (requirements*.txt)", () => {
  test("a virtualenv and pip on the chosen files; included files come along, not named twice", () => {
    const { plan, setup, dependencies, project } = steps({
      "requirements.txt": "flask==3.1.2\n",
      "requirements-dev.txt": "-r requirements.txt\npytest==9.0.3\n",
      "requirements-docs.txt": "mkdocs\n",
    });
    expect(setup).toEqual(["python3 -m venv /venv"]);
    expect(dependencies).toEqual([
      "/venv/bin/pip install -r requirements-dev.txt",
    ]);
    expect(project).toEqual([]);
    expect(plan.installInputs).toEqual([
      "requirements.txt",
      "requirements-dev.txt",
      "constraints*.txt",
    ]);
    expect(plan.dependencyFiles).toEqual({});
  });

  test("local references wait for the source; a package not installed by its requirements is installed without its dependencies", () => {
    const withLocal = steps({
      "requirements.txt": "-e ./libs/money\nflask\n",
      "requirements-test.txt": "pytest\n",
      "pyproject.toml": "[build-system]\nrequires = []\n",
    });
    expect(withLocal.plan.dependencyFiles).toEqual({
      "requirements.txt":
        "# (installed with the source) -e ./libs/money\nflask\n",
    });
    expect(withLocal.dependencies).toEqual([
      "/venv/bin/pip install -r requirements.txt -r requirements-test.txt",
    ]);
    expect(withLocal.project).toEqual([
      "/venv/bin/pip install -r requirements.txt -r requirements-test.txt",
      "/venv/bin/pip install --no-deps -e .",
    ]);
    const installsItself = steps({
      "requirements.txt": "-e .\n",
      "setup.py": "",
    });
    expect(installsItself.project).toEqual([
      "/venv/bin/pip install -r requirements.txt",
    ]);
  });
});

describe("pyproject.toml without a lock", () => {
  test("static dependencies from pyproject.toml alone, then the project without its dependencies", () => {
    const { plan, setup, dependencies, project } = steps({
      "pyproject.toml": pyproject,
    });
    expect(setup).toEqual(["uv venv /venv"]);
    expect(plan.installInputs).toEqual(["pyproject.toml"]);
    expect(dependencies).toEqual([
      "uv pip install -r pyproject.toml --extra test --group tests",
    ]);
    expect(project).toEqual(["uv pip install --no-deps -e ."]);
  });

  test("dynamic dependencies or setup.py: one install of the project with its extras and groups, from the whole source", () => {
    const dynamic = steps({
      "pyproject.toml": pyproject.replace(
        "[project]\n",
        '[project]\ndynamic = ["dependencies"]\n',
      ),
    });
    expect(dynamic.plan.installInputs).toEqual([]);
    expect(dynamic.dependencies).toEqual([]);
    expect(dynamic.project).toEqual([
      "uv pip install -e .[test] --group tests",
    ]);
    const setupPy = steps(
      { "setup.py": 'setup(extras_require={"test": ["pytest"]})' },
      { extras: ["test", "speed"] },
    );
    expect(setupPy.project).toEqual(["uv pip install -e .[test,speed]"]);
  });

  test("a project that is not a package installs its dependencies only; no project at all, just the virtualenv", () => {
    expect(
      steps({ "pyproject.toml": '[project]\ndependencies = ["x"]\n' }).project,
    ).toEqual([]);
    const none = steps({ "README.md": "" });
    expect([...none.setup, ...none.dependencies, ...none.project]).toEqual([
      "uv venv /venv",
    ]);
  });
});

describe("locks", () => {
  const locked = {
    uv: { "pyproject.toml": pyproject, "uv.lock": "" },
    poetry: { "pyproject.toml": pyproject, "poetry.lock": "" },
    pdm: { "pyproject.toml": pyproject, "pdm.lock": "" },
  };

  test.each(Object.entries(locked))(
    "%s: the lock is checked, never rewritten",
    (installer, files) => {
      const { setup, dependencies, project } = steps(files);
      const all = [...setup, ...dependencies, ...project];
      expect(all.filter((a) => /\block\b/.test(a))).toEqual(
        installer === "pdm" ? ["pdm lock --check"] : [],
      );
      expect(dependencies[0]).toMatch(
        {
          uv: /^uv sync --locked /,
          poetry: /^poetry install --no-root /,
          pdm: /^pdm lock --check$/,
        }[installer]!,
      );
    },
  );

  test("a uv project installed as plain pyproject: no lock involved", () => {
    const { dependencies } = steps(
      { "pyproject.toml": pyproject, "uv.lock": "" },
      {},
      "pyproject",
    );
    expect(dependencies).toEqual([
      "uv pip install -r pyproject.toml --extra test --group tests",
    ]);
  });
});

describe("system packages and plugins", () => {
  test("git for git dependencies, a compiler for source-only locked packages, the setting added; first of all", () => {
    const { setup } = steps(
      {
        "pyproject.toml": '[project]\nname = "geo"\n',
        "uv.lock": [
          "[[package]]",
          'name = "shapes"',
          'source = { git = "https://git.example/shapes.git?rev=v1.2.0" }',
          "[[package]]",
          'name = "fastcalc"',
          'sdist = { url = "https://files.example/fastcalc-0.3.1.tar.gz" }',
        ].join("\n"),
      },
      { systemPackages: ["libpq-dev", "git"] },
    );
    expect(setup).toEqual([
      "sh -c apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends build-essential git libpq-dev && rm -rf /var/lib/apt/lists/*",
    ]);
  });

  test("the plugins a run lacks go into the virtualenv with uv; none, no step", () => {
    expect(toolsArgv(["pytest==9.0.3", "pytest-cov==7.0.0"])).toEqual([
      "uv",
      "pip",
      "install",
      "--python",
      "/venv/bin/python",
      "pytest==9.0.3",
      "pytest-cov==7.0.0",
    ]);
    expect(toolsArgv([])).toBeUndefined();
  });
});

describe("install failures", () => {
  const explain = (
    installer: "uv" | "poetry" | "pdm" | "pip" | "pyproject",
    output: string,
    argv = ["uv", "sync", "--locked"],
  ) =>
    explainInstallFailure(installer, argv, 1, output, {
      poetryVersion: "2.4.1",
    });

  test.each([
    [
      "uv",
      "error: The lockfile at `uv.lock` needs to be updated, but `--locked` was provided.",
    ],
    [
      "poetry",
      "pyproject.toml changed significantly since poetry.lock was last generated. Run `poetry lock` to fix the lock file.",
    ],
    ["pdm", "[PdmUsageError]: Lockfile is out of date"],
  ] as const)(
    "a stale lock (%s's own message) names the command that fixes it",
    (installer, output) => {
      const lock = `${installer}.lock`;
      expect(explain(installer, `\n${output}\n`)).toBe(
        `${lock} is out of date with pyproject.toml. Run \`${installer} lock\` and commit ${lock}; ` +
          `this toolchain installs exactly what the lock says and never rewrites it.\n${output}`,
      );
    },
  );

  test("a uv.lock uv cannot parse, a poetry.lock from a newer Poetry, hashes that do not match", () => {
    expect(explain("uv", "error: Failed to parse `uv.lock`")).toMatch(
      /^uv\.lock cannot be read\. Regenerate it with `uv lock` and commit it\.\n/,
    );
    expect(
      explain(
        "poetry",
        "The lock file is not compatible with the current version of Poetry.",
      ),
    ).toMatch(
      /^poetry\.lock was written by a newer Poetry than 2\.4\.1\. Set poetryVersion to the Poetry that wrote it\.\n/,
    );
    expect(
      explain("pip", "ERROR: THESE PACKAGES DO NOT MATCH THE HASHES"),
    ).toMatch(/^A downloaded package does not match the hash/);
  });

  test("any other failure: the command, its exit code and the last 30 lines of its output, without colours", () => {
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`);
    const message = explain(
      "pip",
      `\n\u001b[31m${lines.join("\n")}\u001b[0m\n`,
      ["/venv/bin/pip", "install", "-r", "requirements.txt"],
    );
    expect(message).toBe(
      "Installing the project with `/venv/bin/pip install -r requirements.txt` failed (exit code 1). " +
        `Its output ends with:\n${lines.slice(-30).join("\n")}`,
    );
  });

  test("a message that only looks like a stale lock of another installer is not one", () => {
    expect(
      explain("pip", "Lockfile is out of date", ["/venv/bin/pip", "install"]),
    ).toMatch(/^Installing the project with `\/venv\/bin\/pip install` failed/);
  });
});
