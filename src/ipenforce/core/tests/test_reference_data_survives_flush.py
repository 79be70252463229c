"""Guards the suite itself: a transactional test's flush must not leave the next one without
ubigeo (pytest-django runs transactional tests last, one after another)."""

import pytest

from ipenforce.core.models import District

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_has_every_district_in_a_transactional_test():
    assert District.objects.count() == 1873


def test_it_still_has_every_district_after_the_previous_flush():
    assert District.objects.filter(code="150101").exists()
    assert District.objects.count() == 1873
