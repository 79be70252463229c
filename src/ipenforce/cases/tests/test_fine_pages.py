from __future__ import annotations

import pytest

from ipenforce.cases.models import FineCalculation
from ipenforce.cases.services import save_calculation

pytestmark = pytest.mark.django_db

NEW = "/casos/multas/nueva/"
PREVIEW = "/casos/multas/vista-previa/"


@pytest.mark.parametrize(
    ("url", "allowed", "denied"),
    [
        ("/casos/multas/", ["legal_officer", "director"], ["rights_holder", None]),
        (NEW, ["legal_officer"], ["director", "rights_holder"]),
    ],
)
def test_it_requires_the_right_permission(client_for, url, allowed, denied):
    for role in allowed:
        assert client_for(role).get(url).status_code == 200, (url, role)
    for role in denied:
        assert client_for(role).get(url).status_code == 403, (url, role)


def test_it_lets_only_legal_officers_preview_and_save(client_for, reasoned_post):
    assert client_for("director").post(PREVIEW, reasoned_post).status_code == 403
    assert client_for("rights_holder").post(NEW, reasoned_post).status_code == 403
    assert not FineCalculation.objects.exists()
    assert client_for("legal_officer").post(PREVIEW, reasoned_post).status_code == 200


def test_it_shows_each_detection_level_and_circumstance_with_its_wording(client_for):
    page = client_for("legal_officer").get(NEW).content.decode()
    assert "denuncias o reclamos de terceros" in page  # description of "medium"
    assert "Reincidencia" in page and "hasta 100 %" in page and "hasta 50 %" in page
    assert 'hx-post="/casos/multas/vista-previa/"' in page
    assert 'hx-trigger="input changed delay:400ms' in page


def test_it_previews_the_result_live(client_for, reasoned_post):
    response = client_for("legal_officer").post(PREVIEW, reasoned_post)
    html = response.content.decode()
    assert "50.62 UIT" in html
    assert "Multa base m (UIT)" in html  # a trace step
    assert "round_half_up(m × F, 2)" in html  # its formula
    assert "Decreto Legislativo 822" in html  # a reference
    assert "NO CONFIRMADO" in html  # the unconfirmed methodology start date
    assert "1 de enero de 2024" in html  # the UIT's effective date
    assert 'id="fine-status" hx-swap-oob="innerHTML"' in html


def test_it_previews_the_problems_by_field(client_for, reasoned_post):
    reasoned_post["detection"] = ""
    reasoned_post["circ_recidivism_percent"] = "150"
    html = client_for("legal_officer").post(PREVIEW, reasoned_post).content.decode()
    assert 'href="#id_detection"' in html and "es obligatorio" in html
    assert 'href="#id_circ_recidivism_percent"' in html and "como máximo 100" in html


def test_it_shows_the_missing_parameter_of_the_sales_percentage_method(client_for, reasoned_post):
    reasoned_post.update({"method": "sales_percentage", "affected_sales_pen": "1000"})
    html = client_for("legal_officer").post(PREVIEW, reasoned_post).content.decode()
    assert "sales_percentage/alpha/copyright" in html


def test_it_warns_in_the_preview_but_refuses_to_save_without_reasons(client_for, reasoned_post):
    for name in ("beta_reason", "detection_reason", "circ_recidivism_reason"):
        reasoned_post[name] = "  "
    client = client_for("legal_officer")
    assert "motive el nivel de detección" in client.post(PREVIEW, reasoned_post).content.decode()

    response = client.post(NEW, reasoned_post)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"beta_reason", "detection_reason", "circ_recidivism_reason"}
    assert "obligatoria para guardar" in errors["beta_reason"][0]
    assert not FineCalculation.objects.exists()


def test_it_saves_and_shows_the_calculation_with_its_memo(client_for, reasoned_post):
    client = client_for("legal_officer")
    response = client.post(NEW, reasoned_post)
    calc = FineCalculation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/casos/multas/{calc.pk}/"
    assert calc.inputs["ad_hoc"]["beta_reason"].startswith("Licencias no pagadas")
    assert calc.inputs["circumstances"][0] == {
        "id": "recidivism",
        "percent": 25,
        "reason": reasoned_post["circ_recidivism_reason"],
    }

    page = client.get(response["Location"]).content.decode()
    assert "50.62 UIT" in page
    assert f'href="/documentos/{calc.memo_id}/pdf/"' in page
    assert "Reconoció la infracción por escrito" in page
    assert client.get(f"/documentos/{calc.memo_id}/pdf/").status_code == 200


def test_it_links_the_firm_by_ruc(client_for, reasoned_post):
    from ipenforce.parties.services import create_firm

    firm = create_firm(actor="test", ruc="20100070970", legal_name="LIBRERIA EL SOL S.R.L.")
    client = client_for("legal_officer")
    bad = client.post(NEW, {**reasoned_post, "firm_ruc": "20999999999"})
    assert "No hay una empresa registrada con ese RUC" in bad.content.decode()
    client.post(NEW, {**reasoned_post, "firm_ruc": "20100070970"})
    assert FineCalculation.objects.get().firm == firm


def test_it_recalculates_as_a_new_version_and_keeps_the_old_one(
    client_for, make_user, reasoned_case, reasoned_post
):
    first = save_calculation(reasoned_case, actor=make_user("legal_officer"))
    client = client_for("legal_officer")
    url = f"/casos/multas/{first.pk}/recalcular/"

    form_page = client.get(url)
    assert form_page.status_code == 200
    assert form_page.context["form"]["beta_reason"].value() == "Licencias no pagadas (folio 45)."
    assert "50.62 UIT" in form_page.content.decode()  # the pre-filled result is shown

    reasoned_post["circ_recidivism_percent"] = "50"
    reasoned_post["case_reference"] = "OTRO-EXPEDIENTE"  # ignored: the reference is kept
    response = client.post(url, reasoned_post)

    second = FineCalculation.objects.get(version=2)
    assert response["Location"] == f"/casos/multas/{second.pk}/"
    assert (second.case_reference, second.supersedes_id) == ("0123-2024/DDA", first.pk)
    assert FineCalculation.objects.filter(pk=first.pk).exists()
    detail = client.get(f"/casos/multas/{first.pk}/").content.decode()
    assert "fue reemplazada" in detail and f"/casos/multas/{second.pk}/" in detail
    assert client_for("director").get(f"/casos/multas/{second.pk}/").status_code == 200
    assert client_for("director").get(url).status_code == 403
