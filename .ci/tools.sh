#!/usr/bin/env bash
# Installs the host tools into .ci/.tools/bin: golangci-lint and trivy built from their
# Go modules, uv, poetry and pdm from PyPI in .ci/.venv, and the Go toolchain the
# golangci-lint toolchain needs. Each step is skipped when its result is already there.
set -euo pipefail
toolchains_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$toolchains_root/.ci/versions.sh"
tools="$toolchains_root/.ci/.tools"
mkdir -p "$tools/bin"
export GOPATH="$TOOLCHAINS_GO_HOME" GOMODCACHE="$TOOLCHAINS_GO_HOME/mod" \
  GOCACHE="$TOOLCHAINS_GO_HOME/build" GOBIN="$tools/bin" GOFLAGS=-mod=mod

if [ "${1:-}" = --versions ]; then
  b="$tools/bin"
  echo "tools: golangci-lint $("$b/golangci-lint" version --short) (built with $("$b/golangci-lint" version | sed -n 's/.* built with \([^ ]*\) .*/\1/p'))"
  echo "tools: trivy $("$b/trivy" --version | sed -n 's/^Version: //p') (the trivy toolchain pins $TRIVY_PIN)"
  echo "tools: $("$b/uv" --version), $("$b/poetry" --version), $("$b/pdm" --version)"
  echo "tools: corepack $("$b/corepack" --version), bun $("$b/bun" --version), $(GOTOOLCHAIN="$GO_TOOLCHAIN" go version)"
  exit 0
fi

# `tools.sh quick` installs the tools that download (seconds), `tools.sh go` builds the
# Go ones (minutes of CPU), so setup can fill the seeds meanwhile; no argument does both.
part="${1:-all}"

if [ "$part" != go ]; then
  venv="$toolchains_root/.ci/.venv"
  want="uv==$UV_VERSION poetry==$POETRY_VERSION pdm==$PDM_VERSION $PDM_CONSTRAINTS"
  if [ "$(cat "$venv/.pinned" 2>/dev/null)" != "$want" ]; then
    echo "tools: installing $want into .ci/.venv"
    python3 -m venv --clear "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check $want
    echo "$want" >"$venv/.pinned"
  fi
  for bin in uv uvx poetry pdm; do ln -sf "../../.venv/bin/$bin" "$tools/bin/$bin"; done

  # corepack and bun from npm (bun's package brings its binary in an optional dependency).
  node_tools="$tools/node"
  want="corepack@$COREPACK_VERSION bun@$BUN_VERSION"
  if [ "$(cat "$node_tools/.pinned" 2>/dev/null)" != "$want" ]; then
    echo "tools: installing $want into .ci/.tools/node"
    rm -rf "$node_tools"
    npm install --no-save --no-package-lock --no-audit --no-fund --prefix "$node_tools" $want >/dev/null
    echo "$want" >"$node_tools/.pinned"
  fi
  for bin in corepack bun; do ln -sf "../node/node_modules/.bin/$bin" "$tools/bin/$bin"; done
fi

[ "$part" != quick ] || exit 0

# The Go toolchain lands in GOMODCACHE (golang.org/toolchain), offline afterwards.
GOTOOLCHAIN="$GO_TOOLCHAIN" go version >/dev/null

if ! "$tools/bin/golangci-lint" version 2>/dev/null | grep -q "version ${GOLANGCI_LINT_VERSION#v} built with ${GO_TOOLCHAIN}"; then
  echo "tools: building golangci-lint $GOLANGCI_LINT_VERSION with $GO_TOOLCHAIN"
  GOTOOLCHAIN="$GO_TOOLCHAIN" go install \
    "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$GOLANGCI_LINT_VERSION"
fi

if ! "$tools/bin/trivy" --version 2>/dev/null | grep -qx "Version: $TRIVY_VERSION"; then
  echo "tools: building trivy $TRIVY_VERSION (the trivy toolchain pins $TRIVY_PIN)"
  # trivy uses encoding/json/v2, behind an experiment in Go 1.26 (as its release builds).
  GOEXPERIMENT=jsonv2 go install -ldflags "-s -w -X github.com/aquasecurity/trivy/pkg/version/app.ver=$TRIVY_VERSION" \
    "github.com/aquasecurity/trivy/cmd/trivy@v$TRIVY_VERSION"
fi
