"""The one door for audit rows: every service that changes state calls `record`."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from ipenforce.core.models import AuditEntry


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `obj` as JSON-friendly data (foreign keys by id)."""
    result: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if getattr(field, "auto_now", False):
            continue  # bookkeeping timestamps are not changes anyone made
        result[field.name] = _jsonable(getattr(obj, field.attname))
    return result


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Changed keys as {field: [before, after]}."""
    keys = sorted(set(before) | set(after))
    return {
        key: [before.get(key), after.get(key)] for key in keys if before.get(key) != after.get(key)
    }


def user_or_none(actor: Any) -> Any:
    """The user behind `actor`, or None when the actor is a label such as "sunat-import"."""
    if isinstance(actor, str) or getattr(actor, "pk", None) is None:
        return None
    return actor


def actor_label(actor: Any) -> str:
    if actor is None:
        return "sistema"
    if isinstance(actor, str):
        return actor
    return str(actor.get_username())


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEntry:
    """Append an audit entry. `actor` is a user, a label such as "sunat-import", or None."""
    changes = diff(before or {}, after or {})
    user = user_or_none(actor)
    return AuditEntry.objects.create(
        actor=user,
        actor_label=actor_label(actor)[:150],
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:250] if obj is not None else "",
        changes=_jsonable(changes),
        note=note,
    )


def history_for(obj: models.Model) -> models.QuerySet[AuditEntry]:
    ct = ContentType.objects.get_for_model(obj)
    return AuditEntry.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor")
