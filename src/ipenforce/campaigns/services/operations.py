"""Campaign operations: one door per state change, each in a transaction with an audit entry.

draft -> (targets, arms, letters) -> awaiting_approval -> approved (by a director, not the
author) -> sending (letter batch job, `campaigns.tasks`) -> sent. Dispatch statuses come from
staff or a courier file; responses from firms online or from staff; licence purchases from
rights holders' reports.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import random
import re
import secrets
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ipenforce.campaigns import analytics
from ipenforce.campaigns.letters import available_fields, check_letter, default_letter
from ipenforce.campaigns.models import (
    Arm,
    Campaign,
    CampaignStatus,
    Dispatch,
    DispatchStatus,
    LicencePurchase,
    LicenceReport,
    LinkMethod,
    Response,
    ResponseChannel,
    ResponseKind,
    Target,
)
from ipenforce.campaigns.targeting import TargetFilters, eligible_firms
from ipenforce.core import audit
from ipenforce.core.audit import user_or_none
from ipenforce.core.stored_text import stored_text
from ipenforce.parties.models import Firm
from ipenforce.parties.validators import ruc_problem

CONTROL = analytics.CONTROL
MAX_SEED = 2**63 - 1


class OperationError(Exception):
    """A state change that is not allowed now; the message is for the person who asked."""


class ImportFileError(OperationError):
    """A file was refused as a whole; `errors` lists (line, message), line 0 for the file."""

    def __init__(self, errors: Sequence[tuple[int, str]]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(f"{line}: {msg}" for line, msg in self.errors[:5]))


def new_seed() -> int:
    return secrets.randbelow(MAX_SEED)


def _require(campaign: Campaign, *statuses: str) -> None:
    if campaign.status not in statuses:
        raise OperationError(
            _("La campaña está «%(status)s»: esta acción no está permitida ahora.")
            % {"status": campaign.get_status_display()}
        )


def _set_status(campaign: Campaign, status: str, *, actor: Any, note: str = "") -> None:
    before = campaign.status
    campaign.status = status
    campaign.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action=f"campaign.status.{status}",
        obj=campaign,
        before={"status": before},
        after={"status": status},
        note=note,
    )


# --- campaign -------------------------------------------------------------------------------------

EDITABLE_FIELDS = (
    "name",
    "programme",
    "programme_name",
    "description",
    "start_date",
    "outcome_window_days",
    "avg_pcs_per_firm",
    "avg_licence_value_usd",
    "assumptions_note",
)


@transaction.atomic
def create_campaign(*, actor: Any, **fields: Any) -> Campaign:
    """A draft campaign with a control group and one letter arm (default wording)."""
    campaign = Campaign(**fields)
    campaign.assignment_seed = new_seed()
    campaign.created_by = user_or_none(actor)
    campaign.full_clean()
    campaign.save()
    subject, body = default_letter(campaign)
    Arm.objects.create(campaign=campaign, name=CONTROL, is_control=True, label=_("Sin carta"))
    Arm.objects.create(campaign=campaign, name="letter", letter_subject=subject, letter_body=body)
    audit.record(
        actor=actor, action="campaign.create", obj=campaign, after=audit.snapshot(campaign)
    )
    return campaign


@transaction.atomic
def update_campaign(campaign: Campaign, *, actor: Any, **changes: Any) -> Campaign:
    _require(campaign, CampaignStatus.DRAFT)
    before = audit.snapshot(campaign, list(changes))
    for key, value in changes.items():
        if key not in EDITABLE_FIELDS:
            raise ValueError(f"{key} is not editable")
        setattr(campaign, key, value)
    campaign.full_clean()
    campaign.save()
    audit.record(
        actor=actor,
        action="campaign.update",
        obj=campaign,
        before=before,
        after=audit.snapshot(campaign, list(changes)),
    )
    return campaign


# --- targets and arms -----------------------------------------------------------------------------


def _target_from_firm(campaign: Campaign, arm: Arm, firm: Firm) -> Target:
    district = firm.district
    return Target(
        campaign=campaign,
        arm=arm,
        firm=firm,
        target_id=f"F{firm.pk}",
        name=firm.legal_name[:250],
        ruc=firm.ruc or "",
        address=firm.address[:300],
        district=district.name if district else "",
        department=district.province.department.name if district else "",
        size=firm.size,
        email=firm.email,
    )


@transaction.atomic
def add_targets(
    campaign: Campaign, filters: TargetFilters, *, actor: Any, limit: int | None = None
) -> int:
    """Add the eligible firms (a reproducible random sample of `limit` of them if given), then
    assign arms again over all targets. Returns the number of targets added."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require(campaign, CampaignStatus.DRAFT)
    ids = list(eligible_firms(campaign, filters).values_list("pk", flat=True))
    if limit is not None and limit < len(ids):
        rng = random.Random(f"{campaign.assignment_seed}:{len(ids)}:{limit}")
        ids = sorted(rng.sample(ids, limit))
    if not ids:
        return 0
    placeholder = campaign.arms.order_by("is_control", "name").first()
    if placeholder is None:
        raise OperationError(_("La campaña no tiene brazos."))
    firms = Firm.objects.filter(pk__in=ids).select_related("district__province__department")
    created = Target.objects.bulk_create(
        [_target_from_firm(campaign, placeholder, f) for f in firms.iterator(chunk_size=2000)],
        batch_size=500,
    )
    history = list(campaign.target_filters.get("history", []))
    history.append({**filters.to_dict(), "limit": limit, "added": len(created)})
    campaign.target_filters = {"history": history}
    campaign.save(update_fields=["target_filters"])
    audit.record(
        actor=actor,
        action="campaign.targets.add",
        obj=campaign,
        after={"added": len(created), "filters": filters.to_dict(), "limit": limit},
    )
    _reassign(campaign, actor=actor)
    return len(created)


@transaction.atomic
def remove_target(target: Target, *, actor: Any) -> None:
    campaign = Campaign.objects.select_for_update().get(pk=target.campaign_id)
    _require(campaign, CampaignStatus.DRAFT)
    audit.record(
        actor=actor,
        action="campaign.targets.remove",
        obj=campaign,
        before={"target": f"{target.target_id} {target.name}"},
    )
    target.delete()
    _reassign(campaign, actor=actor)


def _reassign(campaign: Campaign, *, actor: Any) -> analytics.AssignmentRecord | None:
    letter_arms = list(campaign.arms.filter(is_control=False).order_by("name"))
    if not letter_arms:
        raise OperationError(_("Se necesita al menos un brazo con carta."))
    targets = list(campaign.targets.only("pk", "target_id", "department", "size", "arm_id"))
    if not targets:
        campaign.assignment_record = {}
        campaign.save(update_fields=["assignment_record"])
        return None
    seed = campaign.assignment_seed if campaign.assignment_seed is not None else new_seed()
    assignment = analytics.assign_arms(
        [analytics.Target(t.target_id, "", department=t.department, size=t.size) for t in targets],
        seed,
        letter_arms=[a.name for a in letter_arms],
        control_share=float(campaign.control_share),
    )
    arms = {a.name: a for a in campaign.arms.all()}
    if CONTROL not in arms and float(campaign.control_share) > 0:
        arms[CONTROL] = Arm.objects.create(
            campaign=campaign, name=CONTROL, is_control=True, label=_("Sin carta")
        )
    changed = []
    for target in targets:
        arm = arms[assignment.arms[target.target_id]]
        if target.arm_id != arm.pk:
            target.arm_id = arm.pk
            changed.append(target)
    Target.objects.bulk_update(changed, ["arm"], batch_size=500)
    record = assignment.record.to_dict()
    campaign.assignment_seed = seed
    campaign.assignment_record = record
    campaign.save(update_fields=["assignment_seed", "assignment_record"])
    audit.record(
        actor=actor,
        action="campaign.assign",
        obj=campaign,
        after={
            "seed": seed,
            "method": record["method"],
            "control_share": record["control_share"],
            "arm_counts": record["arm_counts"],
        },
    )
    return assignment.record


ARM_NAME_RE = re.compile(r"^letter(_[a-z0-9]+)?$")


@transaction.atomic
def configure_arms(
    campaign: Campaign,
    *,
    letter_arms: Sequence[str],
    control_share: Decimal,
    seed: int | None,
    actor: Any,
) -> analytics.AssignmentRecord | None:
    """Set the letter arms and control share and assign every target again with `seed` (a new
    random seed when None). Letter arms that disappear lose their wording."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require(campaign, CampaignStatus.DRAFT)
    names = list(dict.fromkeys(n.strip() for n in letter_arms if n.strip()))
    bad = [n for n in names if not ARM_NAME_RE.match(n)]
    if not names or bad:
        raise OperationError(
            _("Los brazos con carta se llaman «letter» o «letter_<texto>» (minúsculas, cifras).")
        )
    if not Decimal("0") <= control_share < Decimal("1"):
        raise OperationError(_("La proporción del grupo de control debe estar entre 0 y 1."))
    subject, body = default_letter(campaign)
    existing = {a.name: a for a in campaign.arms.all()}
    for name in names:
        if name not in existing:
            Arm.objects.create(
                campaign=campaign, name=name, letter_subject=subject, letter_body=body
            )
    if control_share > 0 and CONTROL not in existing:
        Arm.objects.create(campaign=campaign, name=CONTROL, is_control=True, label=_("Sin carta"))
    before: dict[str, Any] = {"letter_arms": sorted(n for n in existing if n != CONTROL)}
    before["control_share"] = str(campaign.control_share)
    campaign.control_share = control_share
    campaign.assignment_seed = seed if seed is not None else new_seed()
    campaign.save(update_fields=["control_share", "assignment_seed"])
    audit.record(
        actor=actor,
        action="campaign.arms.configure",
        obj=campaign,
        before=before,
        after={"letter_arms": sorted(names), "control_share": str(control_share)},
    )
    record = _reassign(campaign, actor=actor)
    # Arms no longer used (and now without targets) are removed.
    campaign.arms.exclude(name__in=[*names, CONTROL]).filter(targets__isnull=True).delete()
    if control_share == 0:
        campaign.arms.filter(name=CONTROL, targets__isnull=True).delete()
    return record


def arm_counts(campaign: Campaign) -> list[Arm]:
    return list(campaign.arms.annotate(n_targets=Count("targets")).order_by("is_control", "name"))


def minimum_detectable_effects(
    campaign: Campaign, baseline_rate: float
) -> list[tuple[str, int, int, float | None]]:
    """(letter arm, n letter, n control, MDE) at 80 % power, 5 % two-sided level."""
    arms = arm_counts(campaign)
    n_control = sum(a.n_targets for a in arms if a.is_control)  # type: ignore[attr-defined]
    return [
        (
            a.name,
            a.n_targets,  # type: ignore[attr-defined]
            n_control,
            analytics.minimum_detectable_effect(a.n_targets, n_control, baseline_rate),  # type: ignore[attr-defined]
        )
        for a in arms
        if not a.is_control
    ]


# --- letters and approval -------------------------------------------------------------------------


@transaction.atomic
def save_letter(arm: Arm, *, subject: str, body: str, actor: Any) -> Arm:
    campaign = Campaign.objects.select_for_update().get(pk=arm.campaign_id)
    _require(campaign, CampaignStatus.DRAFT)
    if arm.is_control:
        raise OperationError(_("El grupo de control no recibe carta."))
    problems = check_letter(subject, body, available_fields(campaign))
    if problems:
        raise OperationError(_("La carta tiene errores; corríjalos antes de guardar."))
    before = audit.snapshot(arm, ["letter_subject", "letter_body"])
    arm.letter_subject = subject
    arm.letter_body = body
    arm.save(update_fields=["letter_subject", "letter_body"])
    audit.record(
        actor=actor,
        action="campaign.letter.update",
        obj=arm,
        before=before,
        after=audit.snapshot(arm, ["letter_subject", "letter_body"]),
    )
    return arm


def readiness_problems(campaign: Campaign) -> list[str]:
    """What stops the campaign from going to approval (empty: ready)."""
    problems: list[str] = []
    arms = arm_counts(campaign)
    if not any(a.n_targets for a in arms):  # type: ignore[attr-defined]
        problems.append(_("No hay empresas objetivo."))
    fields = available_fields(campaign)
    for arm in arms:
        if arm.is_control:
            continue
        if not arm.n_targets:  # type: ignore[attr-defined]
            problems.append(_("El brazo «%(arm)s» no tiene empresas.") % {"arm": arm.name})
        if check_letter(arm.letter_subject, arm.letter_body, fields):
            problems.append(_("La carta del brazo «%(arm)s» tiene errores.") % {"arm": arm.name})
    return problems


@transaction.atomic
def submit_for_approval(campaign: Campaign, *, actor: Any) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require(campaign, CampaignStatus.DRAFT)
    problems = readiness_problems(campaign)
    if problems:
        raise OperationError(" ".join(problems))
    _set_status(campaign, CampaignStatus.AWAITING_APPROVAL, actor=actor)
    return campaign


@transaction.atomic
def approve_campaign(campaign: Campaign, *, actor: Any, note: str = "") -> Campaign:
    """A director approves; the author of the campaign cannot approve it."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require(campaign, CampaignStatus.AWAITING_APPROVAL)
    if not actor.has_perm("campaigns.approve_campaign"):
        raise OperationError(_("Solo un director puede aprobar campañas."))
    if campaign.created_by_id is not None and campaign.created_by_id == actor.pk:
        raise OperationError(_("Quien preparó la campaña no puede aprobarla."))
    campaign.approved_by = actor
    campaign.approved_at = timezone.now()
    campaign.save(update_fields=["approved_by", "approved_at"])
    _set_status(campaign, CampaignStatus.APPROVED, actor=actor, note=note)
    return campaign


@transaction.atomic
def return_to_draft(campaign: Campaign, *, actor: Any, note: str) -> Campaign:
    """The director sends it back with observations (or the analyst withdraws it)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require(campaign, CampaignStatus.AWAITING_APPROVAL)
    _set_status(campaign, CampaignStatus.DRAFT, actor=actor, note=note)
    return campaign


# --- letter batch ---------------------------------------------------------------------------------

BATCH_ACTION = "campaign.letters.batch_start"


def start_letter_batch(campaign: Campaign, *, actor: Any, base_url: str) -> str:
    """Enqueue the letter batch (approved campaigns; again to resume a batch that stopped)."""
    from ipenforce.campaigns.tasks import send_letter_batch
    from ipenforce.core.jobs import start_job

    _require(campaign, CampaignStatus.APPROVED, CampaignStatus.SENDING)
    task_id = start_job(
        send_letter_batch,
        label=gettext_noop("Cartas de la campaña %(name)s"),
        label_params={"name": campaign.name},
        requested_by=actor,
        campaign_id=campaign.pk,
        base_url=base_url,
        actor_id=getattr(actor, "pk", None),
    )
    audit.record(actor=actor, action=BATCH_ACTION, obj=campaign, note=task_id)
    return task_id


def latest_batch_task_id(campaign: Campaign) -> str | None:
    entry = (
        audit.history_for(campaign).filter(action=BATCH_ACTION).order_by("-created_at", "-id")
    ).first()
    return entry.note if entry else None


# --- dispatch status ------------------------------------------------------------------------------


@transaction.atomic
def set_dispatch_status(
    dispatch: Dispatch, *, status: str, note: str | dict[str, Any], actor: Any
) -> Dispatch:
    """Staff record a delivery or a returned letter (a bounce, a closed address). `note` is text
    a person typed, or stored text (core.stored_text) that the platform wrote."""
    if status not in DispatchStatus.values:
        raise OperationError(_("Estado de envío desconocido."))
    before = {"status": dispatch.status, "status_note": dispatch.status_note_spanish()}
    dispatch.status = status
    fields = Dispatch.note_fields(note)
    for name, value in fields.items():
        setattr(dispatch, name, value)
    dispatch.save(update_fields=["status", *fields, "updated_at"])
    audit.record(
        actor=actor,
        action="dispatch.status",
        obj=dispatch,
        before=before,
        after={"status": dispatch.status, "status_note": dispatch.status_note_spanish()},
    )
    return dispatch


STATUS_WORDS: dict[str, str] = {
    "delivered": DispatchStatus.DELIVERED,
    "entregada": DispatchStatus.DELIVERED,
    "entregado": DispatchStatus.DELIVERED,
    "returned": DispatchStatus.RETURNED,
    "devuelta": DispatchStatus.RETURNED,
    "devuelto": DispatchStatus.RETURNED,
}


def read_csv(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header (lower-cased) and (line number, row) pairs of a CSV file, comma or semicolon."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise ImportFileError([(0, _("El archivo está vacío."))]) from None
    rows: list[tuple[int, dict[str, str]]] = []
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            rows.append(
                (
                    line,
                    {
                        "__error__": _("tiene %(n)s columnas y el encabezado %(h)s")
                        % {"n": len(values), "h": len(header)}
                    },
                )
            )
            continue
        rows.append((line, {k: v.strip() for k, v in zip(header, values, strict=True)}))
    return header, rows


def parse_date(text: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


COURIER_NOTES: dict[tuple[str, bool], str] = {
    (DispatchStatus.DELIVERED, False): gettext_noop("Entregada el %(day)s (%(file)s)"),
    (DispatchStatus.DELIVERED, True): gettext_noop("Entregada el %(day)s (%(file)s): %(detail)s"),
    (DispatchStatus.RETURNED, False): gettext_noop("Devuelta el %(day)s (%(file)s)"),
    (DispatchStatus.RETURNED, True): gettext_noop("Devuelta el %(day)s (%(file)s): %(detail)s"),
}


def courier_note(status: str, day: dt.date, file_name: str, detail: str) -> dict[str, Any]:
    """The note of a status read from the courier's file (stored text: shown in the reader's
    language; the courier's own detail stays as the courier wrote it)."""
    params = {"day": day.isoformat(), "file": file_name[:255]}
    if detail:
        params["detail"] = detail[:300]
    return stored_text(COURIER_NOTES[status, bool(detail)], **params)


@dataclass(frozen=True)
class CourierImportResult:
    rows: int
    changed: int
    unchanged: int


@transaction.atomic
def import_courier_file(
    campaign: Campaign, data: bytes, *, file_name: str, actor: Any
) -> CourierImportResult:
    """Delivery statuses from the courier: columns `codigo_respuesta` (or `reply_code`) or
    `target_id`, `estado`/`status` (delivered/returned, entregada/devuelta), `fecha`/`date` and
    optionally `detalle`/`note`. All or nothing: any bad line refuses the whole file."""
    header, rows = read_csv(data)
    key_col = next(
        (c for c in ("codigo_respuesta", "reply_code", "target_id") if c in header), None
    )
    status_col = next((c for c in ("estado", "status") if c in header), None)
    date_col = next((c for c in ("fecha", "date") if c in header), None)
    note_col = next((c for c in ("detalle", "note") if c in header), None)
    if key_col is None or status_col is None or date_col is None:
        raise ImportFileError(
            [(1, _("El encabezado debe tener codigo_respuesta o target_id, estado y fecha."))]
        )
    targets = campaign.targets.all()
    by_key = {
        (t.target_id if key_col == "target_id" else t.reply_code): t
        for t in targets.only("pk", "target_id", "reply_code")
    }
    latest: dict[int, Dispatch] = {}
    for d in Dispatch.objects.filter(target__campaign=campaign).order_by("sent_on", "id"):
        latest[d.target_id] = d
    errors: list[tuple[int, str]] = []
    plan: list[tuple[int, Dispatch, str, dict[str, Any]]] = []
    seen: dict[int, int] = {}
    for line, row in rows:
        if "__error__" in row:
            errors.append((line, row["__error__"]))
            continue
        key = row[key_col].upper() if key_col != "target_id" else row[key_col]
        target = by_key.get(key)
        status = STATUS_WORDS.get(row[status_col].lower())
        day = parse_date(row[date_col])
        if target is None:
            errors.append((line, _("«%(key)s» no es una empresa de esta campaña.") % {"key": key}))
            continue
        dispatch = latest.get(target.pk)
        if dispatch is None:
            errors.append((line, _("a «%(key)s» no se le envió carta.") % {"key": key}))
        if status is None:
            errors.append(
                (line, _("estado «%(s)s»: use delivered o returned.") % {"s": row[status_col]})
            )
        if day is None:
            errors.append((line, _("fecha «%(d)s»: use AAAA-MM-DD.") % {"d": row[date_col]}))
        if target.pk in seen:
            errors.append(
                (line, _("repite la empresa de la línea %(l)s.") % {"l": seen[target.pk]})
            )
        seen.setdefault(target.pk, line)
        if dispatch is None or status is None or day is None:
            continue
        detail = row.get(note_col, "") if note_col else ""
        note = courier_note(status, day, file_name, detail)
        plan.append((line, dispatch, status, note))
    if errors:
        raise ImportFileError(errors)
    changed = 0
    for _line, dispatch, status, note in plan:
        if dispatch.status == status:
            continue
        set_dispatch_status(dispatch, status=status, note=note, actor=actor)
        changed += 1
    audit.record(
        actor=actor,
        action="campaign.courier_import",
        obj=campaign,
        after={"file": file_name, "rows": len(plan), "changed": changed},
    )
    return CourierImportResult(rows=len(plan), changed=changed, unchanged=len(plan) - changed)


# --- responses ------------------------------------------------------------------------------------

CODE_CLEAN_RE = re.compile(r"[^A-Za-z0-9]")


def normalise_code(code: str) -> str:
    return CODE_CLEAN_RE.sub("", code).upper()


def target_for_code(code: str) -> Target | None:
    """The target that received a letter with this reply code (None for unknown codes and for
    targets that never got a letter, e.g. the control group)."""
    clean = normalise_code(code)
    if not 6 <= len(clean) <= 16:
        return None
    return (
        Target.objects.filter(reply_code=clean, dispatches__isnull=False)
        .select_related("campaign", "arm")
        .distinct()
        .first()
    )


def clean_inventory(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    result = []
    for row in rows:
        product = str(row.get("product", "")).strip()
        if not product:
            continue
        result.append(
            {
                "product": product[:200],
                "version": str(row.get("version", "")).strip()[:100],
                "installed": int(row.get("installed") or 0),
                "licensed": int(row.get("licensed") or 0),
            }
        )
    return result


@transaction.atomic
def record_response(
    target: Target,
    *,
    kind: str,
    channel: str,
    actor: Any,
    responded_on: dt.date | None = None,
    message: str = "",
    inventory: Iterable[dict[str, Any]] = (),
    attachment: UploadedFile | None = None,
    contact_name: str = "",
    contact_email: str = "",
) -> Response:
    if kind not in ResponseKind.values or channel not in ResponseChannel.values:
        raise OperationError(_("Tipo o vía de respuesta desconocidos."))
    response = Response(
        target=target,
        responded_on=responded_on or timezone.localdate(),
        kind=kind,
        channel=channel,
        message=message,
        inventory=clean_inventory(inventory),
        contact_name=contact_name[:200],
        contact_email=contact_email,
        recorded_by=user_or_none(actor),
    )
    if attachment is not None:
        response.attachment.save(attachment.name or "adjunto", attachment, save=False)
    response.save()
    audit.record(
        actor=actor,
        action="response.create",
        obj=response,
        after=audit.snapshot(response, ["target", "responded_on", "kind", "channel"]),
        note=f"{target.campaign.name} · {target.target_id}",
    )
    return response


# --- licence reports ------------------------------------------------------------------------------

LICENCE_COLUMNS = (
    "rights_holder",
    "ruc",
    "name",
    "address",
    "district",
    "department",
    "purchased_on",
    "seats",
    "amount_usd",
)


@dataclass(frozen=True)
class LicenceImportResult:
    report: LicenceReport
    created: bool
    rows: int
    linked_targets: int
    non_targets: int


LINK_METHODS = {
    "ruc": LinkMethod.RUC,
    "matching": LinkMethod.MATCHING,
    "name_district": LinkMethod.MATCHING,
    "none": LinkMethod.NONE,
}


def _link(campaign: Campaign, purchases: Sequence[LicencePurchase]) -> None:
    """Fill in target, method and score of each purchase (`campaigns.linking`: RUC first, then
    the matching engine for rows without RUC, else exact name + district)."""
    from ipenforce.campaigns.linking import link_licences

    targets = list(campaign.targets.all())
    by_id = {t.target_id: t for t in targets}
    links = link_licences(
        [
            analytics.Target(
                t.target_id,
                t.name,
                ruc=t.ruc,
                address=t.address,
                district=t.district,
                department=t.department,
                size=t.size,
            )
            for t in targets
        ],
        [
            analytics.Licence(
                p.rights_holder,
                p.ruc,
                p.name,
                p.address,
                p.district,
                p.department,
                p.purchased_on,
                p.seats,
                p.amount_usd,
                p.line,
            )
            for p in purchases
        ],
    )
    for purchase, link in zip(purchases, links, strict=True):
        purchase.target = by_id.get(link.target_id) if link.target_id else None
        purchase.link_method = LINK_METHODS.get(link.method, LinkMethod.NONE)
        purchase.link_score = link.score if link.method != "ruc" else 1.0


@transaction.atomic
def import_licence_report(
    campaign: Campaign, data: bytes, *, file_name: str, actor: Any
) -> LicenceImportResult:
    """A rights holder's licence sales for a campaign. All or nothing with line-numbered
    errors; the same file (SHA-256) twice changes nothing. Rows are linked to targets by RUC;
    purchases by firms that were not targets are kept (target empty) and shown apart."""
    digest = hashlib.sha256(data).hexdigest()
    existing = LicenceReport.objects.filter(campaign=campaign, sha256=digest).first()
    if existing is not None:
        purchases = existing.purchases.all()
        linked = purchases.filter(target__isnull=False).count()
        return LicenceImportResult(
            existing, False, purchases.count(), linked, purchases.count() - linked
        )
    header, rows = read_csv(data)
    missing = [c for c in LICENCE_COLUMNS if c not in header]
    if missing:
        raise ImportFileError([(1, _("Faltan columnas: %(cols)s.") % {"cols": ", ".join(missing)})])
    errors: list[tuple[int, str]] = []
    parsed: list[LicencePurchase] = []
    for line, row in rows:
        if "__error__" in row:
            errors.append((line, row["__error__"]))
            continue
        ruc = row["ruc"]
        if ruc and (problem := ruc_problem(ruc)):
            errors.append((line, f"RUC {ruc}: {problem}"))
        if not row["rights_holder"]:
            errors.append((line, _("falta el titular de derechos.")))
        if not row["name"] and not ruc:
            errors.append((line, _("falta la razón social o el RUC.")))
        day = parse_date(row["purchased_on"])
        if day is None:
            errors.append(
                (line, _("fecha de compra «%(d)s»: use AAAA-MM-DD.") % {"d": row["purchased_on"]})
            )
        try:
            seats = int(row["seats"])
            if seats <= 0:
                raise ValueError
        except ValueError:
            seats = 0
            errors.append(
                (line, _("licencias «%(s)s»: un número entero positivo.") % {"s": row["seats"]})
            )
        try:
            amount = Decimal(row["amount_usd"].replace(",", ""))
            if amount < 0 or not amount.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            amount = Decimal(0)
            errors.append((line, _("monto «%(a)s»: un importe en US$.") % {"a": row["amount_usd"]}))
        if day is None or errors:
            continue  # the file will be refused; keep collecting every line's errors
        parsed.append(
            LicencePurchase(
                line=line,
                rights_holder=row["rights_holder"][:200],
                ruc=ruc,
                name=row["name"][:250],
                address=row["address"][:300],
                district=row["district"][:100],
                department=row["department"][:100],
                purchased_on=day,
                seats=seats,
                amount_usd=amount.quantize(Decimal("0.01")),
            )
        )
    if not rows:
        errors.append((0, _("El archivo no tiene filas.")))
    if errors:
        raise ImportFileError(errors)
    holders = Counter(p.rights_holder for p in parsed)
    report = LicenceReport.objects.create(
        rights_holder=holders.most_common(1)[0][0],
        campaign=campaign,
        file_name=file_name[:255],
        sha256=digest,
        uploaded_by=user_or_none(actor),
    )
    firms = dict(
        Firm.objects.filter(ruc__in={p.ruc for p in parsed if p.ruc}).values_list("ruc", "pk")
    )
    _link(campaign, parsed)
    for purchase in parsed:
        purchase.report = report
        purchase.firm_id = firms.get(purchase.ruc) if purchase.ruc else None
        if purchase.firm_id is None and purchase.target is not None:
            purchase.firm_id = purchase.target.firm_id
    LicencePurchase.objects.bulk_create(parsed, batch_size=500)
    linked = report.purchases.filter(target__isnull=False).count()
    audit.record(
        actor=actor,
        action="licence_report.import",
        obj=report,
        after={
            "campaign": campaign.pk,
            "file": file_name,
            "sha256": digest,
            "rows": len(parsed),
            "linked_targets": linked,
        },
    )
    return LicenceImportResult(report, True, len(parsed), linked, len(parsed) - linked)


# --- figures for the operations page --------------------------------------------------------------


def campaign_figures(campaign: Campaign) -> list[dict[str, Any]]:
    """Per arm: targets, letters, delivered, returned, responding firms, licensed firms, seats."""
    rows = []
    for arm in campaign.arms.order_by("is_control", "name"):
        targets = Target.objects.filter(arm=arm)
        purchases = LicencePurchase.objects.filter(target__arm=arm)
        rows.append(
            {
                "arm": arm,
                "targets": targets.count(),
                "letters": Dispatch.objects.filter(target__arm=arm).count(),
                "delivered": Dispatch.objects.filter(
                    target__arm=arm, status=DispatchStatus.DELIVERED
                ).count(),
                "returned": Dispatch.objects.filter(
                    target__arm=arm, status=DispatchStatus.RETURNED
                ).count(),
                "responding": targets.filter(responses__isnull=False).distinct().count(),
                "licensed": targets.filter(purchases__isnull=False).distinct().count(),
                "seats": sum(purchases.values_list("seats", flat=True)),
            }
        )
    return rows


def non_target_purchases(campaign: Campaign) -> Any:
    return LicencePurchase.objects.filter(report__campaign=campaign, target__isnull=True)


def response_counts(campaign: Campaign) -> dict[str, int]:
    return dict(
        Response.objects.filter(target__campaign=campaign)
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
