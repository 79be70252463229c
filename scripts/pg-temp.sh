#!/usr/bin/env bash
# A throw-away PostgreSQL server in a temporary folder, on 127.0.0.1 and a free port.
#   scripts/pg-temp.sh start   -> prints the folder and POSTGRES_URL=... lines
#   scripts/pg-temp.sh stop DIR
set -euo pipefail

bindir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [[ -x "$d/initdb" ]] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  available)
    bindir >/dev/null
    ;;
  start)
    bin=$(bindir) || { echo "pg-temp: no PostgreSQL server binaries found" >&2; exit 1; }
    dir=$(mktemp -d /tmp/ipenforce-pg.XXXXXX)
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null
    echo "PG_TEMP_DIR=$dir"
    echo "POSTGRES_URL=postgres://postgres@127.0.0.1:$port/ipenforce"
    ;;
  stop)
    bin=$(bindir)
    dir="${2:?usage: pg-temp.sh stop DIR}"
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg-temp.sh start | stop DIR | available" >&2
    exit 2
    ;;
esac
