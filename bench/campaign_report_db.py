"""Benchmark of the impact report read from the DATABASE: generate a 100,000-target bundle, load it
with `ipenforce campaign load`'s loader, then time the report (DB reads + compute_impact + JSON).

    uv run python -m bench.campaign_report_db [--targets 100000] [--repeat 3]

Runs on a temporary SQLite file, and also on PostgreSQL when POSTGRES_URL is set (a throw-away
database, e.g. from `scripts/pg-temp.sh start`). Prints JSON lines:
`{"bench": "campaign_report_db", "db": "sqlite"|"postgresql", "targets": 100000, "seconds": …}`
(best of --repeat) and `{"bench": "campaign_load_db", …}` for the load itself.

Each database runs in its own subprocess (Django settings are read once per process).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _child(folder: str, repeat: int, db: str, targets: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipenforce.settings_test")
    import django

    django.setup()
    from django.core.management import call_command

    from ipenforce.campaigns import reporting
    from ipenforce.campaigns.analytics import compute_impact
    from ipenforce.campaigns.bundle_loader import load_bundle
    from ipenforce.campaigns.models import Campaign

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    result = load_bundle(folder)
    load_seconds = time.perf_counter() - t0
    print(
        json.dumps(
            {
                "bench": "campaign_load_db",
                "db": db,
                "targets": targets,
                "seconds": round(load_seconds, 3),
                "created": result.created,
                **result.counts,
            }
        ),
        flush=True,
    )
    best = best_read = float("inf")
    report = None
    for _ in range(repeat):
        campaign = Campaign.objects.get(name=result.campaign.name)
        t0 = time.perf_counter()
        data = reporting.campaign_data(campaign)
        read = time.perf_counter() - t0
        report = compute_impact(
            data.campaign,
            data.targets,
            data.dispatch,
            data.responses,
            data.licences,
            assignment=data.assignment,
        )
        json.dumps(report.to_dict())
        total = time.perf_counter() - t0
        if total < best:
            best, best_read = total, read
    assert report is not None
    effect = report.effect
    print(
        json.dumps(
            {
                "bench": "campaign_report_db",
                "db": db,
                "targets": targets,
                "seconds": round(best, 3),
                "db_read_seconds": round(best_read, 3),
                "licensed_firms": report.licensed_firms,
                "difference": None if effect is None else round(effect.difference, 4),
            }
        ),
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--targets", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", nargs=2, metavar=("FOLDER", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], args.repeat, args.child[1], args.targets)
        return

    from bench.generators.campaign_bundle import generate_bundle

    with tempfile.TemporaryDirectory(prefix="campaign-report-db-") as tmp:
        folder = Path(tmp) / "bundle"
        t0 = time.perf_counter()
        generate_bundle(
            folder, args.targets, seed=args.seed, true_effect=0.04, base_rate=0.08,
            arms=("letter_deterrence", "letter_information"), missing_ruc_share=0.1,
            name=f"Benchmark {args.targets}",
        )  # fmt: skip
        print(
            json.dumps(
                {
                    "bench": "campaign_bundle_generate",
                    "targets": args.targets,
                    "seconds": round(time.perf_counter() - t0, 3),
                }
            ),
            flush=True,
        )
        databases = [("sqlite", f"sqlite:///{tmp}/bench.sqlite3")]
        server = os.environ.get("POSTGRES_URL")
        scratch = f"ipenforce_bench_{os.getpid()}"
        if server:
            databases.append(("postgresql", _postgres(server, scratch, create=True)))
        try:
            for name, url in databases:
                env = {**os.environ, "DATABASE_URL": url, "IPENFORCE_TESTING": "1"}
                command = [sys.executable, "-m", "bench.campaign_report_db", "--child", str(folder)]
                command += [name, "--targets", str(args.targets), "--repeat", str(args.repeat)]
                subprocess.run(command, env=env, check=True)
        finally:
            if server:
                _postgres(server, scratch, create=False)


def _postgres(server: str, name: str, *, create: bool) -> str:
    """Create (or drop) a scratch database on the server of POSTGRES_URL; return its URL."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(server)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')
        else:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


if __name__ == "__main__":
    main()
