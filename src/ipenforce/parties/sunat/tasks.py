"""The SUNAT import as a background job (`core.jobs.start_job(import_sunat_register, …)`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop
from django_tasks import task
from django_tasks.base import TaskContext

from ipenforce.core.jobs import report_progress
from ipenforce.parties.sunat.service import import_padron

MB = 2**20


@task(takes_context=True)
def import_sunat_register(
    context: TaskContext, path: str, rejects_path: str | None = None
) -> dict[str, Any]:
    """Import the padrón at `path` on the worker; progress in megabytes read."""

    def progress(done: int, total: int, rows: int) -> None:
        message = gettext_noop("%(rows)s filas leídas")
        total_mb = max(1, total // MB)
        done_mb = total_mb if done >= total else min(done // MB, total_mb - 1)
        report_progress(context, done_mb, total_mb, message, {"rows": rows})

    run = import_padron(path, rejects_path=rejects_path, progress=progress, show_bar=False)
    return {"import_id": run.pk, "summary": run.summary()}
