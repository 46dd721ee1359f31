#!/usr/bin/env bash
# Seeds go-mod, the module cache volume of the golangci-lint toolchain (GOMODCACHE
# /cache/go/mod): the golangci-lint fixtures' modules, every module golangci-lint's own
# build needs (the toolchain builds it when the code wants a newer Go than the official
# image's), and the Go toolchain that build and the toolchain fixture ask for. Modules
# come from the tools' module cache first. Checked offline with GOPROXY=off.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/seeds-lib.sh"
gl="$fixtures/golangci-lint/test/fixtures"
inputs=$(find "$gl" -name go.mod -o -name go.sum -o -name go.work | sort)
# shellcheck disable=SC2086
fresh go $inputs && exit 0

work="$(mktemp -d)"
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
echo "seeds: go-mod (golangci-lint $GOLANGCI_LINT_VERSION's modules, $GO_TOOLCHAIN, the Go fixtures' modules)"
export GOMODCACHE="$seeds/go-mod" GOFLAGS=-mod=mod GOTOOLCHAIN="$GO_TOOLCHAIN" \
  GOCACHE="$TOOLCHAINS_GO_HOME/build" GOPATH="$TOOLCHAINS_GO_HOME" \
  GOPROXY="file://$TOOLCHAINS_GO_HOME/mod/cache/download,${GOPROXY:-https://proxy.golang.org}"
go version >/dev/null # puts golang.org/toolchain@...-$GO_TOOLCHAIN in the seed
module="github.com/golangci/golangci-lint/v2@$GOLANGCI_LINT_VERSION"
src="$(go mod download -json "$module" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
cp -r "$src" "$work/golangci-lint" && chmod -R u+w "$work/golangci-lint"
(cd "$work/golangci-lint" && go mod download)
# The workspace fixture needs nothing from outside (and `go mod download` there asks the
# proxy for its own example.com/lib).
(cd "$gl/single" && go mod download)

# No GOFLAGS=-mod=mod here: workspace mode rejects it.
offline env GOPROXY=off GOFLAGS= GOTOOLCHAIN="$GO_TOOLCHAIN" bash -c "
  cd '$work/golangci-lint' && go list -deps ./cmd/golangci-lint >/dev/null &&
  cd '$gl/single' && go list -deps ./... >/dev/null &&
  cd '$gl/workspace' && go list -deps ./app/... ./lib/... >/dev/null" ||
  { echo "seeds: go-mod does not serve the modules offline"; exit 1; }

# shellcheck disable=SC2086
stamp go $inputs
