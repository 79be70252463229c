#!/usr/bin/env bash
# Run uv, installing it with pip first if it is missing (nothing else is assumed on the machine).
set -euo pipefail
if command -v uv >/dev/null 2>&1; then
  exec uv "$@"
fi
if ! python3 -m uv --version >/dev/null 2>&1; then
  echo "setup: installing uv with pip" >&2
  python3 -m pip install --quiet --disable-pip-version-check uv >&2
fi
exec python3 -m uv "$@"
