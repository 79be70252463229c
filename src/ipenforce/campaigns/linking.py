"""Linking reported licence purchases to campaign targets (no database access here).

Order of evidence, per licence row:

1. **RUC**: a row whose RUC is the RUC of a target is linked to it (`analytics.link_by_ruc`).
   A row with a RUC that is no target's RUC is a purchase of a firm outside the campaign: it is
   kept unlinked (it would be wrong to link it by name to a different RUC).
2. **Company-matching engine** (`ipenforce.matching.link.link`, Fellegi-Sunter on name, legal
   form, address and place): rows WITHOUT RUC are matched against the campaign's targets; the
   outcome `linked` links the row (method `matching`, with the match probability), `uncertain`
   and `new` leave it unlinked (the best probability is kept as `score` for review).
3. **Fallback**: if the matching engine cannot run (not installed, model missing, error), rows
   without RUC are linked by exact normalised name + district (accents, punctuation, legal-form
   spelling and case ignored) when exactly one target has that key. The method is then
   `name_district` and the report's provenance says so.

The result keeps the input order, so the caller can store it beside each row.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ipenforce.campaigns.analytics import Licence, LinkedLicence, Target, link_by_ruc

logger = logging.getLogger(__name__)

RUC = "ruc"
MATCHING = "matching"
NAME_DISTRICT = "name_district"
NONE = "none"


@dataclass(frozen=True, slots=True)
class LicenceLink:
    licence: Licence
    target_id: str | None
    method: str
    """`ruc`, `matching`, `name_district` or `none`."""
    score: float | None = None
    """Match probability of the best candidate (matching engine only)."""

    def linked(self) -> LinkedLicence:
        return LinkedLicence(self.licence, self.target_id)


def link_licences(
    targets: Sequence[Target], licences: Sequence[Licence], *, use_matching: bool = True
) -> list[LicenceLink]:
    """Link every licence row to a target (or to none); see the module docstring."""
    by_ruc = link_by_ruc(targets, licences)
    out: list[LicenceLink | None] = []
    pending: list[int] = []
    for index, linked in enumerate(by_ruc):
        if linked.target_id is not None:
            out.append(LicenceLink(linked.licence, linked.target_id, RUC))
        elif linked.licence.ruc:
            out.append(LicenceLink(linked.licence, None, NONE))
        else:
            out.append(None)
            pending.append(index)
    if pending:
        rows = [licences[i] for i in pending]
        results: list[LicenceLink] | None = None
        if use_matching:
            results = _link_with_matching_engine(targets, rows)
        if results is None:
            results = link_by_name_and_district(targets, rows)
        for index, result in zip(pending, results, strict=True):
            out[index] = result
    return [link for link in out if link is not None]


def _link_with_matching_engine(
    targets: Sequence[Target], rows: Sequence[Licence]
) -> list[LicenceLink] | None:
    try:
        from ipenforce.matching.link import link
    except ImportError:  # pragma: no cover - the engine ships with the project
        logger.warning("matching engine not importable; linking by name and district")
        return None
    known = [
        {
            "firm_id": t.target_id,
            "record_id": t.target_id,
            "name": t.name,
            "ruc": t.ruc or None,
            "address": t.address or None,
            "district": t.district or None,
            "department": t.department or None,
        }
        for t in targets
    ]
    new = [
        {
            "record_id": f"licence-{i}",
            "name": row.name,
            "ruc": None,
            "address": row.address or None,
            "district": row.district or None,
            "department": row.department or None,
        }
        for i, row in enumerate(rows)
    ]
    try:
        results = link(known, new)
    except Exception:
        logger.exception("matching engine failed; linking by name and district")
        return None
    return [
        LicenceLink(
            row,
            result.firm_id if result.status == "linked" else None,
            MATCHING if result.status == "linked" else NONE,
            result.match_probability,
        )
        for row, result in zip(rows, results, strict=True)
    ]


_LEGAL_FORMS = re.compile(
    r"\b(S ?A ?C|S ?R ?L|E ?I ?R ?L|S ?A ?A|S ?A|SOCIEDAD ANONIMA CERRADA|SOCIEDAD ANONIMA|"
    r"SOCIEDAD COMERCIAL DE RESPONSABILIDAD LIMITADA|EMPRESA INDIVIDUAL DE RESPONSABILIDAD "
    r"LIMITADA)\b"
)


def normalise(text: str) -> str:
    """Upper case, no accents, no punctuation, legal forms removed, single spaces."""
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).upper()
    plain = re.sub(r"[^A-Z0-9 ]+", " ", plain.replace("&", " Y "))
    plain = _LEGAL_FORMS.sub(" ", re.sub(r"\s+", " ", plain))
    return re.sub(r"\s+", " ", plain).strip()


def link_by_name_and_district(
    targets: Sequence[Target], rows: Sequence[Licence]
) -> list[LicenceLink]:
    """The fallback: exact normalised (name, district), only when one target has that key."""
    index: dict[tuple[str, str], str | None] = {}
    for t in targets:
        key = (normalise(t.name), normalise(t.district))
        index[key] = None if key in index else t.target_id
    out = []
    for row in rows:
        target_id = index.get((normalise(row.name), normalise(row.district)))
        out.append(LicenceLink(row, target_id, NAME_DISTRICT if target_id else NONE))
    return out
