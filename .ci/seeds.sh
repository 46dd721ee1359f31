#!/usr/bin/env bash
# Fills $TOOLCHAINS_SEEDS (default .ci/.cache/seeds): one folder per cache volume key the
# toolchains mount, for an engine double to copy into its volumes, each checked by an
# offline install. Each part is skipped when its inputs have not changed.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
for part in node python go trivy; do
  bash "$here/seeds-$part.sh"
done
