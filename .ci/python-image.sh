# Sourced by .ci/setup. Lays out what the pytest toolchain's Python image
# (python:3.x-slim) holds in /usr/local, for executed pipelines to stand in for it:
# python, python3, python3.11 and pip, pointing at Debian's Python 3.11 (with its venv
# and pip), in .ci/.tools/python-image. Skipped when already there.
toolchains_python_image="$toolchains_root/.ci/.tools/python-image"
toolchains_python_image_version="$(/usr/bin/python3.11 -c 'import platform; print(platform.python_version())' 2>/dev/null)"
if [ -z "$toolchains_python_image_version" ] || ! /usr/bin/python3.11 -c 'import ensurepip, venv' 2>/dev/null; then
  echo "setup: the Python image stand-in needs Debian's python3.11 with venv: apt-get install -y python3-venv python3-pip" >&2
  return 1 2>/dev/null || exit 1
fi
if [ "$(cat "$toolchains_python_image/.versions" 2>/dev/null)" != "$toolchains_python_image_version" ]; then
  echo "setup: laying out the Python image stand-in (Python $toolchains_python_image_version)"
  rm -rf "$toolchains_python_image"
  mkdir -p "$toolchains_python_image/bin"
  for toolchains_name in python python3 python3.11; do
    ln -s /usr/bin/python3.11 "$toolchains_python_image/bin/$toolchains_name"
  done
  for toolchains_name in pip pip3 pip3.11; do
    printf '#!/bin/sh\nexec /usr/local/bin/python3 -m pip "$@"\n' >"$toolchains_python_image/bin/$toolchains_name"
    chmod 755 "$toolchains_python_image/bin/$toolchains_name"
  done
  echo "$toolchains_python_image_version" >"$toolchains_python_image/.versions"
fi
export TOOLCHAINS_PYTHON_IMAGE="$toolchains_python_image"
