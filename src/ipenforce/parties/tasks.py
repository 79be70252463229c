"""Background jobs of the parties app: matching and committing large rights holders' lists."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_noop
from django_tasks import task
from django_tasks.base import TaskContext

from ipenforce.core.jobs import report_progress
from ipenforce.parties.lists import services
from ipenforce.parties.models_lists import ListImport, ListImportStatus


def _actor(actor_id: int | None) -> Any:
    if actor_id is None:
        return "list-import"
    return get_user_model().objects.filter(pk=actor_id).first() or "list-import"


@task(takes_context=True)
def match_list_import(
    context: TaskContext, list_import_id: int, actor_id: int | None = None
) -> dict[str, Any]:
    """Match a validated list against the known firms, reporting progress."""
    try:
        services.run_matching(
            list_import_id,
            actor=_actor(actor_id),
            progress=lambda done, total, message: report_progress(context, done, total, message),
        )
    except Exception as exc:
        ListImport.objects.filter(pk=list_import_id).update(
            status=ListImportStatus.FAILED, message=str(exc)[:2000]
        )
        raise
    return dict(ListImport.objects.get(pk=list_import_id).counts)


@task(takes_context=True)
def commit_list_import(
    context: TaskContext, list_import_id: int, actor_id: int | None = None
) -> dict[str, int]:
    """Commit a matched list (one transaction)."""
    report_progress(context, 0, 1, gettext_noop("confirmando"))
    result = services.commit_import(list_import_id, actor=_actor(actor_id))
    report_progress(context, 1, 1, gettext_noop("listo"))
    return result
