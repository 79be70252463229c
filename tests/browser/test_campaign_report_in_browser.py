import pytest

from bench.generators.campaign_bundle import generate_bundle
from ipenforce.campaigns.bundle_loader import load_bundle
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_opens_the_impact_report_of_a_loaded_campaign_with_its_charts(page, make_user, tmp_path):
    make_user("director", username="diana")
    generated = generate_bundle(
        tmp_path / "b",
        400,
        seed=4,
        true_effect={"letter_deterrence": 0.1, "letter_information": 0.05},
        base_rate=0.08,
        arms=("letter_deterrence", "letter_information"),
        name="Campaña del navegador",
    )
    campaign = load_bundle(generated.path).campaign

    login(page, "diana")
    page.get_by_role("link", name="Campañas").first.click()
    page.get_by_role("link", name="Campaña del navegador").click()
    page.wait_for_url(f"**/campanas/{campaign.pk}/")
    assert page.get_by_role("heading", name="Campaña del navegador").is_visible()
    for chart in ("c-funnel", "c-rates", "c-effect", "c-departments"):
        svg = page.locator(f"svg#{chart}")
        assert svg.is_visible()
        assert svg.get_attribute("role") == "img"
        box = svg.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 50
    # the stylesheet applies (no inline styles): bars take their colour from report.css
    fill = page.locator("svg#c-funnel rect").first.evaluate("e => getComputedStyle(e).fill")
    assert fill == "rgb(138, 21, 56)"
    assert page.locator("svg#c-effect circle").count() == 3  # two wordings + all letters
    assert page.get_by_role("table", name="Embudo: datos del gráfico").is_visible()
    assert_accessible(page)
