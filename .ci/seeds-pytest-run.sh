#!/usr/bin/env bash
# Seeds what the pytest toolchain's real-run fixtures (toolchains/pytest/test/fixtures/run,
# installed by the engine double with Debian's Python 3.11) need beyond seeds-python.sh:
# uv-cache gets PDM as the toolchain installs it (with hishel<2 and unearth<0.19), the
# uv fixture's packages and index metadata (its stale-lock test re-resolves offline) and
# the lockless pyproject fixture's; the wheelhouse gets colorama, which the Poetry and
# PDM fixtures lock (on Windows only). pip, Poetry and PDM install from the wheelhouse.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/seeds-lib.sh"
wheels="${TOOLCHAINS_WHEELS:-$toolchains_root/.ci/.cache/wheels}"
run="$fixtures/pytest/test/fixtures/run"
inputs=$(find "$run" -name '*.toml' -o -name '*.lock' -o -name 'requirements*.txt' | sort)
# shellcheck disable=SC2086
fresh pytest-run $inputs && exit 0

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export UV_CACHE_DIR="$seeds/uv-cache" UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
python=/usr/bin/python3.11
echo "seeds: uv-cache for the pytest toolchain's real-run fixtures"
steps() { # dir, then commands run in it
  local dir="$1"
  shift
  (cd "$dir" && for s in "$@"; do eval "$s" || exit 1; done) >"$work/log" 2>&1 || { cat "$work/log"; return 1; }
}
pdm_tool="uv tool install -q pdm==$PDM_VERSION --with 'hishel<2' --with 'unearth<0.19'"
uv_steps=("uv sync -q --locked --extra test" "uv pip install -q --python venv/bin/python pytest-cov==$PYTEST_COV_VERSION")
pyproject_steps=("uv venv -q -p $python venv" "uv pip install -q --python venv/bin/python -r pyproject.toml --extra tests"
  "uv pip install -q --python venv/bin/python --no-deps -e .")
export UV_TOOL_DIR="$work/tools" UV_TOOL_BIN_DIR="$work/tools/bin" UV_PYTHON="$python" UV_PROJECT_ENVIRONMENT=venv
for phase in online offline; do
  rm -rf "$work/tools"
  uv_dir="$(scratch pytest/test/fixtures/run/uv "uv-$phase")"
  pyproject_dir="$(scratch pytest/test/fixtures/run/pyproject "pyproject-$phase")"
  if [ "$phase" = online ]; then
    # The index metadata of every locked package, as a re-resolution reads it.
    steps "$uv_dir" "cp uv.lock uv.lock.orig" "uv lock -q --upgrade" "mv uv.lock.orig uv.lock"
    steps "$work" "$pdm_tool"
    steps "$uv_dir" "${uv_steps[@]}"
    steps "$pyproject_dir" "${pyproject_steps[@]}"
  else
    offline env UV_OFFLINE=1 bash -c "cd '$work' && $pdm_tool" ||
      { echo "seeds: pdm does not install offline"; exit 1; }
    for fixture in uv pyproject; do
      dir="$work/$fixture-offline"
      eval "list=(\"\${${fixture}_steps[@]}\")"
      # shellcheck disable=SC2154
      offline env UV_OFFLINE=1 bash -c 'cd "$1" && shift && for s in "$@"; do eval "$s" || exit 1; done' \
        check "$dir" "${list[@]}" >"$work/log" 2>&1 ||
        { echo "seeds: pytest fixture run/$fixture did not install offline:"; cat "$work/log"; exit 1; }
    done
  fi
done

echo "seeds: colorama in the wheelhouse"
python3 -m pip download -q -d "$wheels" --only-binary=:all: --no-deps colorama==0.4.6
python3 "$toolchains_root/.ci/simple-index.py" "$wheels"
# shellcheck disable=SC2086
stamp pytest-run $inputs
