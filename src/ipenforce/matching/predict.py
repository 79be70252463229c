"""Scoring of candidate pairs with the trained Fellegi-Sunter model.

The model is Splink's JSON (``model/model.json``): comparisons with their levels' SQL conditions
and m/u probabilities. Scoring is the Fellegi-Sunter sum Splink computes, run here directly in
DuckDB on our own candidate pairs (see ``blocking``), which keeps 200,000 records within seconds:

    match_weight = log2(prior odds) + sum over fields of log2(m_level / u_level)
    match_probability = 2**w / (1 + 2**w)

Null levels weigh 0. The prior is scaled to the list: P(match) = matches_per_record / (n - 1),
so the same model serves a list of 2,000 and of 200,000 firms.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import polars as pl
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler, Levenshtein

from ipenforce.matching.comparisons import COMPARED_COLUMNS, NEAR_NAME_COLUMN, gamma_sql
from ipenforce.matching.neighbours import name_ids, one_edit_pairs
from ipenforce.matching.settings import MODEL_PATH


@dataclass(frozen=True)
class LevelParams:
    label: str
    gamma: int
    m: float | None
    u: float | None
    is_null: bool
    #: Splink's ``tf_adjustment_column``: the level's u is replaced by the frequency of the
    #: compared value (see ``name_frequencies``), weighted by ``tf_weight``.
    tf_column: str | None = None
    tf_weight: float = 1.0

    @property
    def weight(self) -> float:
        """log2(m/u): the evidence this level brings (0 for a null level)."""
        if self.is_null or not self.m or not self.u:
            return 0.0
        return math.log2(self.m / self.u)


@dataclass(frozen=True)
class ComparisonParams:
    name: str
    description: str
    gamma_sql: str
    levels: list[LevelParams]

    def level(self, gamma: int) -> LevelParams:
        for lv in self.levels:
            if lv.gamma == gamma:
                return lv
        raise KeyError(gamma)


@dataclass(frozen=True)
class Model:
    comparisons: list[ComparisonParams]
    probability_two_random_records_match: float
    raw: dict[str, Any] = field(repr=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Model:
        comps = []
        for c in data["comparisons"]:
            levels = []
            n_non_null = sum(1 for lv in c["comparison_levels"] if not lv.get("is_null_level"))
            k = n_non_null - 1
            for lv in c["comparison_levels"]:
                is_null = bool(lv.get("is_null_level"))
                gamma = -1 if is_null else k
                if not is_null:
                    k -= 1
                levels.append(
                    LevelParams(
                        label=lv.get("label_for_charts", lv["sql_condition"]),
                        gamma=gamma,
                        m=lv.get("m_probability"),
                        u=lv.get("u_probability"),
                        is_null=is_null,
                        tf_column=lv.get("tf_adjustment_column"),
                        tf_weight=float(lv.get("tf_adjustment_weight", 1.0)),
                    )
                )
            comps.append(
                ComparisonParams(
                    name=c["output_column_name"],
                    description=c.get("comparison_description", ""),
                    gamma_sql=gamma_sql(c),
                    levels=levels,
                )
            )
        return cls(comps, float(data["probability_two_random_records_match"]), data)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> Model:
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))


def prior_probability(matches_per_record: float, n_records: int) -> float:
    """The probability that two records of a list of ``n_records`` are the same firm (Splink's
    ``probability_two_random_records_match`` for this list)."""
    return min(0.5, matches_per_record / max(1, n_records - 1))


def prior_weight(matches_per_record: float, n_records: int) -> float:
    """log2 of the prior odds that two records of a list of ``n_records`` are the same firm."""
    p = prior_probability(matches_per_record, n_records)
    return math.log2(p / (1 - p))


# String functions of the comparison SQL that are computed with rapidfuzz (C++, all cores)
# instead of DuckDB, whose damerau_levenshtein is ~10 us a pair. Each gives DuckDB's value (so
# Splink's: ``tests/test_splink_agreement.py``): the unrestricted Damerau-Levenshtein, not OSA,
# which counts LEON -> LOPEZ as 4 edits instead of 3 (a transposed pair also edited).
_FAST_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "damerau_levenshtein": DamerauLevenshtein.distance,
    "levenshtein": Levenshtein.distance,
    "jaro_winkler_similarity": JaroWinkler.similarity,
}
_CALL = re.compile(r"(" + "|".join(_FAST_FUNCTIONS) + r')\("(\w+)_l", "(\w+)_r"\)')


def _codes(records: pl.DataFrame, col: str) -> tuple[pl.Series, list[str]]:
    """Integer code of each record's value of ``col`` (null stays null) and the distinct values."""
    values = records[col].unique(maintain_order=True).drop_nulls()
    lookup = pl.DataFrame(
        {col: values, "__code": pl.int_range(values.len(), dtype=pl.UInt32, eager=True)}
    )
    code = records.select(col).join(lookup, on=col, how="left", maintain_order="left")["__code"]
    return code, values.to_list()


def _string_features(
    records: pl.DataFrame, il: pl.Series, ir: pl.Series, column: str, functions: list[str]
) -> list[pl.Series]:
    """``fn(column_l, column_r)`` for each pair and each of ``functions`` (null when a value is
    missing), computed once per distinct unordered pair of values (the functions are
    symmetric): popular names, streets and districts meet many times."""
    code, values = _codes(records, column)
    cl, cr = code.gather(il), code.gather(ir)
    present = (cl.is_not_null() & cr.is_not_null()).to_numpy()
    a = cl.fill_null(0).cast(pl.Int64).to_numpy()[present]
    b = cr.fill_null(0).cast(pl.Int64).to_numpy()[present]
    key = np.minimum(a, b) * len(values) + np.maximum(a, b)
    distinct, inverse = np.unique(key, return_inverse=True)
    da, db = np.divmod(distinct, len(values))
    left = [values[i] for i in da.tolist()]
    right = [values[i] for i in db.tolist()]
    out = []
    for fn in functions:
        # float64: cpdist's default for a similarity is float32, which puts a Jaro-Winkler of
        # 0.88000000000000001 (DuckDB's, and Splink's, value) below the level's 0.88.
        scores = process.cpdist(
            left, right, scorer=_FAST_FUNCTIONS[fn], dtype=np.float64, workers=-1
        )
        full = np.full(len(present), np.nan)
        full[present] = np.asarray(scores, dtype=np.float64)[inverse]
        out.append(pl.Series(full).fill_nan(None))
    return out


def comparison_vectors(records: pl.DataFrame, pairs: pl.DataFrame) -> pl.DataFrame:
    """Gamma (level index) per comparison for each pair; keeps ``idx_l``, ``idx_r``.

    ``records`` holds ``idx`` (0..n-1 in order) and the normalised columns; ``pairs`` holds
    ``idx_l``, ``idx_r``."""
    from ipenforce.matching.comparisons import COMPARISONS

    cases = {c["output_column_name"]: gamma_sql(c) for c in COMPARISONS}
    il = pairs["idx_l"].cast(pl.Int64)
    ir = pairs["idx_r"].cast(pl.Int64)
    features: dict[str, pl.Series] = {"idx_l": pairs["idx_l"], "idx_r": pairs["idx_r"]}
    calls = sorted(
        {m.group(0): m.groups() for c in cases.values() for m in _CALL.finditer(c)}.items()
    )
    by_column: dict[str, list[tuple[int, str]]] = {}
    for k, (call, (fn, col_l, col_r)) in enumerate(calls):
        if col_l != col_r:
            raise ValueError(f"{call}: only a column compared with itself is supported")
        by_column.setdefault(col_l, []).append((k, fn))
        for name in cases:
            cases[name] = cases[name].replace(call, f'"__f{k}"')
    for column, uses in by_column.items():
        values = _string_features(records, il, ir, column, [fn for _, fn in uses])
        for (k, _), series in zip(uses, values, strict=True):
            features[f"__f{k}"] = series
    feats = pl.DataFrame(features)  # noqa: F841 (read by DuckDB)
    recs = records.select("idx", *COMPARED_COLUMNS)  # noqa: F841
    cols_l = ", ".join(f'l."{c}" AS "{c}_l"' for c in COMPARED_COLUMNS)
    cols_r = ", ".join(f'r."{c}" AS "{c}_r"' for c in COMPARED_COLUMNS)
    feat_cols = ", ".join(f'p."__f{k}"' for k in range(len(calls)))
    gammas = ", ".join(f'{sql} AS "gamma_{name}"' for name, sql in cases.items())
    # The SQL comes from the reviewed model file and our own column names, not from user input.
    sql = f"""
        WITH joined AS (
            SELECT p.idx_l, p.idx_r, {feat_cols}{"," if calls else ""} {cols_l}, {cols_r}
            FROM feats p JOIN recs l ON l.idx = p.idx_l JOIN recs r ON r.idx = p.idx_r
        )
        SELECT idx_l, idx_r, {gammas} FROM joined ORDER BY idx_l, idx_r
    """  # noqa: S608
    con = duckdb.connect()
    out = pl.from_arrow(con.sql(sql).to_arrow_table())
    assert isinstance(out, pl.DataFrame)
    return out


#: Other firms bearing a value = firms found - 1 + this pseudo-count (a name seen on one firm
#: only may still be borne by an unseen one: two firms of one name whose records give no RUC or
#: district to tell them apart). A quarter of a firm: with about 1.25 records per firm, half a
#: hidden firm behind every name made a rare name's exact match weaker evidence than its
#: measured precision (pairs scored 0.35-0.5 were 55-78% true at 200,000 records).
TF_PSEUDO_FIRMS = 0.25


def tf_columns(model: Model) -> set[str]:
    """The columns some level of the model is term-frequency adjusted on."""
    return {lv.tf_column for c in model.comparisons for lv in c.levels if lv.tf_column}


def name_frequencies(records: pl.DataFrame, column: str) -> pl.Series:
    """For each record, the share of the list's firms that bear its value of ``column``.

    Splink's term frequency is the share of *records* with the value; here the records of one
    value are first grouped into the firms they evidently belong to: at least one, and at least
    as many as the distinct valid RUCs, districts, or street numbers within a district among
    them. A firm's own copies
    thus do not make its name look common, while "INVERSIONES SAN MARTIN" in twelve districts
    counts twelve times. The share is ``firms / n`` (records, the unit of the prior), so that the
    prior ``matches_per_record / (n - 1)`` times ``m / share`` does not depend on ``n``."""
    n = max(1, records.height)
    firms = (
        records.lazy().filter(pl.col(column).is_not_null()).group_by(column).agg(_firms("__firms"))
    )
    out = records.lazy().select(column).join(firms, on=column, how="left", maintain_order="left")
    share = (pl.col("__firms").cast(pl.Float64) - 1 + TF_PSEUDO_FIRMS) / n
    return out.select(share.alias(column)).collect().to_series()


def _firms(column: str, addresses: bool = True) -> pl.Expr:
    """Firms evidently among a group of records: at least one, and at least as many as the
    distinct valid RUCs or the distinct districts among them, and (``addresses``, for the
    records of one exact name) as the distinct district + street number pairs: one name at two
    numbers of one district is two firms, or one that moved or has a branch."""
    parts = [
        pl.lit(1, dtype=pl.UInt32),
        pl.col("ruc_valid").drop_nulls().n_unique().cast(pl.UInt32),
        pl.col("district_norm").drop_nulls().n_unique().cast(pl.UInt32),
    ]
    if addresses:
        parts.append(
            pl.struct("district_norm", "addr_number")
            .filter(pl.col("district_norm").is_not_null() & pl.col("addr_number").is_not_null())
            .n_unique()
            .cast(pl.UInt32)
        )
    return pl.max_horizontal(*parts).alias(column)


def near_name_frequencies(records: pl.DataFrame) -> pl.Series:
    """For each record, the share of the list's firms that bear its core name or a name one
    edit away (``neighbours``), counted like ``name_frequencies``: the u of "one typo".

    Under "different firms", a name one letter away from this one is as likely as the firms
    around it in the space of names make it: many for "AGROINDUSTRIAS CB" (CE, CY, AB ...),
    none but its own typos for "MULTISERVICIOS APAZA FERNANDEZ". The records of the whole
    neighbourhood are grouped into firms together, so a firm's own misspelt copies (same RUC or
    district, or none) do not add firms."""
    n = max(1, records.height)
    nid, distinct = name_ids(records)
    edges = one_edit_pairs(distinct)
    closed = pl.concat(
        [
            edges.select(pl.col("nid_a").alias("centre"), pl.col("nid_b").alias("nid")),
            edges.select(pl.col("nid_b").alias("centre"), pl.col("nid_a").alias("nid")),
            distinct.select(pl.col("nid").alias("centre"), "nid"),
        ]
    )
    recs = pl.DataFrame(
        {
            "nid": nid,
            "ruc_valid": records["ruc_valid"],
            "district_norm": records["district_norm"],
            "addr_number": records["addr_number"],
        }
    ).drop_nulls("nid")
    firms = (
        closed.lazy()
        .join(recs.lazy(), on="nid")
        .group_by("centre")
        .agg(_firms("__firms", addresses=False))
        .rename({"centre": "nid"})
    )
    out = pl.DataFrame({"nid": nid}).lazy().join(firms, on="nid", how="left", maintain_order="left")
    share = (pl.col("__firms").cast(pl.Float64) - 1 + TF_PSEUDO_FIRMS) / n
    return out.select(share.alias(NEAR_NAME_COLUMN)).collect().to_series()


def frequencies(records: pl.DataFrame, column: str) -> pl.Series:
    """Per record, the share of firms for the term-frequency adjustment on ``column``."""
    if column == NEAR_NAME_COLUMN:
        return near_name_frequencies(records)
    return name_frequencies(records, column)


def score(
    model: Model,
    vectors: pl.DataFrame,
    prior: float,
    frequencies: dict[str, pl.Series] | None = None,
) -> pl.DataFrame:
    """Add ``bf_<field>`` (partial weights), ``match_weight`` and ``match_probability``.

    ``frequencies[column]`` (per record ``idx``, see ``name_frequencies``) enables the
    term-frequency adjustment of the levels that name that column: their weight becomes
    ``log2(m / tf)`` with ``tf`` the larger frequency of the pair's two values (for a typo,
    the frequency of the correctly spelt, commoner one)."""
    frequencies = frequencies or {}
    il = vectors["idx_l"].cast(pl.Int64)
    ir = vectors["idx_r"].cast(pl.Int64)
    tf_pair: dict[str, pl.Series] = {}
    for col in tf_columns(model) & frequencies.keys():
        f = frequencies[col]
        tf_pair[col] = pl.select(
            pl.max_horizontal(f.gather(il), f.gather(ir)).alias(col)
        ).to_series()
    out = vectors.with_columns(pl.Series(f"__tf_{col}", values) for col, values in tf_pair.items())
    exprs = []
    for c in model.comparisons:
        mapping = {lv.gamma: lv.weight for lv in c.levels}
        bf = pl.col(f"gamma_{c.name}").replace_strict(mapping, default=0.0, return_dtype=pl.Float64)
        for lv in c.levels:
            if lv.tf_column in tf_pair and lv.u and not lv.is_null:
                tf = pl.col(f"__tf_{lv.tf_column}")
                adjust = lv.tf_weight * (math.log2(lv.u) - tf.log(2))
                bf = bf + pl.when((pl.col(f"gamma_{c.name}") == lv.gamma) & tf.is_not_null()).then(
                    adjust
                ).otherwise(0.0)
        exprs.append(bf.alias(f"bf_{c.name}"))
    out = out.with_columns(exprs).drop([f"__tf_{col}" for col in tf_pair])
    weight = pl.sum_horizontal([pl.col(f"bf_{c.name}") for c in model.comparisons]) + prior
    out = out.with_columns(weight.alias("match_weight"))
    return out.with_columns(
        (1.0 / (1.0 + (-pl.col("match_weight") * math.log(2)).exp())).alias("match_probability")
    )


def predict(
    model: Model,
    records: pl.DataFrame,
    pairs: pl.DataFrame,
    prior: float,
    *,
    term_frequency_adjustments: bool = True,
) -> pl.DataFrame:
    """Score candidate pairs: gammas, partial weights, match weight and probability, with the
    term-frequency adjustments (frequencies taken over ``records``) unless
    ``term_frequency_adjustments`` is false: then every level weighs its plain ``log2(m/u)``,
    as in Splink with no ``tf_adjustment_column``."""
    shares = (
        {col: frequencies(records, col) for col in tf_columns(model)}
        if term_frequency_adjustments
        else {}
    )
    return score(model, comparison_vectors(records, pairs), prior, shares)
