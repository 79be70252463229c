"""Background jobs: enqueue with a progress row, report progress from inside the task.

Tasks run in the django-tasks database queue (`ipenforce worker`). A task that wants a progress
bar takes the task context and calls `report_progress`; the jobs page polls the row.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tasks.base import Task, TaskContext

from ipenforce.core.models import JobProgress


def start_job(task: Task[Any, Any], *, label: str, requested_by: Any = None, **kwargs: Any) -> str:
    """Enqueue `task` after the current transaction commits; return the task id."""
    result = task.enqueue(**kwargs)
    JobProgress.objects.update_or_create(
        task_id=str(result.id),
        defaults={
            "label": label[:200],
            "requested_by": requested_by if getattr(requested_by, "pk", None) else None,
        },
    )
    return str(result.id)


def report_progress(context: TaskContext, done: int, total: int, message: str = "") -> None:
    """Record progress; written outside any surrounding transaction so the page sees it."""
    task_id = str(context.task_result.id)
    with transaction.atomic():
        updated = JobProgress.objects.filter(task_id=task_id).update(
            done=done, total=total, message=message[:300]
        )
        if not updated:
            JobProgress.objects.create(
                task_id=task_id,
                label=context.task_result.task.name,
                done=done,
                total=total,
                message=message[:300],
            )
