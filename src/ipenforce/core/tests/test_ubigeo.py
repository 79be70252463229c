import pytest

from ipenforce.core.models import Department, District, Province

pytestmark = pytest.mark.django_db


def test_it_loads_every_department_province_and_district():
    assert Department.objects.count() == 25
    assert Province.objects.count() == 196
    assert District.objects.count() == 1873


def test_it_uses_inei_codes():
    miraflores = District.objects.get(code="150122")
    assert miraflores.name == "Miraflores"
    assert miraflores.province.name == "Lima"
    assert miraflores.province.department.code == "15"
    assert District.objects.get(code="040101").province.department.name == "Arequipa"
