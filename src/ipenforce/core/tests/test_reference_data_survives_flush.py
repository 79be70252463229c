"""Guards the suite itself: a transactional test must not leave later tests without ubigeo."""

import pytest

from ipenforce.core.models import District


@pytest.mark.django_db(transaction=True)
def test_it_runs_a_transactional_test_first():
    assert District.objects.filter(code="150101").exists()


@pytest.mark.django_db
def test_it_still_has_every_district_afterwards():
    assert District.objects.count() == 1873
