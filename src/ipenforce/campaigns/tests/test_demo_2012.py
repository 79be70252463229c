"""The demo's 2012 software programme: four campaigns, 4,300 letters, 830 licensed firms, and the
source's own figures (817 firms, "three campaigns", 6,640 workstations) flagged."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from ipenforce.campaigns import reporting
from ipenforce.campaigns.demo import CONTROLLED_NAME, load_2012_campaigns
from ipenforce.campaigns.models import Campaign, Target

pytestmark = pytest.mark.django_db

PROGRAMME = "Uso legal de software en PYMES 2012"


def test_it_loads_the_2012_programme_once_and_its_report_flags_the_source(client_for, capsys):
    load_2012_campaigns()
    assert Campaign.objects.count() == 5
    targets = Target.objects.count()
    load_2012_campaigns()
    assert (Campaign.objects.count(), Target.objects.count()) == (5, targets)

    campaigns = Campaign.objects.filter(programme_name=PROGRAMME)
    assert campaigns.count() == 4
    licensed = [reporting.impact_report(c).licensed_firms for c in campaigns.order_by("start_date")]
    assert licensed == [235, 167, 305, 123]

    call_command("campaign_report", PROGRAMME, "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["report"] == "programme"
    assert data["campaigns"] == 4
    assert data["letters_sent"] == 4300
    assert data["licensed_firms"] == 830
    assert data["workstations_estimated"] == 6640
    messages = " ".join(c["message_es"] for c in data["checks"])
    assert "817" in messages and "830" in messages
    assert "6,536" in messages and "6,640" in messages
    assert "3 campañas" in messages
    codes = [c["code"] for c in data["checks"]]
    assert "no_control_group" in codes

    page = client_for("director").get(reverse("campaigns:programme"), {"nombre": PROGRAMME})
    assert page.status_code == 200
    html = page.content.decode()
    assert "817" in html and "830" in html and "4,300" in html


def test_it_demonstrates_a_campaign_with_a_control_group_and_a_measured_effect():
    load_2012_campaigns()
    campaign = Campaign.objects.get(name=CONTROLLED_NAME)
    report = reporting.impact_report(campaign)
    assert report.control is not None and report.control.targets > 800
    assert report.effect is not None
    low, high = report.effect.ci95
    assert low > 0 and low < report.effect.difference < high
    assert report.assignment is not None  # arms assigned by the platform, seed recorded
    assert (
        Target.objects.filter(campaign=campaign, firm__isnull=False).count() == 0
    )  # no demo firms
