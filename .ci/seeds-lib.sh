# Helpers for the .ci/seeds-*.sh scripts. Sourced, not run.
toolchains_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$toolchains_root/.ci/versions.sh"
seeds="${TOOLCHAINS_SEEDS:-$toolchains_root/.ci/.cache/seeds}"
locks="$toolchains_root/.ci/.cache/locks"
fixtures="$toolchains_root/toolchains"
mkdir -p "$seeds" "$locks"
# The repository's package.json says "type": "module"; Yarn 2+ in the corepack seed is
# CommonJS, so the corepack seed gets its own package.json.
mkdir -p "$seeds/corepack"
[ -e "$seeds/corepack/package.json" ] || echo '{ "type": "commonjs" }' >"$seeds/corepack/package.json"

# Runs a command with no network but loopback, as the seeds' verification needs.
offline() { unshare --net bash -c 'ip link set lo up && "$@"' offline "$@"; }

# The stamp of a seed: a hash of its script, the versions and the files it is made from. `fresh NAME
# FILES...` succeeds when the seed was made from exactly those; `stamp NAME FILES...`
# records it.
seed_hash() { cat "$toolchains_root"/.ci/versions.sh "$toolchains_root"/.ci/seeds-lib.sh "$0" "$@" | sha256sum | cut -c1-16; }
fresh() { local name="$1"; shift; [ "$(cat "$seeds/.$name.stamp" 2>/dev/null)" = "$(seed_hash "$@")" ]; }
stamp() { local name="$1"; shift; seed_hash "$@" >"$seeds/.$name.stamp"; }

# A scratch copy of a fixture without its lockfile stubs, in $work.
scratch() { # fixture dir (relative to toolchains/), name
  local dir="$work/$2"
  rm -rf "$dir" && mkdir -p "$dir" && cp -a "$fixtures/$1/." "$dir/"
  echo "$dir"
}
