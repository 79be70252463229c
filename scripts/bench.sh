#!/usr/bin/env bash
# Run every benchmark under bench/ (each prints JSON lines); figures go to bench/out/.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/out
for b in bench/*.py; do
  echo "== $b"
  scripts/uv.sh run --frozen python "$b" | tee "bench/out/$(basename "$b" .py).jsonl"
done
