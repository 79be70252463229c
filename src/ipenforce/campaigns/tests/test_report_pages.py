"""The campaign list, the impact report page, the programme page, the exports and the firm page's
campaigns section, for the people allowed to see them (and 403 for the others)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bench.generators.campaign_bundle import generate_bundle
from ipenforce.campaigns import reporting
from ipenforce.campaigns.analytics import read_bundle
from ipenforce.campaigns.bundle_loader import load_bundle
from ipenforce.parties.services import create_firm

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(tmp_path: Path):
    generated = generate_bundle(
        tmp_path / "b",
        500,
        seed=21,
        true_effect={"letter_deterrence": 0.1, "letter_information": 0.04},
        base_rate=0.08,
        arms=("letter_deterrence", "letter_information"),
        name="Campaña de prueba 2024",
    )
    first = read_bundle(generated.path).targets[0]
    create_firm(actor="test", ruc=first.ruc, legal_name=first.name)
    return load_bundle(generated.path).campaign


def test_it_lists_campaigns_with_their_figures(client_for, campaign):
    page = client_for("analyst").get(reverse("campaigns:list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Campaña de prueba 2024" in html and campaign.get_absolute_url() in html
    assert ">500<" in html


def test_it_shows_the_impact_report_with_charts_and_their_tables_to_a_director(
    client_for, campaign
):
    page = client_for("director").get(campaign.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    report = reporting.impact_report(campaign).to_dict()
    for chart in ("c-funnel", "c-rates", "c-effect", "c-departments"):
        assert f'id="{chart}"' in html and f'aria-labelledby="{chart}-title {chart}-desc"' in html
    assert html.count('role="img"') == 4
    assert "newcombe_hybrid_score" in html
    assert "Embudo: datos del gráfico" in html
    assert "80 % de potencia" in html
    assert "Semilla" in html or "venían asignados" in html
    assert f"{report['letters_sent']:,}" in html
    assert "style=" not in html  # strict CSP: no inline styles
    assert "campaigns/report.css" in html


def test_it_answers_403_to_a_rights_holder_and_sends_visitors_to_log_in(
    client_for, client, campaign
):
    assert client.get(campaign.get_absolute_url()).status_code == 302
    holder = client_for("rights_holder")
    for url in (
        campaign.get_absolute_url(),
        reverse("campaigns:export_csv", args=[campaign.pk]),
        reverse("campaigns:export_xlsx", args=[campaign.pk]),
        reverse("campaigns:list"),
    ):
        assert holder.get(url).status_code == 403


def test_it_exports_the_report_as_csv_and_xlsx(client_for, campaign):
    analyst = client_for("analyst")
    report = reporting.impact_report(campaign).to_dict()
    response = analyst.get(reverse("campaigns:export_csv", args=[campaign.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    summary = {r["indicador"]: r["valor"] for r in rows if r["seccion"] == "resumen"}
    assert int(summary["letters_sent"]) == report["letters_sent"]
    assert float(summary["licensing_rate"]) == report["licensing_rate"]
    arms = {r["grupo"] for r in rows if r["seccion"] == "grupo"}
    assert arms == {"letter_deterrence", "letter_information", "control"}
    assert {r["grupo"] for r in rows if r["seccion"] == "departamento"} == set(
        report["by_department"]
    )

    response = analyst.get(reverse("campaigns:export_xlsx", args=[campaign.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Resumen", "Grupos", "Departamentos", "Advertencias"]
    values = {row[0]: row[1] for row in book["Resumen"].iter_rows(values_only=True) if row}
    assert values["Cartas enviadas"] == report["letters_sent"]
    assert book["Grupos"].max_row == 4  # header + two letter arms + control
    assert book["Departamentos"].max_row == 1 + len(report["by_department"])


def test_it_shows_the_campaigns_of_a_firm_on_its_page(client_for, campaign):
    target = campaign.targets.get(firm__isnull=False)
    page = client_for("analyst").get(target.firm.get_absolute_url())
    html = page.content.decode()
    assert "Campañas de cartas" in html and campaign.name in html
    outsider = client_for("outreach_officer").get(target.firm.get_absolute_url())
    assert campaign.name not in outsider.content.decode()
