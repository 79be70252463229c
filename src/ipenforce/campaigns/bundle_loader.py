"""Loading a campaign bundle folder into the database (`ipenforce campaign load DIR`).

Contract: `shared/contracts/campaign-bundle.md`. The folder is read and validated whole by
`analytics.read_bundle` first: a bundle with any problem raises `BundleError` and nothing is
stored. A valid bundle is stored in ONE transaction:

- `Campaign` (source `bundle`, `bundle_fingerprint`, the stated and programme figures, the
  assumptions, the assignment seed and record); `target_filters` keeps the bundle's provenance
  (`{"source": "bundle", "fingerprint", "content_digest", "has_arm_column", "folder"}`).
- one `Arm` per arm name present (control flagged); when targets.csv has no `arm` column the
  arms are assigned with `assign_bundle_arms` (seeded, stratified, recorded);
- `Target` rows, linked to an existing `parties.Firm` with the same valid RUC (following a merge
  to the surviving firm). **No firm is created** for targets: a rights holder's customer list is
  not evidence that a firm exists as written; firms enter the register through the SUNAT import
  and the de-duplication review, and targets get linked as their RUC appears there;
- `Dispatch`, `Response` (channel `bundle`);
- one `LicenceReport` per rights holder named in licences.csv (file `licences.csv`, the file's
  SHA-256) with its `LicencePurchase` rows, linked to targets by `campaigns.linking`
  (RUC, then the company-matching engine for rows without RUC);
- an audit entry `campaign.load_bundle`.

Loading the same bundle again stores nothing and says so: the same files (fingerprint), or a
campaign of the same name whose content digest (the parsed rows, order-independent) is the same.
A campaign of the same name with different content is refused (`BundleConflict`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from ipenforce.campaigns import analytics as an
from ipenforce.campaigns.linking import LicenceLink, link_licences
from ipenforce.campaigns.models import (
    Arm,
    Campaign,
    CampaignSource,
    CampaignStatus,
    Dispatch,
    LicencePurchase,
    LicenceReport,
    LinkMethod,
    Response,
    ResponseChannel,
    Target,
    new_reply_code,
)
from ipenforce.core.audit import record, user_or_none
from ipenforce.parties.models import Firm

BATCH = 2000
TARGET_COLUMNS = (
    *("arm_id", "firm_id", "target_id", "name", "ruc", "address", "district", "department"),
    *("size", "reply_code"),
)
PURCHASE_COLUMNS = (
    *("report_id", "line", "rights_holder", "ruc", "name", "address", "district", "department"),
    *("purchased_on", "seats", "amount_usd", "target_id", "firm_id", "link_method", "link_score"),
)
IN_CHUNK = 900  # SQLite's variable limit is 999 on old builds

LINK_METHODS = {
    "ruc": LinkMethod.RUC,
    "matching": LinkMethod.MATCHING,
    "name_district": LinkMethod.MATCHING,
    "none": LinkMethod.NONE,
}


class BundleConflict(Exception):
    """A campaign of the bundle's name already exists with different content."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(
            f"ya existe una campaña llamada «{name}» con otro contenido; cambie el nombre en "
            "campaign.json (a campaign of that name already exists with different content)"
        )


@dataclass
class LoadResult:
    campaign: Campaign
    created: bool
    reason: str = ""
    """Why nothing was stored: `fingerprint` (same files) or `content` (same name and rows)."""
    counts: dict[str, int] = field(default_factory=dict)


def content_digest(bundle: an.Bundle) -> str:
    """SHA-256 of the bundle's parsed content, independent of row order and file formatting."""
    c = bundle.campaign
    digest = hashlib.sha256()
    head = [
        c.name,
        c.start_date.isoformat(),
        c.outcome_window_days,
        c.avg_pcs_per_firm,
        c.avg_licence_value_usd,
        dict(c.stated),
        c.programme,
        dict(c.programme_stated),
        c.assignment_seed,
        list(c.letter_arms),
        c.control_share,
        bundle.has_arm_column,
    ]
    digest.update(json.dumps(head, sort_keys=True, ensure_ascii=False).encode())
    sections: list[Iterable[tuple[str, ...]]] = [
        (
            (t.target_id, t.name, t.ruc, t.address, t.district, t.department, t.size, t.arm or "")
            for t in bundle.targets
        ),
        ((d.target_id, d.sent_on.isoformat(), d.channel, d.status) for d in bundle.dispatch),
        ((r.target_id, r.responded_on.isoformat(), r.kind) for r in bundle.responses),
        (
            (
                x.rights_holder,
                x.ruc,
                x.name,
                x.address,
                x.district,
                x.department,
                x.purchased_on.isoformat(),
                str(x.seats),
                format(x.amount_usd.normalize(), "f"),
            )
            for x in bundle.licences
        ),
    ]
    for rows in sections:
        digest.update(b"\x1e")
        for row in sorted(rows):
            digest.update("\x1f".join(row).encode())
            digest.update(b"\n")
    return digest.hexdigest()


def load_bundle(folder: Path | str, *, actor: Any = None) -> LoadResult:
    """Read, validate and store a bundle; see the module docstring. Raises `an.BundleError`
    (nothing stored) or `BundleConflict`."""
    folder = Path(folder)
    bundle = an.read_bundle(folder)
    existing = Campaign.objects.filter(bundle_fingerprint=bundle.fingerprint).first()
    if existing is not None:
        return LoadResult(existing, created=False, reason="fingerprint")
    digest = content_digest(bundle)
    same_name = Campaign.objects.filter(name=bundle.campaign.name).first()
    if same_name is not None:
        if same_name.target_filters.get("content_digest") == digest:
            return LoadResult(same_name, created=False, reason="content")
        raise BundleConflict(bundle.campaign.name)

    targets: Sequence[an.Target] = bundle.targets
    assignment: an.AssignmentRecord | None = None
    if not bundle.has_arm_column:
        drawn = an.assign_bundle_arms(targets, bundle.campaign)
        targets = drawn.apply(targets)
        assignment = drawn.record
    links = link_licences(targets, bundle.licences)
    raw = _raw_campaign_json(folder)
    with transaction.atomic():
        campaign, counts = _store(bundle, targets, assignment, links, digest, raw, folder, actor)
    return LoadResult(campaign, created=True, counts=counts)


def _raw_campaign_json(folder: Path) -> dict[str, Any]:
    data = json.loads((folder / an.bundle.CAMPAIGN_FILE).read_text(encoding="utf-8-sig"))
    return data if isinstance(data, dict) else {}


def _decimal(value: float) -> Decimal:
    return Decimal(str(round(value, 2)))


def _arm_label(name: str) -> str:
    if name == an.CONTROL:
        return "Grupo de control (sin carta)"
    if name == "letter":
        return "Carta"
    return "Carta: " + name.removeprefix("letter_").replace("_", " ")


def _store(
    bundle: an.Bundle,
    targets: Sequence[an.Target],
    assignment: an.AssignmentRecord | None,
    links: Sequence[LicenceLink],
    digest: str,
    raw: dict[str, Any],
    folder: Path,
    actor: Any,
) -> tuple[Campaign, dict[str, int]]:
    c = bundle.campaign
    programme = raw.get("programme")
    source_note = programme.get("source", "") if isinstance(programme, dict) else ""
    if assignment is not None:
        assignment_record: dict[str, Any] = {"origin": "assigned", **assignment.to_dict()}
    else:
        assignment_record = {
            "origin": "bundle",
            "method": "arm column of targets.csv (assigned before the bundle was made)",
        }
    campaign = Campaign.objects.create(
        name=c.name,
        programme_name=c.programme or "",
        description=str(raw.get("description", "")),
        status=CampaignStatus.CLOSED if c.window_end < date.today() else CampaignStatus.SENT,
        source=CampaignSource.BUNDLE,
        start_date=c.start_date,
        outcome_window_days=c.outcome_window_days,
        avg_pcs_per_firm=_decimal(c.avg_pcs_per_firm),
        avg_licence_value_usd=_decimal(c.avg_licence_value_usd),
        assumptions_note=str(raw.get("assumptions_note", "") or source_note),
        stated=dict(c.stated),
        programme_stated=dict(c.programme_stated),
        control_share=Decimal(str(round(c.control_share, 3))),
        assignment_seed=assignment.seed if assignment is not None else c.assignment_seed,
        assignment_record=assignment_record,
        target_filters={
            "source": "bundle",
            "folder": folder.name,
            "fingerprint": bundle.fingerprint,
            "content_digest": digest,
            "has_arm_column": bundle.has_arm_column,
            "letter_arms": list(c.letter_arms),
        },
        bundle_fingerprint=bundle.fingerprint,
        created_by=user_or_none(actor),
    )
    arm_names = sorted({t.arm for t in targets if t.arm is not None})
    arms = {
        name: Arm.objects.create(
            campaign=campaign, name=name, is_control=name == an.CONTROL, label=_arm_label(name)
        )
        for name in arm_names
    }
    firm_of = _firms_by_ruc({t.ruc for t in targets if t.ruc})
    used_firms: set[int] = set()
    firm_by_target: dict[str, int | None] = {}
    for t in targets:
        firm_id = firm_of.get(t.ruc) if t.ruc else None
        if firm_id is not None and firm_id in used_firms:
            firm_id = None  # two RUCs merged into one firm: link the first target only
        if firm_id is not None:
            used_firms.add(firm_id)
        firm_by_target[t.target_id] = firm_id
    arm_pk = {name: arm.pk for name, arm in arms.items()}
    _insert(
        Target,
        TARGET_COLUMNS,
        (
            (
                arm_pk[t.arm or ""],
                firm_by_target[t.target_id],
                t.target_id,
                t.name[:250],
                t.ruc,
                t.address[:300],
                t.district[:100],
                t.department[:100],
                t.size[:20],
                new_reply_code(),
            )
            for t in targets
        ),
        {"campaign_id": campaign.pk, "email": ""},
    )
    pk_of = dict(Target.objects.filter(campaign=campaign).values_list("target_id", "pk"))
    day = connection.ops.adapt_datefield_value
    _insert(
        Dispatch,
        ("target_id", "sent_on", "channel", "status"),
        ((pk_of[d.target_id], day(d.sent_on), d.channel, d.status) for d in bundle.dispatch),
        {
            "document_id": None,
            "status_note": "",
            "status_note_params": None,
            "emailed_at": None,
            "updated_at": timezone.now(),
        },
    )
    _insert(
        Response,
        ("target_id", "responded_on", "kind"),
        ((pk_of[r.target_id], day(r.responded_on), r.kind) for r in bundle.responses),
        {
            "channel": ResponseChannel.BUNDLE.value,
            "message": "",
            "inventory": [],
            "attachment": "",
            "contact_name": "",
            "contact_email": "",
            "recorded_by_id": None,
            "created_at": timezone.now(),
        },
    )
    licences_sha = hashlib.sha256((folder / "licences.csv").read_bytes()).hexdigest()
    reports: dict[str, LicenceReport] = {}
    for holder in sorted({link.licence.rights_holder for link in links}):
        reports[holder] = LicenceReport.objects.create(
            rights_holder=holder[:200] or "(sin titular)",
            campaign=campaign,
            file_name="licences.csv",
            sha256=licences_sha,
            uploaded_by=campaign.created_by,
        )
    other_firms = _firms_by_ruc(
        {link.licence.ruc for link in links if link.target_id is None and link.licence.ruc}
    )
    money = connection.ops.adapt_decimalfield_value
    _insert(
        LicencePurchase,
        PURCHASE_COLUMNS,
        (
            (
                reports[link.licence.rights_holder].pk,
                link.licence.line,
                link.licence.rights_holder[:200],
                link.licence.ruc,
                link.licence.name[:250],
                link.licence.address[:300],
                link.licence.district[:100],
                link.licence.department[:100],
                day(link.licence.purchased_on),
                link.licence.seats,
                money(link.licence.amount_usd, 14, 2),
                pk_of[link.target_id] if link.target_id is not None else None,
                firm_by_target[link.target_id]
                if link.target_id is not None
                else other_firms.get(link.licence.ruc),
                LINK_METHODS[link.method].value,
                link.score,
            )
            for link in links
        ),
        {},
    )
    by_method: dict[str, int] = {}
    for link in links:
        by_method[link.method] = by_method.get(link.method, 0) + 1
    counts = {
        "targets": len(targets),
        "arms": len(arms),
        "firms_linked": len(used_firms),
        "dispatch": len(bundle.dispatch),
        "responses": len(bundle.responses),
        "licence_reports": len(reports),
        "licences": len(links),
        **{f"licences_linked_{method}": n for method, n in sorted(by_method.items())},
    }
    record(
        actor=actor if actor is not None else "ipenforce campaign load",
        action="campaign.load_bundle",
        obj=campaign,
        after={"bundle": folder.name, "fingerprint": bundle.fingerprint, **counts},
    )
    return campaign, counts


def _insert(
    model: type[Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    constants: dict[str, Any],
) -> None:
    """INSERT many rows with `executemany`, in batches (a fraction of `bulk_create`'s cost: no
    model instances). `rows` carry `columns` (attnames) already adapted for the database;
    `constants` (field name -> Python value) are the same on every row and adapted once here."""
    meta = model._meta
    fixed = [(meta.get_field(name), value) for name, value in constants.items()]
    fixed_values = tuple(f.get_db_prep_save(v, connection) for f, v in fixed)  # type: ignore[union-attr]
    names = [str(meta.get_field(c).column) for c in columns]  # type: ignore[union-attr]
    names += [str(f.column) for f, _value in fixed]  # type: ignore[union-attr]
    quote = connection.ops.quote_name
    # Table and column names come from the model, values are parameters.
    table, fields = quote(meta.db_table), ", ".join(quote(n) for n in names)
    placeholders = ", ".join(["%s"] * len(names))
    sql = f"INSERT INTO {table} ({fields}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append((*row, *fixed_values))
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def _firms_by_ruc(rucs: set[str]) -> dict[str, int]:
    """RUC -> id of the firm holding it (the surviving firm when it was merged)."""
    found: dict[str, int] = {}
    merged: dict[int, int | None] = {}
    ordered = sorted(rucs)
    for start in range(0, len(ordered), IN_CHUNK):
        chunk = ordered[start : start + IN_CHUNK]
        for ruc, pk, into in Firm.objects.filter(ruc__in=chunk).values_list(
            "ruc", "pk", "merged_into_id"
        ):
            if ruc is not None:
                found[ruc] = pk
                merged[pk] = into
    for ruc, pk in list(found.items()):
        seen = {pk}
        while merged.get(pk) is not None:
            nxt = merged[pk]
            assert nxt is not None
            if nxt in seen:
                break
            seen.add(nxt)
            if nxt not in merged:
                merged[nxt] = (
                    Firm.objects.filter(pk=nxt).values_list("merged_into_id", flat=True).first()
                )
            pk = nxt
        found[ruc] = pk
    return found
