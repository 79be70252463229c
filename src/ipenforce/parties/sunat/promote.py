"""Create firms from the SUNAT register mirror ("Crear empresas desde el padrón").

The mirror holds every taxpayer in Peru; campaigns target firms. `promote(filter, …)` turns the
taxpayers a filter selects (place by ubigeo prefix, SUNAT state and condition, kind of RUC, a
part of the name) into firms, leaving out the RUCs that are firms already:

1. **Match** (outside the transaction, so that a job's progress is visible): when there are
   firms without RUC (from rights holders' lists), each batch of taxpayers is linked with the
   matching engine (`matching.link.link`) against `lists.matching.known_records()`. A ``linked``
   result whose firm has no RUC is that firm: it gets the taxpayer's RUC, SUNAT state and
   condition (one audited update per such firm) instead of a duplicate. A firm is claimed by
   one taxpayer only (the most probable one). Without firms lacking a RUC nothing can link
   (two valid RUCs are never one firm), so the engine is not run.
2. **Write** (one transaction for the whole run: all or nothing): every other taxpayer becomes
   a new `Firm` (bulk insert per batch), and every promoted taxpayer gets a `SourceRecord`
   (origin SUNAT; method *created*, or *matching* with its probability; the reference names the
   SUNAT import its data came from). One audit entry (`sunat.promote`) records the filter and
   the counts for the run, not one per firm.

Running the same filter again creates nothing: the RUCs that are firms now are left out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ipenforce.core import audit
from ipenforce.core.models import District
from ipenforce.matching.link import link
from ipenforce.parties.lists.matching import known_records
from ipenforce.parties.models import Firm, SunatImport, SunatTaxpayer
from ipenforce.parties.models_lists import SourceLinkMethod, SourceOrigin, SourceRecord

Progress = Callable[[int, int, str], None]

#: Kinds of RUC by prefix: 20 companies (personas jurídicas), 10 natural persons with a
#: business, 15 and 17 the others (non-domiciled, public bodies, …).
RUC_KINDS: dict[str, tuple[str, ...]] = {"20": ("20",), "10": ("10",), "other": ("15", "17")}

#: Taxpayers per batch: one engine call and one bulk insert of firms and of source records.
BATCH_SIZE = 5000
#: A run creates at most this many firms (one transaction); a larger selection is refused.
MAX_TAXPAYERS = 100_000
SAMPLE_SIZE = 20
ACTION = "sunat.promote"

_FIELDS = (
    "ruc",
    "name",
    "state",
    "condition",
    "ubigeo",
    "district_id",
    "address",
    "last_import_id",
)


class PromoteRefused(Exception):
    """The run cannot go ahead (too many taxpayers); the message is for people."""


@dataclass(frozen=True)
class TaxpayerFilter:
    """Which taxpayers of the mirror to turn into firms. Empty fields do not filter.

    The place is the most specific of district (6-digit ubigeo), province (4) and department (2),
    matched as a prefix of the taxpayer's ubigeo."""

    department: str = ""
    province: str = ""
    district: str = ""
    states: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()  #: keys of RUC_KINDS
    name: str = ""

    @property
    def ubigeo_prefix(self) -> str:
        return self.district or self.province or self.department

    def as_dict(self) -> dict[str, Any]:
        return {
            key: list(value) if isinstance(value, tuple) else value
            for key, value in dataclasses.asdict(self).items()
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TaxpayerFilter:
        names = {f.name for f in dataclasses.fields(cls)}
        values: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in names
        }
        return cls(**values)


@dataclass
class Preview:
    count: int
    sample: list[dict[str, Any]]

    @property
    def too_many(self) -> bool:
        return self.count > MAX_TAXPAYERS


def taxpayers(selection: TaxpayerFilter) -> QuerySet[SunatTaxpayer]:
    """The taxpayers the filter selects whose RUC is no firm's RUC yet."""
    qs = SunatTaxpayer.objects.all()
    prefix = selection.ubigeo_prefix
    if len(prefix) == 6:
        qs = qs.filter(ubigeo=prefix)
    elif prefix:
        qs = qs.filter(ubigeo__startswith=prefix)
    if selection.states:
        qs = qs.filter(state__in=selection.states)
    if selection.conditions:
        qs = qs.filter(condition__in=selection.conditions)
    if selection.kinds:
        kinds = Q()
        for kind in selection.kinds:
            for start in RUC_KINDS[kind]:
                kinds |= Q(ruc__startswith=start)
        qs = qs.filter(kinds)
    if selection.name.strip():
        qs = qs.filter(name__icontains=selection.name.strip())
    # NOT EXISTS (an anti-join on the firms' unique RUC index), not NOT IN (subquery).
    return qs.filter(~Exists(Firm.objects.filter(ruc=OuterRef("ruc"))))


def preview(selection: TaxpayerFilter) -> Preview:
    """How many taxpayers a run would promote, and the first SAMPLE_SIZE by RUC."""
    qs = taxpayers(selection)
    places = _places()
    sample = [
        _with_place(row, places)
        for row in qs.order_by("ruc").values(*_FIELDS)[:SAMPLE_SIZE].iterator()
    ]
    return Preview(count=qs.count(), sample=sample)


def values_present() -> tuple[list[str], list[str]]:
    """The SUNAT states and conditions present in the mirror (cached until the next import)."""
    latest = SunatImport.objects.order_by("-pk").values_list("pk", "finished_at").first()
    stamp = int(latest[1].timestamp()) if latest and latest[1] else 0
    key = f"sunat-promote-values-{latest[0] if latest else 0}-{stamp}"

    def compute() -> tuple[list[str], list[str]]:
        states = SunatTaxpayer.objects.values_list("state", flat=True).distinct()
        conditions = SunatTaxpayer.objects.values_list("condition", flat=True).distinct()
        return sorted(states), sorted(conditions)

    cached = cache.get(key)
    if cached is None:
        cached = compute()
        cache.set(key, cached, 24 * 3600)
    states, conditions = cached
    return list(states), list(conditions)


def promote(
    selection: TaxpayerFilter, *, actor: Any, progress: Progress | None = None
) -> dict[str, int]:
    """Create (or link) the firms of the selected taxpayers; returns the counts."""
    step = progress or (lambda done, total, message: None)
    total = taxpayers(selection).count()
    if total > MAX_TAXPAYERS:
        raise PromoteRefused(
            _(
                "El filtro selecciona %(count)s contribuyentes; como máximo se crean "
                "%(limit)s empresas a la vez. Acote el filtro."
            )
            % {"count": total, "limit": MAX_TAXPAYERS}
        )
    step(0, total, gettext_noop("cruce con las empresas conocidas"))
    claims = _match(selection, total, step)
    with transaction.atomic():
        counts = _write(selection, claims, total, actor=actor, step=step)
        audit.record(
            actor=actor,
            action=ACTION,
            after={"filter": selection.as_dict(), **counts},
            note=" ".join(f"{key}={value}" for key, value in counts.items()),
        )
    step(total, total, gettext_noop("listo"))
    return counts


# --- the two phases --------------------------------------------------------------------------


def _batches(selection: TaxpayerFilter) -> Iterator[list[dict[str, Any]]]:
    """The selected taxpayers in RUC order, BATCH_SIZE at a time (keyset pagination)."""
    qs = taxpayers(selection).order_by("ruc").values(*_FIELDS)
    last = ""
    while True:
        batch = list(qs.filter(ruc__gt=last)[:BATCH_SIZE])
        if not batch:
            return
        yield batch
        last = batch[-1]["ruc"]


def _match(selection: TaxpayerFilter, total: int, step: Progress) -> dict[str, tuple[int, float]]:
    """RUC → (firm id, probability) for the taxpayers that are a known firm without RUC."""
    known, rucs = known_records()
    without_ruc = {row["firm_id"] for row in known} - {str(pk) for pk in rucs}
    if not without_ruc or not total:
        return {}
    places = _places()
    proposals: list[tuple[float, str, int]] = []
    done = 0
    for batch in _batches(selection):
        rows = [_engine_row(_with_place(t, places)) for t in batch]
        for taxpayer, result in zip(batch, link(known, rows), strict=True):
            if result.status == "linked" and result.firm_id and result.firm_id in without_ruc:
                probability = float(result.match_probability or 0.0)
                proposals.append((probability, taxpayer["ruc"], int(result.firm_id)))
        done += len(batch)
        step(done, total, gettext_noop("cruce con las empresas conocidas"))
    claims: dict[str, tuple[int, float]] = {}
    claimed: set[int] = set()
    for probability, ruc, firm_id in sorted(proposals, key=lambda p: (-p[0], p[1])):
        if firm_id not in claimed:  # a firm gets one RUC: the most probable taxpayer's
            claimed.add(firm_id)
            claims[ruc] = (firm_id, probability)
    return claims


def _write(
    selection: TaxpayerFilter,
    claims: dict[str, tuple[int, float]],
    total: int,
    *,
    actor: Any,
    step: Progress,
) -> dict[str, int]:
    # The claimed firms, locked; a firm that got a RUC or was merged meanwhile is not claimed.
    free = set(
        Firm.objects.select_for_update()
        .filter(pk__in={firm_id for firm_id, _p in claims.values()})
        .filter(ruc__isnull=True, merged_into__isnull=True)
        .values_list("pk", flat=True)
    )
    places = _places()
    imports = dict(SunatImport.objects.values_list("pk", "file_name"))
    counts = {"selected": 0, "created": 0, "linked": 0}
    for batch in _batches(selection):
        rows = [_with_place(t, places) for t in batch]
        linked = [(t, claims[t["ruc"]]) for t in rows if claims.get(t["ruc"], (0, 0))[0] in free]
        linked_rucs = {t["ruc"] for t, _claim in linked}
        new_firms = [_firm(t) for t in rows if t["ruc"] not in linked_rucs]
        Firm.objects.bulk_create(new_firms, batch_size=1000)
        if any(f.pk is None for f in new_firms):  # backends without RETURNING on bulk insert
            ids = dict(
                Firm.objects.filter(ruc__in=[f.ruc for f in new_firms]).values_list("ruc", "pk")
            )
            for firm in new_firms:
                firm.pk = ids[firm.ruc]
        firm_ids = {f.ruc: f.pk for f in new_firms}
        records = []
        for t in rows:
            if t["ruc"] in linked_rucs:
                firm_id, probability = claims[t["ruc"]]
                _give_ruc(firm_id, t, probability, actor=actor)
                records.append(_record(t, firm_id, SourceLinkMethod.MATCHING, probability, imports))
            else:
                created = firm_ids[t["ruc"]]
                records.append(_record(t, created, SourceLinkMethod.CREATED, None, imports))
        SourceRecord.objects.bulk_create(records, batch_size=1000)
        counts["selected"] += len(rows)
        counts["created"] += len(new_firms)
        counts["linked"] += len(linked)
        step(counts["selected"], max(total, counts["selected"]), gettext_noop("creando empresas"))
    return counts


# --- rows ------------------------------------------------------------------------------------


def _places() -> dict[str, tuple[str, str]]:
    """Ubigeo → (district name, department name)."""
    rows = District.objects.values_list("code", "name", "province__department__name")
    return {code: (district, department) for code, district, department in rows}


def _with_place(row: dict[str, Any], places: dict[str, tuple[str, str]]) -> dict[str, Any]:
    district, department = places.get(row["district_id"] or "", ("", ""))
    return {**row, "district_name": district, "department_name": department}


def _engine_row(taxpayer: dict[str, Any]) -> dict[str, Any]:
    return {
        "record_id": f"ruc-{taxpayer['ruc']}",
        "name": taxpayer["name"],
        "ruc": taxpayer["ruc"],
        "address": taxpayer["address"] or None,
        "district": taxpayer["district_name"] or None,
        "department": taxpayer["department_name"] or None,
    }


#: Lengths of the Firm fields a taxpayer's values are cut to.
_FIRM_LENGTHS = {"legal_name": 250, "address": 300, "sunat_state": 40, "sunat_condition": 40}


def _cut(value: str, field: str) -> str:
    return value[: _FIRM_LENGTHS[field]]


def _firm(taxpayer: dict[str, Any]) -> Firm:
    return Firm(
        legal_name=_cut(taxpayer["name"], "legal_name"),
        ruc=taxpayer["ruc"],
        address=_cut(taxpayer["address"], "address"),
        district_id=taxpayer["district_id"],
        sunat_state=_cut(taxpayer["state"], "sunat_state"),
        sunat_condition=_cut(taxpayer["condition"], "sunat_condition"),
    )


def _record(
    taxpayer: dict[str, Any],
    firm_id: int,
    method: str,
    probability: float | None,
    imports: dict[int, str],
) -> SourceRecord:
    import_id = taxpayer["last_import_id"]
    reference = f"SUNAT #{import_id} {imports.get(import_id, '')}".strip()
    return SourceRecord(
        firm_id=firm_id,
        origin=SourceOrigin.SUNAT,
        reference=reference[:200],
        name=taxpayer["name"],
        ruc=taxpayer["ruc"],
        address=taxpayer["address"][:300],
        district=taxpayer["district_name"],
        department=taxpayer["department_name"],
        raw={
            "state": taxpayer["state"],
            "condition": taxpayer["condition"],
            "ubigeo": taxpayer["ubigeo"],
            "sunat_import": import_id,
        },
        link_method=method,
        match_probability=probability,
    )


def _give_ruc(firm_id: int, taxpayer: dict[str, Any], probability: float, *, actor: Any) -> None:
    """A known firm without RUC is this taxpayer: its RUC and SUNAT state, audited."""
    fields = ["ruc", "sunat_state", "sunat_condition"]
    firm = Firm.objects.get(pk=firm_id)
    before = audit.snapshot(firm, fields)
    firm.ruc = taxpayer["ruc"]
    firm.sunat_state = _cut(taxpayer["state"], "sunat_state")
    firm.sunat_condition = _cut(taxpayer["condition"], "sunat_condition")
    firm.save(update_fields=[*fields, "updated_at"])
    audit.record(
        actor=actor,
        action="firm.update",
        obj=firm,
        before=before,
        after=audit.snapshot(firm, fields),
        note=f"{ACTION} p={probability:.3f}",
    )


def start_promotion(selection: TaxpayerFilter, *, count: int, actor: Any) -> str:
    """Enqueue `promote` on the worker; returns the job id."""
    from ipenforce.core.jobs import start_job
    from ipenforce.parties.sunat.tasks import promote_sunat_taxpayers

    return start_job(
        promote_sunat_taxpayers,
        label=gettext_noop("Empresas desde el padrón SUNAT: %(count)s contribuyentes"),
        label_params={"count": count},
        requested_by=actor,
        selection=selection.as_dict(),
        actor_id=getattr(actor, "pk", None),
    )


def recent_jobs(limit: int = 5) -> list[dict[str, Any]]:
    """The latest promotion jobs as the jobs page shows them (status and progress)."""
    from django_tasks_db.models import DBTaskResult

    from ipenforce.core.models import JobProgress
    from ipenforce.core.selectors import job_row

    results = list(
        DBTaskResult.objects.filter(task_path__endswith=".promote_sunat_taxpayers").order_by(
            "-enqueued_at"
        )[:limit]
    )
    progress = {
        p.task_id: p for p in JobProgress.objects.filter(task_id__in=[str(r.id) for r in results])
    }
    return [job_row(r, progress.get(str(r.id))) for r in results]
