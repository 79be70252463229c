"""Benchmark: import a generated padrón reducido RUC (validation and merge included).

    uv run python bench/sunat_import.py [--rows 2000000] [--workdir DIR]

For SQLite (a migrated temporary file) and, when POSTGRES_URL is set, PostgreSQL (a fresh
database on that server), runs three imports, each in its own process so that its peak RSS is
its own: ``first`` (empty mirror), ``reimport`` (same file: 0 new, 0 updated) and ``modified``
(about 5 % of the taxpayers changed plus 0.5 % new ones). Prints one JSON line per import:
{"bench": "sunat_import", "db", "phase", "rows", "seconds", "rows_per_s", "peak_rss_mb", counts}.
``client_cpu_s`` is the CPU time of the importing process, ``server_cpu_s`` (PostgreSQL, when
the server runs on this machine and /proc is readable) the CPU time of the server's processes
during the import (the postmaster's children, live and exited), and ``load_avg_1m`` the
machine's load: on a shared machine the wall time is contended, compare the CPU seconds.
``--sql-log`` prints every SQL statement of the import that takes more than 0.2 s (stderr).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))


def _proc_cpu(pid: int, *, children: bool = False) -> float:
    """CPU seconds of a process from /proc (with its waited-for children when asked)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    if children:
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def _server_cpu(postmaster: int) -> float:
    """CPU seconds used so far by a PostgreSQL server: postmaster, its live and exited children."""
    total = _proc_cpu(postmaster, children=True)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rpartition(")")[2].split()
            if int(stat[1]) == postmaster:
                total += (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            continue
    return total


def _postmaster(url: str) -> int | None:
    """PID of the server behind `url` when it runs on this machine, else None."""
    import psycopg

    try:
        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT pg_backend_pid()").fetchone()
            if row is None:
                return None
            backend = row[0]
        stat = Path(f"/proc/{backend}/stat").read_text().rpartition(")")[2].split()
        return int(stat[1])
    except (OSError, psycopg.Error):
        return None


def _log_slow_sql(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        took = time.perf_counter() - start
        if took > 0.2:
            print(f"  sql {took:7.2f}s {' '.join(sql.split())[:160]}", file=sys.stderr)


def child(path: str, db: str, phase: str, sql_log: bool = False) -> None:
    """Run one import in this process and print its figures."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipenforce.settings")
    import django

    django.setup()
    from django.db import connection

    from ipenforce.parties.sunat.service import import_padron

    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = before.ru_utime + before.ru_stime
    start = time.perf_counter()
    if sql_log:
        with connection.execute_wrapper(_log_slow_sql):
            run = import_padron(path, rejects_path=path + f".{db}.rejects.csv", show_bar=False)
    else:
        run = import_padron(path, rejects_path=path + f".{db}.rejects.csv", show_bar=False)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak_kb = usage.ru_maxrss
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    print(
        json.dumps(
            {
                "bench": "sunat_import",
                "db": db,
                "phase": phase,
                "rows": run.rows_read,
                "seconds": round(seconds, 2),
                "rows_per_s": round(run.rows_read / seconds),
                "peak_rss_mb": round(peak_kb / 1024, 1),
                "client_cpu_s": round(cpu, 2),
                "new": run.rows_new,
                "updated": run.rows_updated,
                "unchanged": run.rows_unchanged,
                "rejected": run.rows_rejected,
                "file_mb": round(run.size_bytes / 2**20, 1),
                "load_avg_1m": round(os.getloadavg()[0], 2),
            }
        ),
        flush=True,
    )


def _run_phases(
    env: dict[str, str], db: str, files: dict[str, Path], *, sql_log: bool = False
) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], env=env, check=True)
    postmaster = _postmaster(env["DATABASE_URL"]) if db == "postgresql" else None
    for phase, path in files.items():
        command = [sys.executable, __file__, "--child", str(path), "--db", db, "--phase", phase]
        server_before = _server_cpu(postmaster) if postmaster else 0.0
        out = subprocess.run(
            command + (["--sql-log"] if sql_log else []),
            env=env,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
        figures = json.loads(out.strip().splitlines()[-1])
        if postmaster:
            figures["server_cpu_s"] = round(_server_cpu(postmaster) - server_before, 2)
        print(json.dumps(figures), flush=True)


def _fresh_postgres(url: str) -> str:
    import psycopg

    base, _, _name = url.rpartition("/")
    name = "ipenforce_bench_sunat"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return f"{base}/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default=None)
    parser.add_argument("--phases", default="first,reimport,modified")
    parser.add_argument("--sql-log", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.db, args.phase, args.sql_log)
        return

    from bench.generators.sunat import generate

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="sunat-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    base = workdir / f"padron_{args.rows}.txt"
    modified = workdir / f"padron_{args.rows}_modified.txt"
    if not base.exists():
        generate(base, args.rows, seed=1, duplicates=20)
    if not modified.exists():
        generate(modified, args.rows, seed=1, changes=0.05, extra=args.rows // 200, duplicates=20)
    files = {"first": base, "reimport": base, "modified": modified}
    files = {phase: files[phase] for phase in args.phases.split(",")}

    env = dict(os.environ, IPENFORCE_TESTING="1", DJANGO_SETTINGS_MODULE="ipenforce.settings")
    if args.db in (None, "sqlite"):
        with tempfile.TemporaryDirectory(prefix="sunat-bench-db-", dir=workdir) as tmp:
            env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
            _run_phases(env, "sqlite", files, sql_log=args.sql_log)
    if args.db in (None, "postgresql") and os.environ.get("POSTGRES_URL"):
        env["DATABASE_URL"] = _fresh_postgres(os.environ["POSTGRES_URL"])
        _run_phases(env, "postgresql", files, sql_log=args.sql_log)


if __name__ == "__main__":
    main()
