from __future__ import annotations

from django_tasks import task
from django_tasks.base import TaskContext

from ipenforce.core.jobs import report_progress


@task(takes_context=True)
def demo_count(context: TaskContext, total: int = 10) -> int:
    """A demonstration job: counts to `total`, reporting progress at every step."""
    total = max(1, min(int(total), 100_000))
    for done in range(1, total + 1):
        report_progress(context, done, total, f"{done} / {total}")
    return total
