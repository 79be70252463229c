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
import polars as pl
from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein

from ipenforce.matching.comparisons import COMPARED_COLUMNS, gamma_sql
from ipenforce.matching.settings import MODEL_PATH


@dataclass(frozen=True)
class LevelParams:
    label: str
    gamma: int
    m: float | None
    u: float | None
    is_null: bool

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


def prior_weight(matches_per_record: float, n_records: int) -> float:
    """log2 of the prior odds that two records of a list of ``n_records`` are the same firm."""
    p = min(0.5, matches_per_record / max(1, n_records - 1))
    return math.log2(p / (1 - p))


# String functions of the comparison SQL that are computed with rapidfuzz (C++, all cores)
# instead of DuckDB, whose damerau_levenshtein is ~10 us a pair. OSA is Damerau-Levenshtein
# restricted to non-overlapping edits; the two differ only when a transposed pair is also edited.
_FAST_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "damerau_levenshtein": OSA.distance,
    "levenshtein": Levenshtein.distance,
    "jaro_winkler_similarity": JaroWinkler.similarity,
}
_CALL = re.compile(r"(" + "|".join(_FAST_FUNCTIONS) + r')\("(\w+)_l", "(\w+)_r"\)')


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
    for k, (call, (fn, col_l, col_r)) in enumerate(calls):
        left = records[col_l].gather(il)
        right = records[col_r].gather(ir)
        values = process.cpdist(
            left.fill_null("").to_list(),
            right.fill_null("").to_list(),
            scorer=_FAST_FUNCTIONS[fn],
            workers=-1,
        )
        feature = pl.Series(values).cast(pl.Float64)
        missing = left.is_null() | right.is_null()
        features[f"__f{k}"] = pl.select(pl.when(missing).then(None).otherwise(feature)).to_series()
        for name in cases:
            cases[name] = cases[name].replace(call, f'"__f{k}"')
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


def score(model: Model, vectors: pl.DataFrame, prior: float) -> pl.DataFrame:
    """Add ``bf_<field>`` (partial weights), ``match_weight`` and ``match_probability``."""
    exprs = []
    for c in model.comparisons:
        mapping = {lv.gamma: lv.weight for lv in c.levels}
        exprs.append(
            pl.col(f"gamma_{c.name}")
            .replace_strict(mapping, default=0.0, return_dtype=pl.Float64)
            .alias(f"bf_{c.name}")
        )
    out = vectors.with_columns(exprs)
    weight = pl.sum_horizontal([pl.col(f"bf_{c.name}") for c in model.comparisons]) + prior
    out = out.with_columns(weight.alias("match_weight"))
    return out.with_columns(
        (1.0 / (1.0 + (-pl.col("match_weight") * math.log(2)).exp())).alias("match_probability")
    )


def predict(model: Model, records: pl.DataFrame, pairs: pl.DataFrame, prior: float) -> pl.DataFrame:
    """Score candidate pairs: gammas, partial weights, match weight and probability."""
    return score(model, comparison_vectors(records, pairs), prior)
