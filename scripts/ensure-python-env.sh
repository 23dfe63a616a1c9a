#!/usr/bin/env bash
# Creates the Python virtual environment for the model toolchain and its tests if it is missing or
# out of date with models/requirements.txt or models/pyproject.toml, and installs the toolchain itself
# (the `dvar` package) in editable mode, so `import dvar` works from anywhere. torch is pinned to the CPU
# build that pip finds on disk.
set -euo pipefail
cd "$(dirname "$0")/.."
req=models/requirements.txt
stamp=.venv/.requirements.sha256
want=$(cat "$req" models/pyproject.toml | sha256sum | cut -d' ' -f1)
if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "Setting up the Python environment in .venv (models/requirements.txt)..."
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r "$req"
.venv/bin/pip install --quiet --disable-pip-version-check --no-deps -e models
echo "$want" > "$stamp"
