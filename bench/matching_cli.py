"""Benchmark: the contract's command end to end, `ipenforce parties dedupe IN.csv --out OUT.csv`.

    uv run python -m bench.matching_cli 20000 200000 [--seed 11] [--profile hard]

Writes a generated list as the contract's CSV (`record_id,name,ruc,address,district,department`),
runs the command in a subprocess (interpreter start, CSV reading, matching with the saved
model, atomic CSV writing: everything a user waits for), reads CLUSTERS.csv back and scores it
against the generator's truth. Prints one JSON line per size:
{"bench": "matching_cli", "n", "precision", "recall", "f1", "seconds", "records_per_s",
"exit"}.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generators.companies import PROFILES, generate
from ipenforce.matching.evaluate import pairwise_scores

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = ("record_id", "name", "ruc", "address", "district", "department")


def run(n: int, seed: int, profile: str, workdir: Path) -> dict[str, object]:
    records, truth = generate(n, seed, profile=profile)
    source = workdir / f"firms-{n}.csv"
    out = workdir / f"clusters-{n}.csv"
    with source.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows({c: r.get(c) or "" for c in COLUMNS} for r in records)
    command = [sys.executable, "-m", "ipenforce.cli", "parties", "dedupe", str(source)]
    start = time.perf_counter()
    done = subprocess.run([*command, "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        return {"bench": "matching_cli", "n": n, "exit": done.returncode, "stderr": done.stderr}
    with out.open(encoding="utf-8", newline="") as fh:
        predicted = {row["record_id"]: row["cluster_id"] for row in csv.DictReader(fh)}
    assert len(predicted) == n, "every input record exactly once"
    scores = pairwise_scores(predicted, truth)
    return {
        "bench": "matching_cli",
        "n": n,
        "seed": seed,
        "profile": profile,
        "precision": round(scores.precision, 4),
        "recall": round(scores.recall, 4),
        "f1": round(scores.f1, 4),
        "seconds": round(seconds, 2),
        "records_per_s": round(n / seconds),
        "exit": done.returncode,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", type=int, nargs="*", default=[20_000, 200_000])
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--profile", default="default", choices=sorted(PROFILES))
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="matching-cli-") as tmp:
        for n in a.sizes:
            print(json.dumps(run(n, a.seed, a.profile, Path(tmp))), flush=True)


if __name__ == "__main__":
    main()
