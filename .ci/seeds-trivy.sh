#!/usr/bin/env bash
# Seeds trivy-cache, the trivy toolchain's cache volume (--cache-dir /cache/trivy), with a
# small real vulnerability DB in db/ built by toolchains/trivy/test/db-fixture from the
# advisories there, then checks an offline scan of the npm and pip fixtures finds them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/seeds-lib.sh"
gen="$fixtures/trivy/test/db-fixture"
inputs=$(find "$gen" -type f | sort)
# shellcheck disable=SC2086
fresh trivy $inputs && exit 0

echo "seeds: trivy-cache (vulnerability DB from $(find "$gen/advisories" -name '*.json' | wc -l) advisories)"
(cd "$gen" && GOPATH="$TOOLCHAINS_GO_HOME" GOMODCACHE="$TOOLCHAINS_GO_HOME/mod" \
  GOCACHE="$TOOLCHAINS_GO_HOME/build" GOFLAGS=-mod=mod go run . "$seeds/trivy-cache/db" 2>/dev/null)
scan() { # fixture, the advisory it must find
  offline "$TOOLCHAINS_TOOLS/bin/trivy" fs --quiet --skip-db-update --offline-scan \
    --cache-dir "$seeds/trivy-cache" --scanners vuln --format json "$fixtures/trivy/test/fixtures/$1" |
    grep -q "\"VulnerabilityID\": \"$2\"" || { echo "seeds: trivy found no $2 in fixtures/$1 offline"; exit 1; }
}
TOOLCHAINS_TOOLS="${TOOLCHAINS_TOOLS:-$toolchains_root/.ci/.tools}"
scan npm CVE-2019-11358
scan pip CVE-2024-35195
# Scans leave their own caches (fanal/); the seed is the DB alone.
rm -rf "$seeds/trivy-cache/fanal"

# shellcheck disable=SC2086
stamp trivy $inputs
