"""The SUNAT import as a background job (`core.jobs.start_job(import_sunat_register, …)`)."""

from __future__ import annotations

import time
from typing import Any

from django.utils.translation import gettext_noop
from django_tasks import task
from django_tasks.base import TaskContext

from ipenforce.core.jobs import report_progress
from ipenforce.parties.sunat.service import ImportBusy, import_padron

MB = 2**20
WAIT_SECONDS = 5.0  # between attempts while another import holds the lock
MAX_WAIT_SECONDS = 12 * 3600.0


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

    # With several workers a second import would find the first one's lock: it waits its turn
    # (the job shows that it is waiting) instead of failing.
    waited = 0.0
    while True:
        try:
            run = import_padron(path, rejects_path=rejects_path, progress=progress, show_bar=False)
        except ImportBusy:
            if waited >= MAX_WAIT_SECONDS:
                raise
            report_progress(context, 0, 1, gettext_noop("esperando a que termine otra importación"))
            time.sleep(WAIT_SECONDS)
            waited += WAIT_SECONDS
            continue
        return {"import_id": run.pk, "summary": run.summary()}


@task(takes_context=True)
def promote_sunat_taxpayers(
    context: TaskContext, selection: dict[str, Any], actor_id: int | None = None
) -> dict[str, int]:
    """Create firms from the taxpayers of the mirror that `selection` (a TaxpayerFilter) picks."""
    from django.contrib.auth import get_user_model

    from ipenforce.parties.sunat.promote import TaxpayerFilter, promote

    user = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return promote(
        TaxpayerFilter.from_dict(selection),
        actor=user or "sunat-promote",
        progress=lambda done, total, message: report_progress(context, done, total, message),
    )
