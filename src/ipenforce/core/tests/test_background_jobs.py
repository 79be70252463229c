import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from ipenforce.core.models import JobProgress

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_runs_a_queued_job_and_shows_its_progress(client_for):
    client = client_for("analyst")
    response = client.post("/trabajos/demo/", {"total": "5"})
    assert response.status_code == 302

    result = DBTaskResult.objects.get()
    assert result.status == "READY"
    page = client.get("/trabajos/").content.decode()
    assert "En cola" in page
    assert f'hx-get="/trabajos/{result.id}/"' in page  # polls while unfinished

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    result.refresh_from_db()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == 5
    progress = JobProgress.objects.get(task_id=str(result.id))
    assert (progress.done, progress.total, progress.percent) == (5, 5, 100)
    row = client.get(f"/trabajos/{result.id}/").content.decode()
    assert 'value="100"' in row
    assert "hx-get" not in row  # stops polling when finished


def test_it_hides_jobs_from_roles_without_permission(client_for):
    assert client_for("rights_holder").get("/trabajos/").status_code == 403
    assert client_for("rights_holder").post("/trabajos/demo/", {"total": "5"}).status_code == 403
    assert DBTaskResult.objects.count() == 0
