#!/usr/bin/env bash
# Seeds the Python caches the pytest toolchain mounts (uv-cache, pip-cache, poetry-cache,
# pdm-cache) and the wheelhouse $TOOLCHAINS_WHEELS (Python 3.11, linux x86_64), then
# checks every Python fixture installs offline with the toolchain's own commands. The
# fixtures' lockfiles are stubs, so each is locked here for real (kept in
# .ci/.cache/locks), installed online, then installed again offline in a fresh copy.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/seeds-lib.sh"
wheels="${TOOLCHAINS_WHEELS:-$toolchains_root/.ci/.cache/wheels}"
py="$fixtures/pytest/test/fixtures"
inputs=$(find "$py"/{requirements,setup-py,pyproject,uv,poetry,pdm} -name '*.toml' -o -name 'requirements*.txt' -o -name setup.py | sort)
# shellcheck disable=SC2086
fresh python $inputs && exit 0

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$seeds"/{uv-cache,pip-cache,poetry-cache,pdm-cache} "$wheels"
# The toolchain's environment (src/install.ts), with the seeds for its cache volumes.
export UV_CACHE_DIR="$seeds/uv-cache" UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never \
  POETRY_CACHE_DIR="$seeds/poetry-cache" POETRY_NO_INTERACTION=1 \
  PDM_CACHE_DIR="$seeds/pdm-cache" PDM_CHECK_UPDATE=false PDM_NON_INTERACTIVE=1 \
  PIP_CACHE_DIR="$seeds/pip-cache" PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 \
  PIP_ROOT_USER_ACTION=ignore
unset PIP_FIND_LINKS
python="$(command -v python3.11 || command -v python3)"
# The uv fixture asks for Python 3.12 or later.
python_new="$(command -v python3.13 || ls "$(pyenv root 2>/dev/null || echo /nonexistent)"/versions/3.1[3-9]*/bin/python3 2>/dev/null | tail -n1 || true)"
uv_off="UV_OFFLINE=1"
pip_off="PIP_NO_INDEX=1,PIP_FIND_LINKS=$wheels"
# pdm finds each locked file through the index, so offline it reads the wheelhouse's.
pdm_off="PDM_PYPI_URL=file://$wheels/simple"
plugins="pytest==$PYTEST_VERSION pytest-xdist==$PYTEST_XDIST_VERSION pytest-cov==$PYTEST_COV_VERSION"

# Runs the toolchain's steps in a copy of a fixture: online to fill the caches, then
# offline in a fresh copy with the lockfile made online.
check() { # fixture, lockfile ("" for none), lock command, offline env (comma-separated), steps...
  local fixture="$1" lockfile="$2" lock="$3" off="$4" dir
  shift 4
  [ "$phase" = offline ] || online "$fixture" "$lockfile" "$lock" "$@"
  [ "$phase" = online ] || offline_check "$fixture" "$lockfile" "$off" "$@"
}
online() {
  local fixture="$1" lockfile="$2" lock="$3" dir
  shift 3
  dir="$(scratch "pytest/test/fixtures/$fixture" "$fixture")"
  if [ -n "$lockfile" ]; then
    rm -f "$dir/$lockfile"
    (cd "$dir" && eval "$lock") >"$work/$fixture.log" 2>&1 || { cat "$work/$fixture.log"; return 1; }
    mkdir -p "$locks/pytest/test/fixtures/$fixture" && cp "$dir/$lockfile" "$locks/pytest/test/fixtures/$fixture/"
  fi
  (cd "$dir" && export VIRTUAL_ENV="$dir/venv" && for s in "$@"; do eval "$s" || exit 1; done) \
    >"$work/$fixture.log" 2>&1 || { cat "$work/$fixture.log"; return 1; }
  uv pip freeze --python "$dir/venv/bin/python" --exclude-editable | grep "==" >>"$work/pins.txt" || true
}
offline_check() {
  local fixture="$1" lockfile="$2" off="$3" dir
  shift 3
  dir="$(scratch "pytest/test/fixtures/$fixture" "$fixture-offline")"
  [ -z "$lockfile" ] || cp "$locks/pytest/test/fixtures/$fixture/$lockfile" "$dir/"
  local IFS=,
  # shellcheck disable=SC2086
  offline env $off bash -c 'cd "$1" && export VIRTUAL_ENV="$1/venv" && shift && for s in "$@"; do eval "$s" || exit 1; done' \
    check "$dir" "$@" >"$work/$fixture.log" 2>&1 ||
    { echo "seeds: pytest fixture $fixture did not install offline:"; cat "$work/$fixture.log"; return 1; }
}
plugins_step="uv pip install --python venv/bin/python $plugins"

echo "seeds: uv-cache (poetry $POETRY_VERSION, pdm $PDM_VERSION, pytest plugins), pip-cache, poetry-cache, pdm-cache"
for tool in "poetry==$POETRY_VERSION" "pdm==$PDM_VERSION"; do
  UV_TOOL_DIR="$work/tools" UV_TOOL_BIN_DIR="$work/tools/bin" UV_PYTHON="$python" uv tool install -q "$tool"
  rm -rf "$work/tools"
  offline env UV_OFFLINE=1 UV_TOOL_DIR="$work/tools" UV_TOOL_BIN_DIR="$work/tools/bin" UV_PYTHON="$python" \
    uv tool install -q "$tool"
done

fixture_checks() {
  export UV_PYTHON="$python"
  check requirements "" "" "$uv_off,$pip_off" \
    "$python -m venv venv" "venv/bin/pip install -q -r requirements.txt -r requirements-dev.txt" "$plugins_step"
  check pyproject "" "" "$uv_off" \
    "uv venv -q venv" "uv pip install -r pyproject.toml --extra tests" "$plugins_step" \
    "uv pip install --no-deps -e ."
  check setup-py "" "" "$uv_off" \
    "uv venv -q venv" "uv pip install -e '.[test]'" "$plugins_step"
  # Poetry reads PyPI's per-version JSON API (/pypi/NAME/VERSION/json), which the index
  # reached here does not serve, so neither `poetry lock` nor `poetry install` runs here:
  # the poetry fixture's packages go into the wheelhouse only, and poetry-cache stays empty.
  check pdm pdm.lock "PDM_PYTHON=$python pdm lock -G :all" "$uv_off,$pdm_off" \
    "$python -m venv venv" "PDM_PYTHON=\$PWD/venv/bin/python pdm lock --check" \
    "PDM_PYTHON=\$PWD/venv/bin/python pdm sync --no-self -G :all" "$plugins_step" \
    "PDM_PYTHON=\$PWD/venv/bin/python pdm sync -G :all"
  if [ -n "$python_new" ]; then
    UV_PYTHON="$python_new" check uv uv.lock "uv lock" "$uv_off,UV_PYTHON=$python_new" \
      "UV_PROJECT_ENVIRONMENT=venv uv sync --locked --no-install-workspace --all-extras --all-groups" \
      "$plugins_step" "UV_PROJECT_ENVIRONMENT=venv uv sync --frozen --inexact --all-extras --all-groups"
  else
    echo "seeds: no Python 3.12 or later here, so the uv fixture is not seeded"
  fi
}
# pip has no offline mode with its cache alone: offline it installs from the wheelhouse.
(cd "$py/requirements" && python3 -m pip download -q -d "$wheels" -r requirements-dev.txt $plugins)
phase=online fixture_checks

echo "seeds: wheelhouse for Python 3.11 (linux x86_64)"
# The exact versions the fixtures installed (one file per repeat of a name, since the
# fixtures differ), then the pytest plugins and build backends with their dependencies.
sort -u "$work/pins.txt" | grep -v -E '^(pip|shop|lib|notes|legacy|billing|inventory)==' |
  awk -F== -v dir="$work" '{ n[tolower($1)]++; print > (dir "/pins-" n[tolower($1)] ".txt") }'
cat >"$work/wheelhouse.txt" <<PINS
$(echo "$plugins $PYTEST_PLUGINS" | tr ' ' '\n')
requests>=2.32
hatchling
poetry-core>=2,<3
pdm-backend
uv-build>=0.13,<0.14
setuptools
wheel
PINS
download() { python3 -m pip download -q -d "$wheels" --only-binary=:all: --python-version 3.11 \
  --implementation cp --abi cp311 --platform manylinux_2_28_x86_64 \
  --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 "$@"; }
for pins in "$work"/pins-*.txt; do download --no-deps -r "$pins"; done
download -r "$work/wheelhouse.txt"
offline env PIP_NO_INDEX=1 PIP_FIND_LINKS="$wheels" bash -c \
  "$python -m venv '$work/wheel-check' && '$work/wheel-check/bin/pip' install -q -r '$work/wheelhouse.txt'"
python3 "$toolchains_root/.ci/simple-index.py" "$wheels"
phase=offline fixture_checks

# shellcheck disable=SC2086
stamp python $inputs
