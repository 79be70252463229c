"""Training: estimate the m and u probabilities of each comparison level and save the model.

- m (P(level | same firm)) from labelled pairs: every pair of records of one true firm, which is
  what Splink's ``estimate_m_from_label_column`` does;
- u (P(level | different firms)) from random pairs of records, as Splink's
  ``estimate_u_using_random_sampling``;
- the expected number of other records per firm record, for the prior.

Labelled data is a CSV with the input columns plus ``entity_id``, or a generated list:

    uv run python -m ipenforce.matching.train --generate 60000 --seed 7 \
        --out src/ipenforce/matching/model

writes ``model.json`` (Splink settings with the trained m/u) and ``settings.json`` (thresholds
kept from the current settings, ``matches_per_record`` re-estimated).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from ipenforce.matching.comparisons import COMPARISONS, Comparison
from ipenforce.matching.predict import comparison_vectors
from ipenforce.matching.records import prepare
from ipenforce.matching.settings import MODEL_DIR, MatchSettings

SMOOTHING = 1.0  # add-one counts per level, so that no level has m or u of 0
#: Lowest m of a level: a generated list never shows some disagreements among copies of one
#: firm (a legal form written S.A. for S.A.C.), real lists do now and then; without a floor such
#: a level would veto a match outright.
M_FLOOR = 0.002


def _level_gammas(comparison: Comparison) -> list[int]:
    n = sum(1 for lv in comparison["comparison_levels"] if not lv.get("is_null_level"))
    out, k = [], n - 1
    for lv in comparison["comparison_levels"]:
        if lv.get("is_null_level"):
            out.append(-1)
        else:
            out.append(k)
            k -= 1
    return out


def _proportions(
    vectors: pl.DataFrame, comparison: Comparison, floor: float = 0.0
) -> list[float | None]:
    counts = vectors[f"gamma_{comparison['output_column_name']}"].value_counts()
    by_gamma = dict(
        zip(counts[counts.columns[0]].to_list(), counts["count"].to_list(), strict=True)
    )
    gammas = _level_gammas(comparison)
    non_null = [g for g in gammas if g != -1]
    total = sum(by_gamma.get(g, 0) + SMOOTHING for g in non_null)
    props = {g: max(floor, (by_gamma.get(g, 0) + SMOOTHING) / total) for g in non_null}
    norm = sum(props.values())
    return [None if g == -1 else props[g] / norm for g in gammas]


def label_pairs(prepared: pl.DataFrame, label: str = "entity_id") -> pl.DataFrame:
    """All pairs of records sharing a label (``idx_l < idx_r``)."""
    ids = prepared.select("idx", label)
    pairs = ids.join(ids, on=label, suffix="_r").filter(pl.col("idx") < pl.col("idx_r"))
    return pairs.select(pl.col("idx").alias("idx_l"), "idx_r")


def random_pairs(n: int, count: int, seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    a = rng.integers(0, n, count)
    b = rng.integers(0, n, count)
    keep = a != b
    a, b = a[keep], b[keep]
    return pl.DataFrame(
        {"idx_l": np.minimum(a, b).astype(np.uint32), "idx_r": np.maximum(a, b).astype(np.uint32)}
    )


def train(
    labelled: pl.DataFrame, *, label: str = "entity_id", u_pairs: int = 2_000_000, seed: int = 0
) -> tuple[dict[str, Any], float]:
    """Return the Splink-format model dict and the estimated matches per record."""
    prepared = prepare(labelled)
    matches = label_pairs(prepared, label)
    randoms = random_pairs(prepared.height, u_pairs, seed)
    # Random pairs that happen to be matches are removed from the u sample.
    lab = prepared.select("idx", label)
    randoms = (
        randoms.join(lab.rename({"idx": "idx_l", label: "a"}), on="idx_l")
        .join(lab.rename({"idx": "idx_r", label: "b"}), on="idx_r")
        .filter(pl.col("a") != pl.col("b"))
        .select("idx_l", "idx_r")
    )
    m_vec = comparison_vectors(prepared, matches)
    u_vec = comparison_vectors(prepared, randoms)
    comparisons = []
    for comp in COMPARISONS:
        m = _proportions(m_vec, comp, M_FLOOR)
        u = _proportions(u_vec, comp)
        levels = []
        for lv, mp, up in zip(comp["comparison_levels"], m, u, strict=True):
            level: dict[str, Any] = dict(lv)
            if mp is not None and up is not None:
                level["m_probability"] = round(mp, 8)
                level["u_probability"] = round(up, 8)
            levels.append(level)
        comparisons.append({**comp, "comparison_levels": levels})
    n = prepared.height
    matches_per_record = 2 * matches.height / n
    model = {
        "link_type": "dedupe_only",
        "unique_id_column_name": "record_id",
        "probability_two_random_records_match": matches.height / (n * (n - 1) / 2),
        "comparisons": comparisons,
        "blocking_rules_to_generate_predictions": [
            {"blocking_rule": 'l."ruc_valid" = r."ruc_valid"', "sql_dialect": "duckdb"},
            {"blocking_rule": 'l."name_sorted" = r."name_sorted"', "sql_dialect": "duckdb"},
        ],
        "retain_matching_columns": True,
        "retain_intermediate_calculation_columns": False,
        "sql_dialect": "duckdb",
        "linker_uid": "ipenforce-companies",
        "additional_columns_to_retain": [],
        "bayes_factor_column_prefix": "bf_",
        "term_frequency_adjustment_column_prefix": "tf_",
        "comparison_vector_value_column_prefix": "gamma_",
        "source_dataset_column_name": "source_dataset",
    }
    return model, matches_per_record


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ipenforce.matching.train", description=__doc__)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--labelled", type=Path, help="CSV with the input columns and entity_id")
    src.add_argument("--generate", type=int, metavar="N", help="train on N generated records")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=MODEL_DIR, help="directory for the model files")
    a = ap.parse_args(argv)
    if a.labelled:
        labelled = pl.read_csv(a.labelled, infer_schema=False)
    else:
        try:
            from bench.generators.companies import generate
        except ImportError:
            print(
                "--generate needs the bench package (run from the repository root)", file=sys.stderr
            )
            return 2
        records, truth = generate(a.generate, a.seed)
        labelled = pl.DataFrame(records).with_columns(
            pl.col("record_id").replace_strict(truth).alias("entity_id")
        )
    model, per_record = train(labelled, seed=a.seed)
    a.out.mkdir(parents=True, exist_ok=True)
    (a.out / "model.json").write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
    settings = replace(
        MatchSettings.load(a.out / "settings.json"), matches_per_record=round(per_record, 4)
    )
    settings.save(a.out / "settings.json")
    print(f"model written to {a.out}: matches_per_record={per_record:.4f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
