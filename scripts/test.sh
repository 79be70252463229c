#!/usr/bin/env bash
# Every gate, then the whole suite on SQLite and again on PostgreSQL.
# PostgreSQL: POSTGRES_URL if set (CI starts a server), else a temporary server when the
# binaries are installed; otherwise the PostgreSQL run is skipped, and says so.
set -euo pipefail
cd "$(dirname "$0")/.."
uvr() { scripts/uv.sh run --frozen "$@"; }
step() { printf '\n== %s\n' "$*"; }

step "ruff check";  uvr ruff check .
step "ruff format"; uvr ruff format --check .
step "mypy";        uvr mypy
step "migrations";  IPENFORCE_TESTING=1 uvr python manage.py makemigrations --check --dry-run

step "pytest on SQLite"
env -u DATABASE_URL scripts/uv.sh run --frozen pytest "$@"

pg_dir=""
cleanup() { if [[ -n "$pg_dir" ]]; then scripts/pg-temp.sh stop "$pg_dir"; fi; }
trap cleanup EXIT
if [[ -z "${POSTGRES_URL:-}" ]] && scripts/pg-temp.sh available 2>/dev/null; then
  eval "$(scripts/pg-temp.sh start | sed 's/^/export /')"
  pg_dir="$PG_TEMP_DIR"
fi
if [[ -n "${POSTGRES_URL:-}" ]]; then
  step "pytest on PostgreSQL (${POSTGRES_URL%%@*}@…)"
  DATABASE_URL="$POSTGRES_URL" scripts/uv.sh run --frozen pytest "$@"
else
  step "PostgreSQL run skipped: no POSTGRES_URL and no PostgreSQL server binaries installed"
fi
