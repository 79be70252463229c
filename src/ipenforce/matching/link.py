"""Incremental linking: new records against the firms already known.

Known firms are not re-clustered: each new record is compared with the known records that share
a blocking key, and gets one of three outcomes:

- ``linked``: the best firm's match probability is at least ``link_threshold``;
- ``uncertain``: the best is between ``review_threshold`` and ``link_threshold``, or a second
  firm is nearly as likely (less than ``link_margin`` bits of match weight behind): the review
  queue shows the candidates with their evidence;
- ``new``: no known firm reaches ``review_threshold``.

The evidence of a candidate lists, field by field, the level of agreement (from the model's
labels), its partial weight log2(m/u) and the two values compared, for a side-by-side review.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import polars as pl

from ipenforce.matching.blocking import candidate_pairs
from ipenforce.matching.predict import Model, predict, prior_weight
from ipenforce.matching.records import INPUT_COLUMNS, prepare, to_frame
from ipenforce.matching.settings import MatchSettings

Status = Literal["linked", "uncertain", "new"]

#: Input columns shown as the values of each compared field.
FIELD_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "legal_form": ("name",),
    "ruc": ("ruc",),
    "address": ("address",),
    "place": ("district", "department"),
}


@dataclass(frozen=True)
class FieldEvidence:
    """One compared field of a pair."""

    field: str  #: comparison name: name, legal_form, ruc, address, place
    level: str  #: the agreement level's label, e.g. "exact", "one typo", "missing"
    weight: float  #: partial match weight log2(m/u); 0 when a value is missing
    agrees: bool | None  #: weight > 0; None when a value is missing
    new_value: str | None  #: the new record's value(s), " / "-joined
    known_value: str | None  #: the known record's value(s)


@dataclass(frozen=True)
class Candidate:
    firm_id: str
    record_id: str  #: the known record of the firm that matched best
    match_probability: float
    match_weight: float
    evidence: list[FieldEvidence]


@dataclass(frozen=True)
class LinkResult:
    record_id: str
    status: Status
    firm_id: str | None  #: the linked firm (status 'linked') else None
    match_probability: float | None  #: of the best candidate, if any
    candidates: list[Candidate] = field(default_factory=list)  #: best first

    @property
    def evidence(self) -> list[FieldEvidence]:
        """Evidence for the best candidate (empty when there is none)."""
        return self.candidates[0].evidence if self.candidates else []


def _frame(
    records: pl.DataFrame | Iterable[Mapping[str, object]], extra: str | None
) -> pl.DataFrame:
    if isinstance(records, pl.DataFrame):
        df = records
    else:
        rows = list(records)
        df = to_frame(rows)
        if extra:
            df = df.with_columns(
                pl.Series(
                    extra, [None if r.get(extra) is None else str(r.get(extra)) for r in rows]
                )
            )
    cols = [c for c in INPUT_COLUMNS if c in df.columns] + ([extra] if extra else [])
    return df.select([pl.col(c).cast(pl.String) for c in cols])


def _value(row: Mapping[str, object], columns: tuple[str, ...]) -> str | None:
    parts = [str(row[c]) for c in columns if row.get(c) not in (None, "")]
    return " / ".join(parts) if parts else None


def link(
    known: pl.DataFrame | Iterable[Mapping[str, object]],
    new: pl.DataFrame | Iterable[Mapping[str, object]],
    *,
    model: Model | None = None,
    settings: MatchSettings | None = None,
) -> list[LinkResult]:
    """Link each new record to a known firm, or call it new or uncertain.

    ``known`` rows have ``firm_id``, ``record_id``, ``name`` and optionally ``ruc``, ``address``,
    ``district``, ``department`` (a firm may have several rows). ``new`` rows have the same
    fields without ``firm_id``. Returns one result per new record, in input order."""
    model = model or Model.load()
    settings = settings or MatchSettings.load()
    known_df = _frame(known, "firm_id")
    new_df = _frame(new, None)
    n_known = known_df.height
    both = pl.concat(
        [
            known_df.with_columns(pl.lit(0, dtype=pl.Int8).alias("_side")),
            new_df.with_columns(
                pl.lit(None, dtype=pl.String).alias("firm_id"),
                pl.lit(1, dtype=pl.Int8).alias("_side"),
            ),
        ],
        how="diagonal",
    )
    prepared = prepare(both)
    pairs = candidate_pairs(prepared, settings.max_block_size, prepared["_side"])
    # Known record on the left, new on the right (known rows come first, so idx_l < idx_r).
    pairs = pairs.filter((pl.col("idx_l") < n_known) & (pl.col("idx_r") >= n_known))
    prior = prior_weight(settings.matches_per_record, prepared.height)
    scored = predict(model, prepared, pairs, prior).sort("match_weight", descending=True)

    rows = prepared.to_dicts()
    by_new: dict[int, list[Candidate]] = {}
    seen: set[tuple[int, str]] = set()
    for pair in scored.iter_rows(named=True):
        k, n = int(pair["idx_l"]), int(pair["idx_r"])
        firm = str(rows[k]["firm_id"])
        if (n, firm) in seen:
            continue  # a better record of this firm came first
        seen.add((n, firm))
        if pair["match_probability"] < settings.review_threshold:
            continue
        found = by_new.setdefault(n, [])
        if len(found) >= settings.max_candidates:
            continue
        evidence = []
        for c in model.comparisons:
            level = c.level(int(pair[f"gamma_{c.name}"]))
            weight = float(pair[f"bf_{c.name}"])  # with the term-frequency adjustment
            cols = FIELD_COLUMNS.get(c.name, ())
            evidence.append(
                FieldEvidence(
                    field=c.name,
                    level=level.label,
                    weight=round(weight, 3),
                    agrees=None if level.is_null else weight > 0,
                    new_value=_value(rows[n], cols),
                    known_value=_value(rows[k], cols),
                )
            )
        found.append(
            Candidate(
                firm_id=firm,
                record_id=str(rows[k]["record_id"]),
                match_probability=float(pair["match_probability"]),
                match_weight=round(float(pair["match_weight"]), 3),
                evidence=evidence,
            )
        )

    results = []
    for n in range(n_known, prepared.height):
        cands = by_new.get(n, [])
        rid = str(rows[n]["record_id"])
        if not cands:
            results.append(LinkResult(rid, "new", None, None, []))
            continue
        best = cands[0]
        margin = best.match_weight - cands[1].match_weight if len(cands) > 1 else float("inf")
        if best.match_probability >= settings.link_threshold and margin >= settings.link_margin:
            results.append(LinkResult(rid, "linked", best.firm_id, best.match_probability, cands))
        else:
            results.append(LinkResult(rid, "uncertain", None, best.match_probability, cands))
    return results
