#!/usr/bin/env bash
# Seeds the Node package stores the eslint and prettier toolchains mount (npm-cache,
# pnpm-store, yarn-berry-cache, yarn-cache, bun-cache, corepack) so that every Node
# fixture installs with the toolchains' frozen install and no network. The fixtures'
# lockfiles are stubs, so each fixture is locked here for real (the lockfiles are kept in
# .ci/.cache/locks), installed online to fill the stores, then installed again offline
# in a fresh copy as the check. (trivy's npm fixtures are only scanned, never installed:
# the jquery 3.3.9 they lock was never published.)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/seeds-lib.sh"

npm_fixtures="eslint/test/fixtures/broken-config eslint/test/fixtures/clean eslint/test/fixtures/failing
  eslint/test/fixtures/fixable eslint/test/fixtures/max-warnings eslint/test/fixtures/missing-plugin
  eslint/test/fixtures/no-config eslint/test/fixtures/no-eslint eslint/test/fixtures/workspace
  prettier/test/fixtures/npm"
pnpm_fixtures="eslint/test/fixtures/pnpm prettier/test/fixtures/pnpm"
yarn_fixtures="eslint/test/fixtures/yarn prettier/test/fixtures/yarn"
bun_fixtures="eslint/test/fixtures/bun prettier/test/fixtures/bun"
inputs=$(for f in $npm_fixtures $pnpm_fixtures $yarn_fixtures $bun_fixtures; do
  find "$fixtures/$f" -name package.json -not -path '*/node_modules/*'; done | sort)
# shellcheck disable=SC2086
fresh node $inputs && exit 0

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$seeds"/{npm-cache,pnpm-store,yarn-cache,yarn-berry-cache,bun-cache,corepack}

# corepack, as the pipelines set it, plus no network for the offline runs.
# Yarn 2+ comes from the npm registry (as @yarnpkg/cli-dist), not its own host, and the
# registry reached here serves packuments without the signatures corepack checks.
export COREPACK_HOME="$seeds/corepack" COREPACK_ENABLE_DOWNLOAD_PROMPT=0 \
  COREPACK_NPM_REGISTRY="${COREPACK_NPM_REGISTRY:-https://registry.npmjs.org}" COREPACK_INTEGRITY_KEYS=0
for m in $COREPACK_MANAGERS; do corepack install -g "$m"; done
mkdir -p "$work/bin" && corepack enable --install-directory "$work/bin" pnpm yarn
export PATH="$work/bin:$PATH"
corepack_offline=(COREPACK_ENABLE_NETWORK=0)

# The global installs the pipelines run: pinned prettier, bun (and bun's musl build,
# which the Alpine images pick).
echo "seeds: npm-cache (prettier $PRETTIER_VERSION, bun $BUN_VERSION and the npm fixtures)"
export npm_config_cache="$seeds/npm-cache"
npm install --global --prefix "$work/global" --no-audit --no-fund --ignore-scripts \
  "prettier@$PRETTIER_VERSION" "bun@$BUN_VERSION" >/dev/null
npm cache add "@oven/bun-linux-x64-musl@$BUN_VERSION" >/dev/null
offline env npm_config_offline=true npm install --global --prefix "$work/global-offline" \
  --no-audit --no-fund "prettier@$PRETTIER_VERSION" "bun@$BUN_VERSION" >/dev/null

# One fixture: lock it, install it online, then install a fresh copy offline.
seed_fixture() { # fixture, lockfile, lock command, install command, offline env...
  local fixture="$1" lockfile="$2" lock="$3" install="$4"
  shift 4
  local name dir
  name="$(echo "$fixture" | tr / -)"
  dir="$(scratch "$fixture" "$name")"
  if [ -e "$dir/$lockfile" ] || [ "$lockfile" = yarn.lock ]; then
    rm -f "$dir/$lockfile"
    # An empty yarn.lock marks the project root, so Yarn looks no further up.
    [ "$lockfile" != yarn.lock ] || : >"$dir/yarn.lock"
    (cd "$dir" && $lock >"$work/$name.log" 2>&1) || { cat "$work/$name.log"; return 1; }
    mkdir -p "$locks/$fixture" && cp "$dir/$lockfile" "$locks/$fixture/"
  fi
  (cd "$dir" && $install >"$work/$name.log" 2>&1) || { cat "$work/$name.log"; return 1; }
  dir="$(scratch "$fixture" "$name-offline")"
  [ -e "$locks/$fixture/$lockfile" ] && cp "$locks/$fixture/$lockfile" "$dir/"
  (cd "$dir" && offline env "$@" $install >"$work/$name.log" 2>&1) ||
    { echo "seeds: $fixture did not install offline:"; cat "$work/$name.log"; return 1; }
}

for f in $npm_fixtures; do
  install="npm ci --ignore-scripts --no-audit --no-fund"
  [ -e "$fixtures/$f/package-lock.json" ] ||
    install="npm install --no-package-lock --ignore-scripts --no-audit --no-fund"
  seed_fixture "$f" package-lock.json \
    "npm install --package-lock-only --ignore-scripts --no-audit --no-fund" \
    "$install" npm_config_offline=true
done

echo "seeds: pnpm-store"
export pnpm_config_store_dir="$seeds/pnpm-store" npm_config_store_dir="$seeds/pnpm-store"
for f in $pnpm_fixtures; do
  seed_fixture "$f" pnpm-lock.yaml "pnpm install --lockfile-only --ignore-scripts" \
    "pnpm install --frozen-lockfile --ignore-scripts" npm_config_offline=true "${corepack_offline[@]}"
done

echo "seeds: yarn-berry-cache"
export YARN_GLOBAL_FOLDER="$seeds/yarn-berry-cache" YARN_ENABLE_TELEMETRY=0
for f in $yarn_fixtures; do
  seed_fixture "$f" yarn.lock "yarn install --mode=update-lockfile" \
    "yarn install --immutable --mode=skip-build" YARN_ENABLE_NETWORK=0 "${corepack_offline[@]}"
done

echo "seeds: bun-cache"
export BUN_INSTALL_CACHE_DIR="$seeds/bun-cache"
for f in $bun_fixtures; do
  seed_fixture "$f" bun.lock "bun install --lockfile-only --ignore-scripts" \
    "bun install --frozen-lockfile --ignore-scripts" BUN_INSTALL_CACHE_DIR="$seeds/bun-cache"
done

# shellcheck disable=SC2086
stamp node $inputs
