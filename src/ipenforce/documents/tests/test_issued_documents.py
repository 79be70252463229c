import pytest

from ipenforce.core.audit import history_for
from ipenforce.documents.render import render_typst, sha256_hex
from ipenforce.documents.services import issue_document
from ipenforce.parties.services import create_firm

pytestmark = pytest.mark.django_db


@pytest.fixture
def pdf():
    return render_typst("= Carta de prueba\nContenido.", timestamp=0)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_it_stores_an_issued_pdf_with_its_sha256(pdf, make_user):
    firm = create_firm(actor="test", ruc="20100070970", legal_name="GRUPO EL SOL S.A.")
    doc = issue_document(
        pdf=pdf, kind="letter", title="Carta 1", actor=make_user("analyst"), related=firm
    )
    assert doc.sha256 == sha256_hex(pdf)
    with doc.file.open("rb") as fh:
        assert fh.read() == pdf
    assert doc.related == firm
    assert [e.action for e in history_for(doc)] == ["document.issue"]


def test_it_refuses_something_that_is_not_a_pdf(make_user):
    with pytest.raises(ValueError, match="not a PDF"):
        issue_document(pdf=b"hello", kind="letter", title="x", actor="test")


def test_it_serves_the_pdf_only_to_staff_with_permission(pdf, client_for):
    doc = issue_document(pdf=pdf, kind="memo", title="Memoria", actor="test")
    response = client_for("director").get(f"/documentos/{doc.pk}/pdf/")
    assert response.status_code == 200
    assert response["X-Content-SHA256"] == doc.sha256
    assert b"".join(response.streaming_content) == pdf
    assert client_for("rights_holder").get(f"/documentos/{doc.pk}/pdf/").status_code == 403


def test_it_lets_the_public_verify_a_document_by_its_fingerprint(pdf, client):
    doc = issue_document(pdf=pdf, kind="resolution", title="Resolución 1", actor="test")
    page = client.post("/documentos/verificar/", {"sha256": doc.sha256.upper()}).content.decode()
    assert "Documento auténtico" in page and "Resolución 1" in page
    page = client.post("/documentos/verificar/", {"sha256": "0" * 64}).content.decode()
    assert "No hay ningún documento" in page
