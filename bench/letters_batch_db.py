"""Letters per second through the whole letter-batch job path on a database: render (Typst),
store each PDF with its SHA-256 (`issue_documents`), one Dispatch row per letter, chunked
transactions; then the print-ready combined PDF. Prints JSON lines.

    uv run python bench/letters_batch_db.py                  # 2,000 targets, SQLite (temp file)
    uv run python bench/letters_batch_db.py --targets 10000  # the target size of a campaign
    uv run python bench/letters_batch_db.py --targets 500 --control-share 0.2

Runs against a fresh SQLite database and media folder in a temporary directory (never your
var/ data). `letters_per_s` counts the letters (render + store + dispatch); `combined_pdf_s` is
the extra print PDF; `total_letters_per_s` includes it. The `*_per_cpu_s` figures divide by the
CPU time (user + system, all threads of the process): compare those on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--targets", type=int, default=2000)
    parser.add_argument("--control-share", type=float, default=0.0)
    parser.add_argument("--chunk-size", type=int, default=100)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="ipe-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipenforce.settings_test")
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from decimal import Decimal

    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from ipenforce.campaigns.models import Campaign, CampaignStatus, Dispatch
    from ipenforce.campaigns.services import operations
    from ipenforce.campaigns.targeting import TargetFilters
    from ipenforce.campaigns.tasks import run_letter_batch
    from ipenforce.campaigns.tests.ops_factories import make_campaign, make_firms
    from ipenforce.documents.models import IssuedDocument

    started = time.perf_counter()
    make_firms(args.targets, seed=11)
    campaign = make_campaign("bench", name="Bench")
    operations.configure_arms(
        campaign,
        letter_arms=["letter"],
        control_share=Decimal(str(args.control_share)),
        seed=1,
        actor="bench",
    )
    operations.add_targets(campaign, TargetFilters(), actor="bench")
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.APPROVED)
    setup_s = time.perf_counter() - started

    letters_done: dict[str, float] = {}
    print_started: dict[str, float] = {}

    def progress(done: int, total: int, message: str) -> None:
        if message.startswith("Enviando") and "t" not in letters_done:
            letters_done["t"] = time.perf_counter()
            letters_done["cpu"] = time.process_time()
        if message.startswith("Preparando") and "t" not in print_started:
            print_started["t"] = time.perf_counter()
            print_started["cpu"] = time.process_time()

    cpu0 = time.process_time()
    t0 = time.perf_counter()
    result = run_letter_batch(
        campaign.pk,
        base_url="https://ipenforce.example",
        actor="bench",
        progress=progress,
        chunk_size=args.chunk_size,
    )
    t_end = time.perf_counter()
    cpu = time.process_time() - cpu0
    letters_s = letters_done.get("t", t_end) - t0
    letters_cpu = letters_done.get("cpu", cpu0 + cpu) - cpu0
    print_s = t_end - print_started.get("t", t_end)
    print_cpu = cpu0 + cpu - print_started.get("cpu", cpu0 + cpu)
    n = result.letters
    assert n == Dispatch.objects.filter(target__campaign=campaign).count()
    print_docs = IssuedDocument.objects.filter(title__startswith="Lote para imprenta")
    print_mb = sum(d.size for d in print_docs) / 1e6
    load = os.getloadavg()[0]
    rows = [
        {"metric": "setup_s", "value": round(setup_s, 2), "targets": args.targets},
        {
            "metric": "letters_per_s",
            "value": round(n / letters_s, 1),
            "letters": n,
            "seconds": round(letters_s, 2),
            "path": "render+issue_documents(sha256,file,audit)+dispatch rows, chunks of "
            f"{args.chunk_size}",
        },
        {
            "metric": "letters_per_cpu_s",
            "value": round(n / letters_cpu, 1),
            "cpu_s": round(letters_cpu, 2),
        },
        {
            "metric": "combined_pdf_s",
            "value": round(print_s, 2),
            "cpu_s": round(print_cpu, 2),
            "documents": print_docs.count(),
            "mb": round(print_mb, 1),
        },
        {"metric": "total_letters_per_s", "value": round(n / (t_end - t0), 1)},
        {"metric": "total_letters_per_cpu_s", "value": round(n / cpu, 1), "cpu_s": round(cpu, 2)},
        {
            "metric": "peak_rss_mb",
            "value": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        },
        {"metric": "load_avg_1m", "value": round(load, 2), "cpus": os.cpu_count()},
    ]
    for row in rows:
        print(json.dumps(row))


if __name__ == "__main__":
    main()
