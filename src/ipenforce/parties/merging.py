"""Merging two firms that are one (and splitting them again), by staff, audited.

`merge_firms(survivor, merged)` sets ``merged.merged_into = survivor`` and moves to the
survivor every row that points at the merged firm through a registered relation. Apps add their
relations with `register_relation` (in their AppConfig.ready or at import of this module's
callers); the ones known here are registered below. Exactly what moved is stored in a
`FirmMerge` row, so `split_merge` restores it. The merged firm keeps its own data and history.

A row whose move would break a uniqueness rule (the survivor is already a target of the same
campaign) stays with the merged firm and is listed as ``kept`` in the merge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipenforce.core import audit
from ipenforce.core.audit import user_or_none
from ipenforce.parties.models import Firm
from ipenforce.parties.models_lists import FirmMerge
from ipenforce.parties.validators import ruc_problem


@dataclass(frozen=True)
class Relation:
    """A foreign key to Firm whose rows follow a merge: ``app_label.Model`` and the field."""

    model: str
    field: str
    #: fields that, with this one, must stay unique: such rows are kept, not moved
    unique_with: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.model}.{self.field}"

    def model_class(self) -> type[models.Model] | None:
        try:
            return apps.get_model(self.model)
        except LookupError:
            return None


RELATIONS: list[Relation] = []


def register_relation(model: str, field: str, *, unique_with: tuple[str, ...] = ()) -> None:
    relation = Relation(model, field, unique_with)
    if all(r.label != relation.label for r in RELATIONS):
        RELATIONS.append(relation)


register_relation("parties.SourceRecord", "firm")
register_relation("parties.Firm", "merged_into")
register_relation("campaigns.Target", "firm", unique_with=("campaign",))
register_relation("campaigns.LicencePurchase", "firm")


class MergeRefused(Exception):
    """The merge or split is not allowed; the message is for people."""


def _valid_ruc(firm: Firm) -> str | None:
    return firm.ruc if firm.ruc and ruc_problem(firm.ruc) is None else None


def merge_problems(
    survivor: Firm, merged: Firm, *, force: bool = False, reason: str = ""
) -> list[str]:
    problems = []
    if survivor.pk == merged.pk:
        problems.append(_("Una empresa no puede fusionarse consigo misma."))
    if merged.merged_into_id is not None:
        problems.append(_("%(firm)s ya está fusionada en otra empresa.") % {"firm": merged})
    if survivor.merged_into_id is not None:
        problems.append(
            _("%(firm)s está fusionada en otra empresa: elija esa.") % {"firm": survivor}
        )
    a, b = _valid_ruc(survivor), _valid_ruc(merged)
    if a and b and a != b and not (force and reason.strip()):
        problems.append(
            _(
                "Las dos empresas tienen RUC válidos distintos (%(a)s y %(b)s): para fusionarlas "
                "marque «forzar» y escriba el motivo."
            )
            % {"a": a, "b": b}
        )
    return problems


@transaction.atomic
def merge_firms(
    survivor: Firm, merged: Firm, *, actor: Any, reason: str = "", force: bool = False
) -> FirmMerge:
    locked = {
        f.pk: f for f in Firm.objects.select_for_update().filter(pk__in=[survivor.pk, merged.pk])
    }
    survivor, merged = locked[survivor.pk], locked[merged.pk]
    problems = merge_problems(survivor, merged, force=force, reason=reason)
    if problems:
        raise MergeRefused(" ".join(problems))
    moved: dict[str, list[Any]] = {}
    kept: dict[str, list[Any]] = {}
    for relation in RELATIONS:
        model = relation.model_class()
        if model is None:
            continue
        rows = model._default_manager.filter(**{relation.field: merged})
        if relation.unique_with:
            taken = model._default_manager.filter(**{relation.field: survivor}).values_list(
                *relation.unique_with
            )
            blocked = rows.none()
            for values in taken:
                blocked = blocked | rows.filter(
                    **dict(zip(relation.unique_with, values, strict=True))
                )
            kept_ids = sorted(blocked.values_list("pk", flat=True))
            if kept_ids:
                kept[relation.label] = kept_ids
            rows = rows.exclude(pk__in=kept_ids)
        ids = sorted(rows.values_list("pk", flat=True))
        if relation.model == "parties.Firm":
            ids = [pk for pk in ids if pk != survivor.pk]
        if ids:
            model._default_manager.filter(pk__in=ids).update(**{relation.field: survivor})
            moved[relation.label] = ids
    before = audit.snapshot(merged, ["merged_into"])
    merged.merged_into = survivor
    merged.save(update_fields=["merged_into", "updated_at"])
    merge = FirmMerge.objects.create(
        survivor=survivor,
        merged=merged,
        moved=moved,
        kept=kept,
        reason=reason.strip(),
        forced=force and bool(_valid_ruc(survivor) and _valid_ruc(merged)),
        merged_by=user_or_none(actor),
    )
    counts = {label: len(ids) for label, ids in moved.items()}
    audit.record(
        actor=actor,
        action="firm.merged_into",
        obj=merged,
        before=before,
        after=audit.snapshot(merged, ["merged_into"]),
        note=reason.strip(),
    )
    audit.record(
        actor=actor,
        action="firm.merge",
        obj=survivor,
        after={"merged": merged.pk, "merge": merge.pk, "moved": moved, "kept": kept},
        note=reason.strip() or str(counts),
    )
    return merge


@transaction.atomic
def split_merge(merge: FirmMerge, *, actor: Any, reason: str = "") -> FirmMerge:
    """Undo a merge: the merged firm is separate again and gets back exactly what moved."""
    merge = FirmMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.split_at is not None:
        raise MergeRefused(_("Esta fusión ya fue deshecha."))
    survivor = Firm.objects.select_for_update().get(pk=merge.survivor_id)
    merged = Firm.objects.select_for_update().get(pk=merge.merged_id)
    if survivor.merged_into_id is not None:
        raise MergeRefused(
            _("%(firm)s fue fusionada después en otra empresa: deshaga antes esa fusión.")
            % {"firm": survivor}
        )
    restored: dict[str, list[Any]] = {}
    by_label = {r.label: r for r in RELATIONS}
    for label, ids in merge.moved.items():
        relation = by_label.get(label)
        model = relation.model_class() if relation else None
        if relation is None or model is None:
            continue
        rows = model._default_manager.filter(pk__in=ids, **{relation.field: survivor})
        back = sorted(rows.values_list("pk", flat=True))
        rows.update(**{relation.field: merged})
        restored[label] = back
    before = audit.snapshot(merged, ["merged_into"])
    merged.merged_into = None
    merged.save(update_fields=["merged_into", "updated_at"])
    merge.split_at = timezone.now()
    merge.split_by = user_or_none(actor)
    merge.save(update_fields=["split_at", "split_by"])
    audit.record(
        actor=actor,
        action="firm.split",
        obj=merged,
        before=before,
        after=audit.snapshot(merged, ["merged_into"]),
        note=reason.strip(),
    )
    audit.record(
        actor=actor,
        action="firm.split",
        obj=survivor,
        after={"split": merged.pk, "merge": merge.pk, "restored": restored},
        note=reason.strip(),
    )
    return merge
