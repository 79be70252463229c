"""State changes of list imports and the review queue: one transaction each, audited.

upload (`create_import`) → map columns (`apply_mapping`, validates every row) → match
(`start_matching`: in the request for small lists, as a background job above SYNC_LIMIT rows)
→ review uncertain pairs (`decide_review`, before or after the commit) → commit
(`commit_import`: all rows in one transaction; firms created through `services.create_firm`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ipenforce.core import audit
from ipenforce.core.audit import user_or_none
from ipenforce.parties import services as firm_services
from ipenforce.parties.lists import reading
from ipenforce.parties.lists.matching import RowMatch, match_rows
from ipenforce.parties.lists.validation import FIELD_NAMES, Gazetteer, clean_row, row_key
from ipenforce.parties.models import Firm
from ipenforce.parties.models_lists import (
    ListImport,
    ListImportStatus,
    ListRow,
    ReviewItem,
    ReviewStatus,
    RightsHolder,
    RowOutcome,
    SourceLinkMethod,
    SourceOrigin,
    SourceRecord,
)
from ipenforce.parties.validators import ruc_problem

#: Lists with more rows than this are matched and committed by a background job.
SYNC_LIMIT = 500

Progress = Callable[[int, int, str], None]


MAPPABLE = (
    ListImportStatus.UPLOADED,
    ListImportStatus.VALIDATED,
    ListImportStatus.MATCHED,
    ListImportStatus.FAILED,
)
MATCHABLE = (
    ListImportStatus.VALIDATED,
    ListImportStatus.MATCHED,
    ListImportStatus.MATCHING,
    ListImportStatus.FAILED,
)


class ListImportError(Exception):
    """A step that cannot run in the import's current state; the message is for people."""


def survivor(firm: Firm) -> Firm:
    """The firm that `firm` was (perhaps repeatedly) merged into, or `firm` itself."""
    seen = {firm.pk}
    while firm.merged_into_id is not None:
        firm = Firm.objects.get(pk=firm.merged_into_id)
        if firm.pk in seen:  # pragma: no cover - a cycle would be a bug in merging
            break
        seen.add(firm.pk)
    return firm


@transaction.atomic
def create_import(
    *, rights_holder: RightsHolder, file_name: str, data: bytes, actor: Any
) -> tuple[ListImport, bool]:
    """Store an uploaded file; the same file for the same rights holder returns the first one."""
    digest = reading.sha256(data)
    existing = ListImport.objects.filter(rights_holder=rights_holder, sha256=digest).first()
    if existing is not None:
        return existing, False
    fmt = reading.file_format(file_name, data)
    table = reading.read_table(data, fmt)
    list_import = ListImport.objects.create(
        rights_holder=rights_holder,
        file_name=file_name[:255],
        file_format=fmt,
        sha256=digest,
        data=data,
        headers=table.headers,
        row_count=len(table.rows),
        uploaded_by=user_or_none(actor),
    )
    audit.record(
        actor=actor,
        action="list_import.upload",
        obj=list_import,
        after={"file": file_name, "sha256": digest, "rows": len(table.rows)},
    )
    return list_import, True


def _require(list_import: ListImport, *statuses: str) -> None:
    if list_import.status not in statuses:
        raise ListImportError(
            _("Esta lista está en estado «%(status)s»: no se puede hacer eso ahora.")
            % {"status": list_import.get_status_display()}
        )


@transaction.atomic
def apply_mapping(list_import: ListImport, mapping: dict[str, str], *, actor: Any) -> ListImport:
    """Remember the mapping for the rights holder and validate every row (results reset)."""
    list_import = ListImport.objects.select_for_update().get(pk=list_import.pk)
    _require(list_import, *MAPPABLE)
    mapping = {k: v for k, v in mapping.items() if k in FIELD_NAMES and v in list_import.headers}
    if "name" not in mapping:
        raise ListImportError(_("Indique la columna de la razón social o nombre."))
    table = reading.read_table(bytes(list_import.data), list_import.file_format)
    gazetteer = Gazetteer.load()
    list_import.rows.all().delete()
    rows = []
    errors = 0
    for line, raw in table.rows:
        clean = clean_row(line, raw, mapping, gazetteer, table.bad_lines.get(line))
        errors += 0 if clean.valid else 1
        rows.append(
            ListRow(
                list_import=list_import,
                line=line,
                raw=raw,
                district_code=clean.district_code,
                errors=clean.errors,
                row_key=row_key(clean.values),
                outcome=RowOutcome.PENDING if clean.valid else RowOutcome.INVALID,
                **clean.values,
            )
        )
    ListRow.objects.bulk_create(rows, batch_size=1000)
    before = audit.snapshot(list_import, ["mapping", "status"])
    list_import.mapping = mapping
    list_import.row_count = len(rows)
    list_import.error_count = errors
    list_import.counts = {}
    list_import.status = ListImportStatus.VALIDATED
    list_import.save()
    holder = list_import.rights_holder
    if holder.column_mapping != mapping:
        holder.column_mapping = mapping
        holder.save(update_fields=["column_mapping"])
    audit.record(
        actor=actor,
        action="list_import.map",
        obj=list_import,
        before=before,
        after=audit.snapshot(list_import, ["mapping", "status"]),
    )
    return list_import


def start_matching(list_import: ListImport, *, actor: Any) -> str | None:
    """Match now (small list) or queue the job; returns the job's task id, if any."""
    from ipenforce.core.jobs import start_job
    from ipenforce.parties.tasks import match_list_import

    with transaction.atomic():
        locked = ListImport.objects.select_for_update().get(pk=list_import.pk)
        _require(
            locked, ListImportStatus.VALIDATED, ListImportStatus.MATCHED, ListImportStatus.FAILED
        )
        if locked.row_count <= SYNC_LIMIT:
            run_matching(locked.pk, actor=actor)
            return None
        locked.status = ListImportStatus.MATCHING
        locked.message = ""
        task_id = start_job(
            match_list_import,
            label=gettext_noop("Cruce de la lista %(name)s"),
            label_params={"name": locked.file_name},
            requested_by=actor,
            list_import_id=locked.pk,
            actor_id=getattr(actor, "pk", None),
        )
        locked.task_id = task_id
        locked.save(update_fields=["status", "message", "task_id"])
        return task_id


def run_matching(list_import_id: int, *, actor: Any, progress: Progress | None = None) -> None:
    """Match the rows, then store the outcomes and the review items in one transaction.

    The engine runs outside the transaction, so a job's progress is visible while it works."""
    list_import = ListImport.objects.get(pk=list_import_id)
    _require(list_import, *MATCHABLE)
    rows = list(list_import.rows.order_by("line"))
    seen = set(
        SourceRecord.objects.filter(
            origin=SourceOrigin.RIGHTS_HOLDER_LIST, rights_holder=list_import.rights_holder_id
        ).values_list("row_key", flat=True)
    )
    inputs = [
        {
            "name": r.name,
            "ruc": r.ruc,
            "address": r.address,
            "district": r.district,
            "department": r.department,
            "row_key": r.row_key,
            "valid": not r.blocking_errors,
        }
        for r in rows
    ]
    matches = match_rows(inputs, seen_keys=seen, progress=progress)
    with transaction.atomic():
        locked = ListImport.objects.select_for_update().get(pk=list_import_id)
        _require(locked, *MATCHABLE)
        if set(locked.rows.values_list("pk", flat=True)) != {r.pk for r in rows}:
            raise ListImportError(_("Las columnas cambiaron mientras se cruzaba la lista."))
        _store_matches(locked, rows, matches, actor=actor)


def _store_matches(
    list_import: ListImport, rows: list[ListRow], matches: list[RowMatch], *, actor: Any
) -> None:
    ReviewItem.objects.filter(row__list_import=list_import).delete()
    reviews = []
    for row, match in zip(rows, matches, strict=True):
        row.outcome = match.outcome
        row.firm_id = match.firm_id
        row.match_probability = match.probability
        row.new_group = match.new_group
        if match.outcome == RowOutcome.UNCERTAIN:
            reviews.append(
                ReviewItem(
                    row=row,
                    candidates=match.candidates,
                    best_firm_id=match.candidates[0]["firm_id"],
                    match_probability=match.probability,
                )
            )
    ListRow.objects.bulk_update(
        rows, ["outcome", "firm", "match_probability", "new_group"], batch_size=1000
    )
    ReviewItem.objects.bulk_create(reviews, batch_size=1000)
    counts = {outcome.value: 0 for outcome in RowOutcome}
    for match in matches:
        counts[match.outcome] += 1
    counts["new_firms"] = len({(m.new_group) for m in matches if m.outcome == RowOutcome.NEW})
    list_import.counts = counts
    list_import.status = ListImportStatus.MATCHED
    list_import.message = ""
    list_import.save(update_fields=["counts", "status", "message"])
    audit.record(actor=actor, action="list_import.match", obj=list_import, after=counts)


def start_commit(list_import: ListImport, *, actor: Any) -> str | None:
    """Commit now (small list) or queue the job; returns the job's task id, if any."""
    from ipenforce.core.jobs import start_job
    from ipenforce.parties.tasks import commit_list_import

    if list_import.row_count <= SYNC_LIMIT:
        commit_import(list_import.pk, actor=actor)
        return None
    _require(list_import, ListImportStatus.MATCHED)
    return start_job(
        commit_list_import,
        label=gettext_noop("Confirmación de la lista %(name)s"),
        label_params={"name": list_import.file_name},
        requested_by=actor,
        list_import_id=list_import.pk,
        actor_id=getattr(actor, "pk", None),
    )


def _new_firm(row: ListRow, *, actor: Any) -> tuple[Firm, bool]:
    """A new firm from the row, or the firm that has its RUC already (created since)."""
    ruc = row.ruc if row.ruc and ruc_problem(row.ruc) is None else None
    if ruc:
        existing = Firm.objects.filter(ruc=ruc).first()
        if existing is not None:
            return survivor(existing), False
    firm = firm_services.create_firm(
        actor=actor,
        legal_name=row.name[:250],
        ruc=ruc,
        trade_name=row.trade_name[:250],
        address=row.address[:300],
        district_id=row.district_code or None,
        email=row.email,
        phone=row.phone[:40],
    )
    return firm, True


def _source_record(row: ListRow, firm: Firm | None, method: str) -> SourceRecord:
    return SourceRecord(
        firm=firm,
        origin=SourceOrigin.RIGHTS_HOLDER_LIST,
        rights_holder_id=row.list_import.rights_holder_id,
        list_import_id=row.list_import_id,
        line=row.line,
        reference=row.list_import.file_name[:200],
        name=row.name or "—",
        ruc=row.ruc,
        address=row.address,
        district=row.district,
        department=row.department,
        trade_name=row.trade_name,
        email=row.email,
        phone=row.phone,
        raw=row.raw,
        row_key=row.row_key,
        link_method=method,
        match_probability=row.match_probability,
    )


@transaction.atomic
def commit_import(
    list_import_id: int, *, actor: Any, progress: Progress | None = None
) -> dict[str, int]:
    """Apply a matched list: all rows or none. Committing twice changes nothing."""
    list_import = ListImport.objects.select_for_update().get(pk=list_import_id)
    if list_import.status == ListImportStatus.COMMITTED:
        return dict(list_import.counts.get("committed", {}))
    _require(list_import, ListImportStatus.MATCHED)
    step = progress or (lambda done, total, message: None)
    rows = list(list_import.rows.select_related("list_import", "firm", "review").order_by("line"))
    done_keys = set(
        SourceRecord.objects.filter(
            origin=SourceOrigin.RIGHTS_HOLDER_LIST, rights_holder=list_import.rights_holder_id
        ).values_list("row_key", flat=True)
    )
    result = {"linked": 0, "created": 0, "new_firms": 0, "pending_review": 0, "skipped": 0}
    group_firm: dict[str, Firm] = {}
    records: list[tuple[SourceRecord, ReviewItem | None]] = []
    for index, row in enumerate(rows, start=1):
        if index % 200 == 0:
            step(index, len(rows), "filas")
        if row.outcome in (RowOutcome.INVALID, RowOutcome.DUPLICATE, RowOutcome.PENDING) or (
            row.row_key in done_keys
        ):
            result["skipped"] += 1
            continue
        done_keys.add(row.row_key)
        review = getattr(row, "review", None) if row.outcome == RowOutcome.UNCERTAIN else None
        if row.outcome == RowOutcome.LINKED and row.firm is not None:
            firm = survivor(row.firm)
            method = SourceLinkMethod.RUC if row.ruc and row.ruc == firm.ruc else None
            records.append((_source_record(row, firm, method or SourceLinkMethod.MATCHING), None))
            result["linked"] += 1
        elif review is not None and review.status == ReviewStatus.ACCEPTED:
            firm = survivor(review.chosen_firm or review.best_firm)  # type: ignore[arg-type]
            records.append((_source_record(row, firm, SourceLinkMethod.REVIEW), None))
            result["linked"] += 1
        elif review is not None and review.status == ReviewStatus.PENDING:
            records.append((_source_record(row, None, SourceLinkMethod.PENDING), review))
            result["pending_review"] += 1
        else:  # new, or rejected in review
            group = row.new_group if row.outcome == RowOutcome.NEW else f"row-{row.pk}"
            group_member = group_firm.get(group) if group else None
            if group_member is None:
                group_member, created = _new_firm(row, actor=actor)
                result["new_firms"] += int(created)
                group_firm[group] = group_member
            records.append((_source_record(row, group_member, SourceLinkMethod.CREATED), None))
            result["created"] += 1
    SourceRecord.objects.bulk_create([r for r, _review in records], batch_size=1000)
    for record, review in records:
        if review is not None:
            if record.pk is None:  # backends without RETURNING on bulk insert
                record = SourceRecord.objects.get(
                    origin=record.origin,
                    rights_holder=record.rights_holder_id,
                    row_key=record.row_key,
                )
            review.source_record = record
            review.save(update_fields=["source_record"])
    list_import.status = ListImportStatus.COMMITTED
    list_import.committed_at = timezone.now()
    list_import.committed_by = user_or_none(actor)
    list_import.counts = {**list_import.counts, "committed": result}
    list_import.save(update_fields=["status", "committed_at", "committed_by", "counts"])
    audit.record(actor=actor, action="list_import.commit", obj=list_import, after=result)
    step(len(rows), len(rows), "listo")
    return result


@transaction.atomic
def decide_review(
    item: ReviewItem, *, accept: bool, actor: Any, firm_id: int | None = None
) -> ReviewItem:
    """Accept (the row is the candidate firm) or reject (a new firm) an uncertain pair.

    Before the list's commit the decision is kept and applied by the commit; after it, the
    row's source record is linked (or its new firm created) at once."""
    item = ReviewItem.objects.select_for_update().select_related("row__list_import").get(pk=item.pk)
    if item.status != ReviewStatus.PENDING:
        raise ListImportError(_("Este par ya fue decidido."))
    candidate_ids = [c["firm_id"] for c in item.candidates]
    chosen: Firm | None = None
    if accept:
        chosen_id = firm_id if firm_id is not None else item.best_firm_id
        if chosen_id is None or chosen_id not in candidate_ids:
            raise ListImportError(_("Esa empresa no es una de las candidatas."))
        chosen = Firm.objects.filter(pk=chosen_id).first()
        if chosen is None:
            raise ListImportError(_("La empresa candidata ya no existe."))
        chosen = survivor(chosen)
    item.status = ReviewStatus.ACCEPTED if accept else ReviewStatus.REJECTED
    item.chosen_firm = chosen
    item.decided_by = user_or_none(actor)
    item.decided_at = timezone.now()
    item.save(update_fields=["status", "chosen_firm", "decided_by", "decided_at"])
    record = item.source_record
    if record is not None and record.firm_id is None:
        if chosen is not None:
            record.firm = chosen
            record.link_method = SourceLinkMethod.REVIEW
        else:
            record.firm, _created = _new_firm(item.row, actor=actor)
            record.link_method = SourceLinkMethod.CREATED
        record.save(update_fields=["firm", "link_method"])
    audit.record(
        actor=actor,
        action="review.accept" if accept else "review.reject",
        obj=item,
        after={
            "line": item.row.line,
            "list_import": item.row.list_import_id,
            "firm": chosen.pk if chosen else (record.firm_id if record else None),
            "match_probability": item.match_probability,
        },
    )
    return item
