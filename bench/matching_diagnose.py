"""Diagnosis of a de-duplication run: where the missed and the wrong pairs come from.

    uv run python -m bench.matching_diagnose 200000 [--seed 11] [--profile hard] [--show 20]
        [--generator alt]

Runs the phases of ``dedupe`` on a generated list and splits the true pairs the clustering
missed into: never a candidate pair, a candidate scored below ``cluster_threshold``, or split by
the clustering although scored above it; the wrong pairs are counted likewise. Prints counts by
name / place / address level and examples.
"""

from __future__ import annotations

import argparse
from collections import Counter

import polars as pl

from bench.matching_dedupe import GENERATORS, generate
from ipenforce.matching.dedupe import labels, score
from ipenforce.matching.evaluate import pairwise_scores
from ipenforce.matching.settings import MatchSettings


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=11)
    profiles = sorted({p for g in GENERATORS.values() for p in g.PROFILES})
    ap.add_argument("--profile", default="default", choices=profiles)
    ap.add_argument("--generator", default="companies", choices=sorted(GENERATORS))
    ap.add_argument("--show", type=int, default=15)
    ap.add_argument("--thresholds", type=float, nargs="*", default=[])
    ap.add_argument("--name-level", type=int, help="show only pairs at this gamma_name")
    a = ap.parse_args()
    records, truth = generate(a.n, a.seed, a.profile, a.generator)
    df = pl.DataFrame(records)
    settings = MatchSettings.load()
    prepared, scored = score(df, settings=settings)
    ent = pl.Series([truth[r] for r in prepared["record_id"].to_list()])
    found = labels(prepared, scored, settings.cluster_threshold)
    prepared = prepared.with_columns(ent.alias("entity"), pl.Series("label", found))
    rids = prepared["record_id"].to_list()
    for t in a.thresholds:
        lt = labels(prepared, scored, t)
        s = pairwise_scores(dict(zip(rids, lt.tolist(), strict=True)), truth)
        print(f"threshold {t}: P {s.precision:.4f} R {s.recall:.4f} F1 {s.f1:.4f}")
    ids = prepared.select("idx", "entity", "label")
    true_pairs = (
        ids.join(ids, on="entity", suffix="_r")
        .filter(pl.col("idx") < pl.col("idx_r"))
        .select(pl.col("idx").cast(pl.UInt32).alias("idx_l"), pl.col("idx_r").cast(pl.UInt32))
    )
    lab = prepared["label"]
    ent_s = prepared["entity"]
    sc = scored.with_columns(pl.col("idx_l").cast(pl.UInt32), pl.col("idx_r").cast(pl.UInt32))
    el = ent_s.gather(sc["idx_l"].cast(pl.Int64))
    er = ent_s.gather(sc["idx_r"].cast(pl.Int64))
    sc = sc.with_columns(
        pl.Series("same", (el == er).to_list()),
        pl.Series("together", (lab.gather(sc["idx_l"]) == lab.gather(sc["idx_r"])).to_list()),
    )
    tp = true_pairs.with_columns(
        pl.Series(
            "together",
            (
                lab.gather(true_pairs["idx_l"].cast(pl.Int64))
                == lab.gather(true_pairs["idx_r"].cast(pl.Int64))
            ).to_list(),
        )
    )
    missed = tp.filter(~pl.col("together")).join(
        sc.select(
            "idx_l",
            "idx_r",
            "match_probability",
            "match_weight",
            *[c for c in sc.columns if c.startswith("gamma_") or c.startswith("bf_")],
        ),
        on=["idx_l", "idx_r"],
        how="left",
    )
    thr = settings.cluster_threshold
    not_cand = missed.filter(pl.col("match_probability").is_null())
    below = missed.filter(pl.col("match_probability") < thr)
    split = missed.filter(pl.col("match_probability") >= thr)
    print(
        f"true pairs {tp.height}, candidates holding true pairs "
        f"{sc.filter('same').height}, candidate pairs {sc.height}"
    )
    print(
        f"missed {missed.height}: not candidates {not_cand.height}, below threshold "
        f"{below.height}, split {split.height}"
    )
    cols = ["name", "ruc", "address", "district", "department"]
    recs = prepared.select("idx", *cols, "name_core", "legal_form")

    def show(frame: pl.DataFrame, title: str) -> None:
        print(f"--- {title}")
        for row in frame.head(a.show).iter_rows(named=True):
            lr = recs.row(int(row["idx_l"]), named=True)
            rr = recs.row(int(row["idx_r"]), named=True)
            extra = ""
            if row.get("match_weight") is not None:
                extra = f" w={row['match_weight']:.2f} " + " ".join(
                    f"{c[3:]}={row[c]:.1f}" for c in row if c.startswith("bf_")
                )
            print(extra)
            print("   ", [lr[c] for c in cols])
            print("   ", [rr[c] for c in cols])

    gcols = [c for c in below.columns if c.startswith("gamma_")]
    for g in gcols:
        print(g, "below:", dict(Counter(below[g].to_list()).most_common()))
    bins = (
        sc.with_columns((pl.col("match_probability") * 20).floor().clip(0, 19).alias("bin"))
        .group_by("bin")
        .agg(pl.len().alias("pairs"), pl.col("same").mean().alias("true_share"))
    )
    print("calibration (probability bin of 0.05: pairs, share of true pairs)")
    for row in bins.sort("bin").iter_rows(named=True):
        print(f"  {row['bin'] / 20:.2f} {row['pairs']:>9} {row['true_share']:.3f}")
    if a.name_level is not None:
        below = below.filter(pl.col("gamma_name") == a.name_level)
        sc = sc.filter(pl.col("gamma_name") == a.name_level)
    show(not_cand.sample(min(a.show, not_cand.height), seed=1), "not candidates")
    show(below.sample(min(a.show, below.height), seed=1), "below threshold")
    show(split.head(a.show), "split")
    fp = sc.filter(~pl.col("same") & pl.col("together"))
    fp_hi = sc.filter(~pl.col("same") & (pl.col("match_probability") >= thr))
    print(f"wrong pairs scored above threshold: {fp_hi.height}; wrong together (cand): {fp.height}")
    for g in gcols:
        print(g, "fp:", dict(Counter(fp_hi[g].to_list()).most_common()))
    show(fp_hi.sample(min(a.show, fp_hi.height), seed=1), "wrong above threshold")


if __name__ == "__main__":
    main()
