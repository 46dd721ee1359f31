#!/usr/bin/env bash
# Fetches the corpus of packages/corpus/corpus.json (public projects from npm, PyPI and
# the Go module proxy, each pinned by version and sha256) into $TOOLCHAINS_CORPUS
# (default ~/.cache/toolchains-corpus, outside the checkout like Go's caches, so the next
# clone reuses it), and fills the package stores their offline runs need, each checked
# with no network. A project whose stamp matches its entry and the setup's code is
# skipped, so a warm run needs no network. packages/corpus/src/setup/ does the work.
set -euo pipefail
toolchains_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$toolchains_root/.ci/versions.sh"
# The Go caches the module downloads start from, and the prettier the prettier
# toolchain installs for projects that do not depend on it.
export TOOLCHAINS_GO_HOME PRETTIER_VERSION
export TOOLCHAINS_CORPUS="${TOOLCHAINS_CORPUS:-$HOME/.cache/toolchains-corpus}"
exec node "$toolchains_root/packages/corpus/src/setup/main.ts"
