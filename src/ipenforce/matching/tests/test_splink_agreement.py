"""Splink's own predict() and ours give the same levels and weights on our candidate pairs.

``model.json`` is loaded into a real Splink ``Linker`` (DuckDB, in memory), adapted by
``splink_model`` (the list's prior, the level's own u under a tf adjustment). Splink scores
exactly the candidate pairs our blocking makes for a generated list of 2,000 records (the
benchmark's generator, hard profile, fixed seed) plus a few pairs that once disagreed.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass

import duckdb
import polars as pl
import pytest
from splink import DuckDBAPI, Linker

from bench.generators.companies import generate
from ipenforce.matching.blocking import candidate_pairs
from ipenforce.matching.predict import Model, predict, prior_probability, prior_weight
from ipenforce.matching.records import prepare, to_frame
from ipenforce.matching.settings import MatchSettings
from ipenforce.matching.splink_model import (
    blocked_pairs,
    splink_records,
    splink_settings,
    term_frequency_lookups,
)

MODEL = Model.load()
SETTINGS = MatchSettings.load()
FIELDS = [c.name for c in MODEL.comparisons]
#: Sums of a few log2 terms: only rounding may differ.
TOLERANCE = 1e-9

#: Pairs our engine once scored otherwise than Splink, appended to the generated list (ids X*):
#: Jaro-Winkler 0.88000000000000001 (the "similar" threshold) rounded to float32 below 0.88;
#: LEON / LOPEZ 3 edits apart in Damerau-Levenshtein (DuckDB's) but 4 in OSA (was rapidfuzz's).
EDGE_CASES = [
    {"record_id": "X1", "name": "FERRETERIA SANTA CATALINA SAC", "district": "TACNA"},
    {"record_id": "X2", "name": "RESTAURANT SANTA CATALINA SAC", "district": "TACNA"},
    {"record_id": "X3", "name": "INVERSIONES LEON SRL", "address": "JR CUSCO 1480"},
    {"record_id": "X4", "name": "INVERSIONES LOPEZ SRL", "address": "JR CUSCO 1480"},
]


@dataclass(frozen=True)
class Scored:
    records: pl.DataFrame
    pairs: pl.DataFrame
    #: Ours (``predict``) joined with Splink's (suffix ``_sp``) on the record ids.
    tf_off: pl.DataFrame
    tf_ours: pl.DataFrame
    tf_splink: pl.DataFrame


def _splink_predict(
    records: pl.DataFrame,
    pairs: pl.DataFrame,
    *,
    term_frequency_adjustments: bool,
    our_frequencies: bool,
) -> pl.DataFrame:
    settings = splink_settings(
        MODEL.raw,
        probability_two_random_records_match=prior_probability(
            SETTINGS.matches_per_record, records.height
        ),
        term_frequency_adjustments=term_frequency_adjustments,
    )
    db = DuckDBAPI(duckdb.connect())
    table = db.register(splink_records(records).to_arrow(), table_name="records")
    linker = Linker(table, settings, log_level=None)
    if our_frequencies:
        for column, lookup in term_frequency_lookups(MODEL, records).items():
            registered = db.register(lookup.to_arrow(), table_name=f"tf_lookup_{column}")
            linker.table_management.register_term_frequency_lookup(registered, column)
    registered_pairs = db.register(blocked_pairs(records, pairs).to_arrow(), table_name="pairs")
    linker.table_management.register_blocked_pairs_for_predict(registered_pairs)
    out = pl.from_arrow(linker.inference.predict(warning_mode="never").as_pyarrow_table())
    assert isinstance(out, pl.DataFrame)
    return out


def _joined(
    records: pl.DataFrame, pairs: pl.DataFrame, *, tf: bool, splink_tf: str | None
) -> pl.DataFrame:
    prior = prior_weight(SETTINGS.matches_per_record, records.height)
    ours = predict(MODEL, records, pairs, prior, term_frequency_adjustments=tf)
    ids = records["record_id"]
    ours = ours.with_columns(
        ids.gather(ours["idx_l"].cast(pl.Int64)).alias("record_id_l"),
        ids.gather(ours["idx_r"].cast(pl.Int64)).alias("record_id_r"),
    )
    theirs = _splink_predict(
        records,
        pairs,
        term_frequency_adjustments=splink_tf is not None,
        our_frequencies=splink_tf == "ours",
    )
    assert theirs.height == pairs.height  # Splink scored every candidate pair, once
    joined = ours.join(theirs, on=["record_id_l", "record_id_r"], how="inner", suffix="_sp")
    assert joined.height == pairs.height
    return joined


@pytest.fixture(scope="module")
def scored() -> Iterator[Scored]:
    generated, _truth = generate(2_000, 7, profile="hard")
    records = prepare(to_frame([*generated, *EDGE_CASES]))
    pairs = candidate_pairs(records, SETTINGS.max_block_size)
    yield Scored(
        records,
        pairs,
        tf_off=_joined(records, pairs, tf=False, splink_tf=None),
        tf_ours=_joined(records, pairs, tf=True, splink_tf="ours"),
        tf_splink=_joined(records, pairs, tf=True, splink_tf="splink"),
    )


def _max_abs(a: pl.Series, b: pl.Series) -> float:
    value = (a - b).abs().max()
    assert isinstance(value, float)
    return value


def _assert_same_levels(joined: pl.DataFrame) -> None:
    for field in FIELDS:
        differ = joined.filter(pl.col(f"gamma_{field}") != pl.col(f"gamma_{field}_sp"))
        assert differ.is_empty(), (field, differ.head(5).to_dicts())
        assert joined[f"gamma_{field}_sp"].null_count() == 0


def _level_gamma(field: str, label: str) -> int:
    comparison = next(c for c in MODEL.comparisons if c.name == field)
    return next(lv.gamma for lv in comparison.levels if lv.label == label)


def test_the_list_reaches_every_level(scored: Scored) -> None:
    assert scored.pairs.height > 6_000
    for comparison in MODEL.comparisons:
        seen = set(scored.tf_off[f"gamma_{comparison.name}_sp"].unique().to_list())
        assert {lv.gamma for lv in comparison.levels if not lv.is_null} <= seen, comparison.name


def test_levels_and_weights_agree_without_term_frequencies(scored: Scored) -> None:
    joined = scored.tf_off
    _assert_same_levels(joined)
    for field in FIELDS:
        # Splink's mw_<field>: log2(m/u) of the pair's level (0 for a null level).
        assert _max_abs(joined[f"bf_{field}"], joined[f"mw_{field}"]) < TOLERANCE, field
    assert _max_abs(joined["match_weight"], joined["match_weight_sp"]) < TOLERANCE
    assert _max_abs(joined["match_probability"], joined["match_probability_sp"]) < TOLERANCE
    # Real weights, not all zero: strong evidence both ways.
    weights = joined["match_weight_sp"]
    assert (weights < -20).sum() > 1_000
    assert (weights > 10).sum() > 200


def test_the_pairs_that_once_disagreed(scored: Scored) -> None:
    joined = scored.tf_off.filter(pl.col("record_id_l").str.starts_with("X"))
    levels = {
        (r["record_id_l"], r["record_id_r"]): r["gamma_name_sp"]
        for r in joined.iter_rows(named=True)
    }
    assert levels == {
        ("X1", "X2"): _level_gamma("name", "similar"),
        ("X3", "X4"): _level_gamma("name", "two or three typos"),
    }


def test_weights_agree_with_our_term_frequencies_in_splink(scored: Scored) -> None:
    """Splink's tf arithmetic on our frequencies (firms, registered as its lookup tables)."""
    joined = scored.tf_ours
    _assert_same_levels(joined)
    assert _max_abs(joined["match_weight"], joined["match_weight_sp"]) < TOLERANCE
    assert _max_abs(joined["bf_name"], joined["mw_name"] + joined["mw_tf_adj_name"]) < TOLERANCE
    adjusted = joined.filter(pl.col("mw_tf_adj_name").abs() > 0.01)
    tf_gammas = {
        _level_gamma("name", label) for label in ("exact", "same words, other order", "one typo")
    }
    assert set(adjusted["gamma_name"].unique().to_list()) == tf_gammas
    assert adjusted.height > 500


def test_splink_own_term_frequencies_differ_only_in_the_tf_term(scored: Scored) -> None:
    """Splink counts records bearing a name, we count firms: the tf term differs, nothing else."""
    joined = scored.tf_splink.join(
        scored.tf_off.select(
            "record_id_l", "record_id_r", pl.col("match_weight").alias("weight_without_tf")
        ),
        on=["record_id_l", "record_id_r"],
    )
    _assert_same_levels(joined)
    for field in FIELDS:
        if field != "name":
            assert _max_abs(joined[f"bf_{field}"], joined[f"mw_{field}"]) < TOLERANCE, field
    without_tf = joined["match_weight_sp"] - joined["mw_tf_adj_name"]
    assert _max_abs(without_tf, joined["weight_without_tf"]) < TOLERANCE
    tf_gammas = [
        _level_gamma("name", label) for label in ("exact", "same words, other order", "one typo")
    ]
    plain = joined.filter(~pl.col("gamma_name").is_in(tf_gammas))
    assert _max_abs(plain["match_weight"], plain["match_weight_sp"]) < TOLERANCE
    differs = joined.filter((pl.col("match_weight") - pl.col("match_weight_sp")).abs() > 0.1)
    assert differs.height > 100  # the two notions of frequency are not the same
    assert set(differs["gamma_name"].unique().to_list()) <= set(tf_gammas)


def test_splink_settings_adapts_a_copy() -> None:
    raw = copy.deepcopy(MODEL.raw)
    on = splink_settings(raw, probability_two_random_records_match=0.001)
    off = splink_settings(
        raw, probability_two_random_records_match=0.001, term_frequency_adjustments=False
    )
    assert raw == MODEL.raw
    assert on["probability_two_random_records_match"] == 0.001
    levels_on = [lv for c in on["comparisons"] for lv in c["comparison_levels"]]
    levels_off = [lv for c in off["comparisons"] for lv in c["comparison_levels"]]
    tf_on = [lv for lv in levels_on if "tf_adjustment_column" in lv]
    assert len(tf_on) == 3
    assert all(lv["disable_tf_exact_match_detection"] for lv in tf_on)
    assert not any("tf_adjustment_column" in lv for lv in levels_off)
    assert [lv["sql_condition"] for lv in levels_on] == [lv["sql_condition"] for lv in levels_off]
