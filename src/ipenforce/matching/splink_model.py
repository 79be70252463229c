"""The trained model as Splink's own ``predict()`` runs it.

``model/model.json`` is a Splink settings dictionary; ``predict`` scores our candidate pairs
with the same levels and the same Fellegi-Sunter sum. What Splink needs besides the file, to
score a list exactly as ``predict`` does (checked by ``tests/test_splink_agreement.py``):

- **the prior of this list**: the file's ``probability_two_random_records_match`` is the
  training list's; ``predict`` scales it to the list (``prior_probability``);
- **the level's own u under a term-frequency adjustment**: our weight of a tf-adjusted level is
  ``log2(m / tf)``. By default Splink adjusts from the u of the column's *exact-match level*
  instead: for "exact", the u of "same words, other order" (6.6 bits too little with today's
  file); "one typo", whose column has no exact-match level, it refuses.
  ``disable_tf_exact_match_detection`` makes Splink use the level's own u. ``comparisons``
  now writes it; a model trained before that gets it here;
- **the near-name column**: "one typo" is adjusted on ``name_core_one_edit``, which is not an
  input column. ``splink_records`` adds it (the core name without spaces, the name
  ``neighbours`` compares), and ``term_frequency_lookups`` gives its frequencies;
- **our term frequencies**, if wanted: Splink's term frequency is the share of *records*
  bearing a value, ours the share of *firms* (``predict.name_frequencies``).
  ``term_frequency_lookups`` gives ours as Splink lookup tables
  (``linker.table_management.register_term_frequency_lookup``); without them Splink computes
  its own, and only the tf term of the tf-adjusted levels differs.

This module does not import Splink (the engine does not need it); the test does.
"""

from __future__ import annotations

import copy
from typing import Any

import polars as pl

from ipenforce.matching.comparisons import COMPARED_COLUMNS, NEAR_NAME_COLUMN
from ipenforce.matching.neighbours import name_key
from ipenforce.matching.predict import Model, frequencies, tf_columns


def splink_settings(
    model: dict[str, Any],
    *,
    probability_two_random_records_match: float,
    term_frequency_adjustments: bool = True,
) -> dict[str, Any]:
    """A copy of the model's settings dictionary for Splink's ``Linker``.

    The prior becomes ``probability_two_random_records_match`` (``predict.prior_probability``
    of the list). Term-frequency-adjusted levels get ``disable_tf_exact_match_detection``, or,
    with ``term_frequency_adjustments=False``, lose their adjustment (as ``predict(...,
    term_frequency_adjustments=False)``). The intermediate columns (``mw_<field>``,
    ``mw_tf_adj_<field>``) are kept."""
    settings = copy.deepcopy(model)
    settings["probability_two_random_records_match"] = probability_two_random_records_match
    settings["retain_intermediate_calculation_columns"] = True
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            if "tf_adjustment_column" not in level:
                continue
            if term_frequency_adjustments:
                level["disable_tf_exact_match_detection"] = True
            else:
                for key in (
                    "tf_adjustment_column",
                    "tf_adjustment_weight",
                    "tf_minimum_u_value",
                    "disable_tf_exact_match_detection",
                ):
                    level.pop(key, None)
    return settings


def splink_records(records: pl.DataFrame, unique_id: str = "record_id") -> pl.DataFrame:
    """The prepared records (``records.prepare``) as Splink's input table: the unique id, the
    compared columns and ``name_core_one_edit``."""
    return records.select(unique_id, *COMPARED_COLUMNS, name_key().alias(NEAR_NAME_COLUMN))


def blocked_pairs(
    records: pl.DataFrame, pairs: pl.DataFrame, unique_id: str = "record_id"
) -> pl.DataFrame:
    """Our candidate pairs (``idx_l``, ``idx_r``) as Splink's blocked-pairs table
    (``linker.table_management.register_blocked_pairs_for_predict``): ``match_key``,
    ``join_key_l``, ``join_key_r`` (the unique ids of a dedupe-only model)."""
    ids = records[unique_id]
    return pl.DataFrame(
        {
            "match_key": pl.Series(["0"] * pairs.height, dtype=pl.String),
            "join_key_l": ids.gather(pairs["idx_l"].cast(pl.Int64)),
            "join_key_r": ids.gather(pairs["idx_r"].cast(pl.Int64)),
        }
    )


def term_frequency_lookups(
    model: Model, records: pl.DataFrame, prefix: str = "tf_"
) -> dict[str, pl.DataFrame]:
    """Per tf-adjusted column, our frequencies (shares of firms) as a Splink lookup table:
    ``<column>``, ``tf_<column>``, one row per distinct value of ``splink_records``' column."""
    table = splink_records(records)
    out = {}
    for column in sorted(tf_columns(model)):
        share = frequencies(records, column)
        lookup = pl.DataFrame({column: table[column], f"{prefix}{column}": share})
        lookup = lookup.drop_nulls(column).unique(maintain_order=True)
        if lookup[column].n_unique() != lookup.height:  # one share per value
            raise ValueError(f"{column}: more than one frequency for a value")
        out[column] = lookup
    return out
