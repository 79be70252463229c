"""Benchmark: wall time of `fine calculate` on one case in a fresh Python process.

Runs `python -m ipenforce.fines.cli calculate CASE` N times (default 7) and prints JSON lines:
one per run and a summary {"bench": "fines_cli_startup", "median_s": ..., "target_s": 0.5}.
Also reports the bare interpreter start-up time for comparison.

    uv run python bench/fines_cli_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 0.5
CASE = {
    "body": "copyright",
    "resolution_date": "2024-10-07",
    "proceeding_started_on": "2023-11-20",
    "method": "ad_hoc",
    "ad_hoc": {
        "beta_pen": 36000,
        "beta_basis": "illicit_benefit_avoided_cost",
        "detection": "medium",
    },
    "annual_sales_pen": 2400000,
    "circumstances": [
        {"id": "recidivism", "percent": 25},
        {"id": "written_acknowledgement", "percent": 10},
    ],
}


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"command failed ({done.returncode}): {done.stderr}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        case = Path(tmp) / "case.json"
        case.write_text(json.dumps(CASE), encoding="utf-8")
        cmd = [sys.executable, "-m", "ipenforce.fines.cli", "calculate", str(case)]
        _time(cmd)  # warm the file cache and the bytecode cache
        runs = []
        for i in range(args.runs):
            t = _time(cmd)
            runs.append(t)
            print(json.dumps({"bench": "fines_cli_startup", "run": i + 1, "wall_s": round(t, 4)}))
        bare = statistics.median(_time([sys.executable, "-c", "pass"]) for _ in range(3))
    median = statistics.median(runs)
    print(
        json.dumps(
            {
                "bench": "fines_cli_startup",
                "runs": args.runs,
                "median_s": round(median, 4),
                "min_s": round(min(runs), 4),
                "max_s": round(max(runs), 4),
                "python_bare_median_s": round(bare, 4),
                "target_s": TARGET_S,
                "ok": median <= TARGET_S,
            }
        )
    )
    return 0 if median <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
