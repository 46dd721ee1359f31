#!/usr/bin/env bash
# Fills $TOOLCHAINS_SEEDS (default .ci/.cache/seeds): one folder per cache volume key the
# toolchains mount, for an engine double to copy into its volumes, each checked by an
# offline install. Each part is skipped when its inputs have not changed. Arguments name
# the parts to fill (trivy needs the trivy binary); none fills them all.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
[ $# -gt 0 ] || set -- node python pytest-run go trivy
for part in "$@"; do
  bash "$here/seeds-$part.sh"
done
