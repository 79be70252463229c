"""State changes of the cases app: saving a fine calculation (one door, with an audit row)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from ipenforce.cases.memo import memo_context, render_memo_pdf
from ipenforce.cases.models import FineCalculation
from ipenforce.core import audit
from ipenforce.core.audit import user_or_none
from ipenforce.documents.models import DocumentKind, IssuedDocument
from ipenforce.documents.services import issue_document
from ipenforce.fines import calculate, parse_case
from ipenforce.fines.params import default_parameters
from ipenforce.parties.models import Firm


class CalculationChainError(ValueError):
    """The new version does not continue the chain of its case file."""


def run_engine(case_data: dict[str, Any]) -> dict[str, Any]:
    """The engine's result (contract JSON) for a JSON case; raises ``CaseError``."""
    params = default_parameters()
    case = parse_case(case_data, bodies=tuple(params.bodies()))
    return calculate(case, params).as_dict()


def _officer_label(actor: Any) -> str:
    if actor is None or isinstance(actor, str):
        return actor or "sistema"
    full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return str(full or actor.get_username())


def build_memo(calc: FineCalculation) -> bytes:
    """The memo PDF of a saved calculation; identical bytes every time (same SHA-256)."""
    previous = calc.supersedes
    return render_memo_pdf(
        memo_context(
            inputs=calc.inputs,
            result=calc.result,
            case_reference=calc.case_reference,
            version=calc.version,
            created_at=calc.created_at,
            officer=_officer_label(calc.created_by),
            firm=calc.firm.legal_name if calc.firm else "",
            firm_ruc=(calc.firm.ruc or "") if calc.firm else "",
            supersedes=str(previous.version) if previous else "",
        ),
        timestamp=calc.created_at,
    )


@transaction.atomic
def save_calculation(
    case_data: dict[str, Any],
    *,
    actor: Any,
    firm: Firm | None = None,
    supersedes: FineCalculation | None = None,
) -> FineCalculation:
    """Calculate ``case_data`` (the CLI's JSON case, with ``case_reference``) and keep it.

    Saves an immutable :class:`FineCalculation`, renders and issues its memo PDF (kind "memo",
    stored with its SHA-256) and writes an audit entry, all in one transaction. A case file that
    already has calculations gets the next version, superseding the latest one; ``supersedes``,
    when given, must be that latest version. Raises ``CaseError`` for an invalid case and
    :class:`CalculationChainError` for a broken chain.
    """
    reference = str(case_data.get("case_reference") or "").strip()
    if not reference:
        raise CalculationChainError("case_reference is required to save a calculation")
    result = run_engine(case_data)

    # The chain is linear (``supersedes`` is one-to-one), so its head is the highest version.
    # Locking the case file's rows serialises concurrent recalculations on PostgreSQL; the
    # unique (case_reference, version) constraint stops any race that slips through.
    head = (
        FineCalculation.objects.select_for_update()
        .filter(case_reference=reference)
        .order_by("-version")
        .first()
    )
    if supersedes is not None:
        if supersedes.case_reference != reference:
            raise CalculationChainError(
                "a recalculation keeps the case reference of the version it supersedes"
            )
        if head is None or head.pk != supersedes.pk:
            raise CalculationChainError(
                "only the latest version of a case file can be recalculated"
            )
    previous = head

    calc = FineCalculation(
        case_reference=reference,
        firm=firm,
        body=str(result["body"]),
        method=str(result["method"]),
        resolution_date=dt.date.fromisoformat(str(result["resolution_date"])),
        inputs=case_data,
        result=result,
        inputs_sha256=str(result["inputs_sha256"]),
        fine_uit=Decimal(str(result["fine_uit"])),
        fine_pen=Decimal(str(result["fine_pen"])),
        engine_version=str(result["engine_version"]),
        version=(previous.version + 1) if previous else 1,
        supersedes=previous,
        created_by=user_or_none(actor),
        created_at=timezone.now().replace(microsecond=0),
    )
    # The memo is issued first so that the calculation is complete the moment it is saved.
    calc.memo = issue_document(
        pdf=build_memo(calc),
        kind=DocumentKind.MEMO,
        title=f"Memoria de cálculo de multa — Exp. {reference} — v{calc.version}",
        actor=actor,
    )
    calc.save()
    IssuedDocument.objects.filter(pk=calc.memo.pk).update(
        content_type=ContentType.objects.get_for_model(FineCalculation), object_id=str(calc.pk)
    )
    audit.record(
        actor=actor,
        action="fine.recalculate" if previous else "fine.calculate",
        obj=calc,
        after={
            "case_reference": reference,
            "version": calc.version,
            "supersedes": previous.pk if previous else None,
            "firm": firm.pk if firm else None,
            "body": calc.body,
            "method": calc.method,
            "fine_uit": calc.fine_uit,
            "inputs_sha256": calc.inputs_sha256,
            "memo_sha256": calc.memo.sha256,
        },
    )
    return calc
