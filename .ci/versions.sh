# The versions .ci/tools.sh and .ci/seeds.sh install, in one place. Sourced, not run.
# golangci-lint, prettier, bun, poetry and pdm follow the toolchains' defaults, read from
# their source so a bump there is picked up here.
toolchains_pin() { # file, constructor argument: its literal default
  sed -n "s/^ *$2 = \"\([^\"]*\)\",\$/\1/p" "$toolchains_root/$1" | head -n1
}
GOLANGCI_LINT_VERSION="$(toolchains_pin toolchains/golangci-lint/src/index.ts version)"
TRIVY_PIN="$(toolchains_pin toolchains/trivy/src/index.ts version)"
# The Go module proxy serves no source for trivy 0.75.0 (403 "not available"), so the
# host binary is the newest release it does serve.
TRIVY_VERSION="0.74.0"
PRETTIER_VERSION="$(toolchains_pin toolchains/prettier/src/index.ts version)"
BUN_VERSION="$(toolchains_pin toolchains/prettier/src/index.ts bunVersion)"
POETRY_VERSION="$(toolchains_pin toolchains/pytest/src/index.ts poetryVersion)"
PDM_VERSION="$(toolchains_pin toolchains/pytest/src/index.ts pdmVersion)"
PYTEST_VERSION="$(toolchains_pin toolchains/pytest/src/index.ts pytestVersion)"
PYTEST_XDIST_VERSION="$(toolchains_pin toolchains/pytest/src/index.ts pytestXdistVersion)"
PYTEST_COV_VERSION="$(toolchains_pin toolchains/pytest/src/index.ts pytestCovVersion)"
# uv as in the pytest toolchain's uv image.
UV_VERSION="$(sed -n 's/^ *uvImageAddress = "[^"]*uv:\([0-9.]*\)@.*/\1/p' "$toolchains_root/toolchains/pytest/src/index.ts")"
# The Go of golangci-lint's official v2.13 image (go-version.ts), which the toolchain
# fixture's go line also asks for: golangci-lint built with an older Go refuses its code.
GO_TOOLCHAIN="go1.27.0"
# pytest plugins the pytest toolchain's fixtures use, as wheels.
PYTEST_PLUGINS="syrupy==5.5.3 pytest-regressions==2.11.0 inline-snapshot==0.34.2"
# corepack (Node 25 and the npm `node` package ship none) brings pnpm and Yarn 2+.
COREPACK_VERSION="0.36.0"
# The pnpm and Yarn the Node fixtures' packageManager fields name, and Yarn 1 for
# projects with a Yarn 1 lockfile and no field. The last of each is corepack's default.
COREPACK_MANAGERS="yarn@1.22.22 pnpm@10.18.3 yarn@4.18.1"
# pdm 2.28.2 breaks with the newest releases of two of its dependencies (hishel 2 drops
# SyncSqliteStorage; unearth 0.19 moves to httpx2), so the host venv holds them back.
PDM_CONSTRAINTS="hishel<2 unearth<0.19"
# Go's module and build caches live outside the checkout, so a fresh clone on the same
# machine (CI's) reuses the minutes of CPU the golangci-lint and trivy builds cost.
TOOLCHAINS_GO_HOME="${TOOLCHAINS_GO_HOME:-$HOME/.cache/toolchains-go}"
