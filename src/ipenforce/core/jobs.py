"""Background jobs: enqueue with a progress row, report progress from inside the task.

Tasks run in the django-tasks database queue (`ipenforce worker`). A task that wants a progress
bar takes the task context and calls `report_progress`; the jobs page polls the row.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tasks.base import Task, TaskContext

from ipenforce.core.models import JobProgress


def start_job(
    task: Task[Any, Any],
    *,
    label: str,
    label_params: dict[str, Any] | None = None,
    requested_by: Any = None,
    **kwargs: Any,
) -> str:
    """Enqueue `task` after the current transaction commits; return the task id.

    `label` is a Spanish msgid marked with `gettext_noop` (values in `label_params`): the jobs
    page translates it for each reader, whatever language the requester used."""
    result = task.enqueue(**kwargs)
    JobProgress.objects.update_or_create(
        task_id=str(result.id),
        defaults={
            "label": label[:200],
            "label_params": _jsonable(label_params),
            "requested_by": requested_by if getattr(requested_by, "pk", None) else None,
        },
    )
    return str(result.id)


def report_progress(
    context: TaskContext,
    done: int,
    total: int,
    message: str = "",
    params: dict[str, Any] | None = None,
) -> None:
    """Record progress; written outside any surrounding transaction so the page sees it.

    `message` is a Spanish msgid marked with `gettext_noop` (values in `params`) or text that
    needs no translation ("3 / 10"); it is translated when shown."""
    task_id = str(context.task_result.id)
    fields = {
        "done": done,
        "total": total,
        "message": message[:300],
        "message_params": _jsonable(params),
    }
    with transaction.atomic():
        updated = JobProgress.objects.filter(task_id=task_id).update(**fields)
        if not updated:
            JobProgress.objects.create(
                task_id=task_id, label=context.task_result.task.name, **fields
            )


def _jsonable(params: dict[str, Any] | None) -> dict[str, Any]:
    return {
        str(k): v if isinstance(v, int | float | dict) else str(v)
        for k, v in (params or {}).items()
    }
