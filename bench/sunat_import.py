"""Benchmark: import a generated padrón reducido RUC (validation and merge included).

    uv run python bench/sunat_import.py [--rows 2000000] [--workdir DIR]

For SQLite (a migrated temporary file) and, when POSTGRES_URL is set, PostgreSQL (a fresh
database on that server), runs three imports, each in its own process so that its peak RSS is
its own: ``first`` (empty mirror), ``reimport`` (same file: 0 new, 0 updated) and ``modified``
(about 5 % of the taxpayers changed plus 0.5 % new ones). Prints one JSON line per import:
{"bench": "sunat_import", "db", "phase", "rows", "seconds", "rows_per_s", "peak_rss_mb", counts}.
``client_cpu_s`` is the CPU time of the importing process (not of the PostgreSQL server) and
``load_avg_1m`` the machine's load: on a shared machine compare figures taken at a low load.
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


def child(path: str, db: str, phase: str) -> None:
    """Run one import in this process and print its figures."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipenforce.settings")
    import django

    django.setup()
    from ipenforce.parties.sunat.service import import_padron

    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = before.ru_utime + before.ru_stime
    start = time.perf_counter()
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


def _run_phases(env: dict[str, str], db: str, files: dict[str, Path]) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], env=env, check=True)
    for phase, path in files.items():
        subprocess.run(
            [sys.executable, __file__, "--child", str(path), "--db", db, "--phase", phase],
            env=env,
            check=True,
        )


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
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.db, args.phase)
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

    env = dict(os.environ, IPENFORCE_TESTING="1", DJANGO_SETTINGS_MODULE="ipenforce.settings")
    with tempfile.TemporaryDirectory(prefix="sunat-bench-db-") as tmp:
        env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        _run_phases(env, "sqlite", files)
    if os.environ.get("POSTGRES_URL"):
        env["DATABASE_URL"] = _fresh_postgres(os.environ["POSTGRES_URL"])
        _run_phases(env, "postgresql", files)


if __name__ == "__main__":
    main()
