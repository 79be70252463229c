#!/usr/bin/env bash
# Migrate the SQLite demo database, load the demo data once, and serve with a worker.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-8000}"
export DEBUG="${DEBUG:-1}"
scripts/uv.sh run --frozen ipenforce migrate --verbosity 0
scripts/uv.sh run --frozen ipenforce demo
echo
echo "IP Enforce: http://127.0.0.1:${port}/  (Ctrl+C para detener / to stop)"
exec scripts/uv.sh run --frozen ipenforce run --port "$port"
