"""Benchmark: de-duplicate generated firm lists with the saved model and score against truth.

    uv run python -m bench.matching_dedupe 20000 200000 [--seed 11] [--profile hard]
    uv run python -m bench.matching_dedupe 20000 200000 --generator alt

``--generator alt`` uses ``bench/generators/companies_alt.py``, a second generator written from
the contract, independent of the engine's tables and of ``companies.py`` (a stand-in for the
acceptance test's unseen generator).

Prints one JSON line per size: {"bench": "matching_dedupe", "n", "precision", "recall", "f1",
"seconds", "cpu_seconds", "records_per_s"}. ``seconds`` is the wall time of ``dedupe``
(normalisation, blocking, scoring, clustering) with the saved model, ``cpu_seconds`` its user +
sys time over all threads; generating the list is not timed.
"""

from __future__ import annotations

import argparse
import json
import time

import polars as pl

from bench.generators import companies, companies_alt
from ipenforce.matching.dedupe import dedupe
from ipenforce.matching.evaluate import pairwise_scores

GENERATORS = {"companies": companies, "alt": companies_alt}


def generate(
    n: int, seed: int, profile: str = "default", generator: str = "companies"
) -> tuple[list[dict[str, str]], dict[str, str]]:
    """A generated list and its truth (record_id -> entity_id) from the named generator."""
    gen = GENERATORS[generator]
    if profile not in gen.PROFILES:
        raise SystemExit(f"generator {generator} has no profile {profile!r}")
    return gen.generate(n, seed, profile=profile)


def run(
    n: int,
    seed: int,
    verbose: bool = False,
    profile: str = "default",
    generator: str = "companies",
) -> dict[str, object]:
    records, truth = generate(n, seed, profile, generator)
    df = pl.DataFrame(records)
    phases: dict[str, float] = {}
    last_time = [time.perf_counter()]
    last_phase = [""]

    def progress(phase: str) -> None:
        now = time.perf_counter()
        if last_phase[0]:
            phases[last_phase[0]] = round(now - last_time[0], 2)
        last_time[0], last_phase[0] = now, phase

    t0, c0 = time.perf_counter(), time.process_time()
    out = dedupe(df, progress=progress)
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0  # user + sys of all threads: steadier on a busy machine
    progress("")
    predicted = dict(zip(out["record_id"].to_list(), out["cluster_id"].to_list(), strict=True))
    s = pairwise_scores(predicted, truth)
    row: dict[str, object] = {
        "bench": "matching_dedupe",
        "n": n,
        "seed": seed,
        "profile": profile,
        "generator": generator,
        "precision": round(s.precision, 4),
        "recall": round(s.recall, 4),
        "f1": round(s.f1, 4),
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "records_per_s": round(n / seconds),
    }
    if verbose:
        row["phases"] = phases
    return row


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", type=int, nargs="*", default=[20_000, 200_000])
    ap.add_argument("--seed", type=int, default=11)
    profiles = sorted({p for g in GENERATORS.values() for p in g.PROFILES})
    ap.add_argument("--profile", default="default", choices=profiles)
    ap.add_argument("--generator", default="companies", choices=sorted(GENERATORS))
    ap.add_argument("--phases", action="store_true", help="add the time of each phase")
    a = ap.parse_args()
    for n in a.sizes:
        print(json.dumps(run(n, a.seed, a.phases, a.profile, a.generator)), flush=True)


if __name__ == "__main__":
    main()
