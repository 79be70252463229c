"""Matching the rows of a list against the firms already known, with the matching engine.

Known records are every active firm (its own data) and every source record linked to it, so a
firm that several lists described is found by any of their spellings. Rules on top of the
engine's answer:

- a row whose valid RUC is a firm's RUC is that firm (method ``ruc``), without scoring;
- two different valid RUCs are never the same firm: such candidates are dropped (the same
  constraint the engine's clustering applies);
- a row already imported for this rights holder (same content, ``row_key``) is ``duplicate``;
- the rows that are new are de-duplicated among themselves, so two spellings of one unknown
  firm in one list become one new firm (``new_group``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_noop

from ipenforce.matching.dedupe import dedupe
from ipenforce.matching.link import Candidate, link
from ipenforce.matching.ruc import valid_ruc
from ipenforce.parties.models import Firm
from ipenforce.parties.models_lists import RowOutcome, SourceRecord

Progress = Callable[[int, int, str], None]


@dataclass
class RowMatch:
    outcome: str
    firm_id: int | None = None
    probability: float | None = None
    candidates: list[dict[str, Any]] = field(default_factory=list)
    new_group: str = ""


def known_records() -> tuple[list[dict[str, Any]], dict[int, str]]:
    """Known rows for `link` and each active firm's valid RUC."""
    rows: list[dict[str, Any]] = []
    rucs: dict[int, str] = {}
    firms = Firm.objects.filter(merged_into__isnull=True).values_list(
        "pk",
        "legal_name",
        "ruc",
        "address",
        "district__name",
        "district__province__department__name",
    )
    for pk, name, ruc, address, district, department in firms.iterator(chunk_size=5000):
        rows.append(
            {
                "firm_id": str(pk),
                "record_id": f"firm-{pk}",
                "name": name,
                "ruc": ruc,
                "address": address,
                "district": district,
                "department": department,
            }
        )
        if ruc:
            rucs[pk] = ruc
    sources = SourceRecord.objects.filter(
        firm__isnull=False, firm__merged_into__isnull=True
    ).values_list("pk", "firm_id", "name", "ruc", "address", "district", "department")
    for pk, firm_id, name, ruc, address, district, department in sources.iterator(chunk_size=5000):
        rows.append(
            {
                "firm_id": str(firm_id),
                "record_id": f"src-{pk}",
                "name": name,
                "ruc": ruc,
                "address": address,
                "district": district,
                "department": department,
            }
        )
    return rows, rucs


def candidate_dict(candidate: Candidate) -> dict[str, Any]:
    return {
        "firm_id": int(candidate.firm_id),
        "record_id": candidate.record_id,
        "match_probability": candidate.match_probability,
        "match_weight": candidate.match_weight,
        "evidence": [
            {
                "field": e.field,
                "level": e.level,
                "weight": e.weight,
                "agrees": e.agrees,
                "new_value": e.new_value,
                "known_value": e.known_value,
            }
            for e in candidate.evidence
        ],
    }


def match_rows(
    rows: Sequence[dict[str, Any]],
    *,
    seen_keys: set[str],
    progress: Progress | None = None,
) -> list[RowMatch]:
    """One RowMatch per input row (keys: line, name, ruc, address, district, department,
    row_key, valid). ``seen_keys`` are row keys already imported for this rights holder."""
    step = progress or (lambda done, total, message: None)
    total = len(rows)
    step(0, total, gettext_noop("registros conocidos"))
    known, rucs = known_records()
    firm_by_ruc = {ruc: pk for pk, ruc in rucs.items()}
    results: list[RowMatch | None] = [None] * total
    to_link: list[int] = []
    keys = set(seen_keys)
    for index, row in enumerate(rows):
        if not row["valid"]:
            results[index] = RowMatch(RowOutcome.INVALID)
        elif row["row_key"] in keys:
            results[index] = RowMatch(RowOutcome.DUPLICATE)
        else:
            keys.add(row["row_key"])
            ruc = valid_ruc(row.get("ruc") or None)
            if ruc and ruc in firm_by_ruc:
                results[index] = RowMatch(RowOutcome.LINKED, firm_by_ruc[ruc], 1.0)
            else:
                to_link.append(index)
    step(total - len(to_link), total, gettext_noop("cruce con el motor"))
    if to_link and known:
        new = [_engine_row(rows[i], f"row-{i}") for i in to_link]
        for index, result in zip(to_link, link(known, new), strict=True):
            row_ruc = valid_ruc(rows[index].get("ruc") or None)
            candidates = [
                c
                for c in result.candidates
                if not (row_ruc and rucs.get(int(c.firm_id)) not in (None, row_ruc))
            ]
            as_dicts = [candidate_dict(c) for c in candidates]
            if not candidates:
                results[index] = RowMatch(RowOutcome.NEW)
            elif result.status == "linked" and candidates[0].firm_id == result.firm_id:
                best = candidates[0]
                results[index] = RowMatch(
                    RowOutcome.LINKED, int(best.firm_id), best.match_probability, as_dicts
                )
            elif result.status == "new":
                results[index] = RowMatch(RowOutcome.NEW)
            else:
                results[index] = RowMatch(
                    RowOutcome.UNCERTAIN, None, candidates[0].match_probability, as_dicts
                )
    else:
        for index in to_link:
            results[index] = RowMatch(RowOutcome.NEW)
    step(total - 1 if total else 0, total, gettext_noop("empresas nuevas"))
    _group_new(rows, results)
    step(total, total, gettext_noop("listo"))
    return [r if r is not None else RowMatch(RowOutcome.NEW) for r in results]


def _engine_row(row: dict[str, Any], record_id: str) -> dict[str, Any]:
    return {
        "record_id": record_id,
        "name": row["name"],
        "ruc": row.get("ruc") or None,
        "address": row.get("address") or None,
        "district": row.get("district") or None,
        "department": row.get("department") or None,
    }


def _group_new(rows: Sequence[dict[str, Any]], results: list[RowMatch | None]) -> None:
    new = [i for i, r in enumerate(results) if r is not None and r.outcome == RowOutcome.NEW]
    if not new:
        return
    if len(new) == 1:
        results[new[0]].new_group = "C1"  # type: ignore[union-attr]
        return
    clusters = dedupe([_engine_row(rows[i], f"row-{i}") for i in new])
    for index, cluster_id in zip(new, clusters["cluster_id"].to_list(), strict=True):
        results[index].new_group = str(cluster_id)  # type: ignore[union-attr]
