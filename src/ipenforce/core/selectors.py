from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_tasks_db.models import DBTaskResult

from ipenforce.core.models import AuditEntry, JobProgress
from ipenforce.core.stored_text import render, stored_text


def recent_jobs(limit: int = 50) -> list[dict[str, Any]]:
    results = list(DBTaskResult.objects.order_by("-enqueued_at")[:limit])
    progress = {
        p.task_id: p for p in JobProgress.objects.filter(task_id__in=[str(r.id) for r in results])
    }
    return [job_row(r, progress.get(str(r.id))) for r in results]


def job_row(result: DBTaskResult, progress: JobProgress | None) -> dict[str, Any]:
    finished = result.status in {"SUCCESSFUL", "FAILED"}
    percent = progress.percent if progress else 0
    if result.status == "SUCCESSFUL":
        percent = 100
    label = (
        render(stored_text(progress.label, **progress.label_params))
        if progress
        else result.task_path.rsplit(".", 1)[-1]
    )
    message = (
        render(stored_text(progress.message, **progress.message_params))
        if progress and progress.message
        else ""
    )
    return {
        "id": str(result.id),
        "label": label,
        "status": result.status,
        "enqueued_at": result.enqueued_at,
        "finished_at": result.finished_at,
        "done": progress.done if progress else 0,
        "total": progress.total if progress else 0,
        "message": message,
        "percent": percent,
        "finished": finished,
        "error": result.exception_class_path if result.status == "FAILED" else "",
    }


def job(task_id: str) -> dict[str, Any] | None:
    result = DBTaskResult.objects.filter(id=task_id).first()
    if result is None:
        return None
    return job_row(result, JobProgress.objects.filter(task_id=task_id).first())


def audit_entries(**filters: Any) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(**filters).select_related("actor", "content_type")
