import pytest

from ipenforce.core.audit import history_for
from ipenforce.core.models import AuditEntry
from ipenforce.documents.models import IssuedDocument
from ipenforce.documents.render import render_typst, sha256_hex
from ipenforce.documents.services import issue_document, issue_documents
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


def test_it_issues_many_documents_at_once_with_one_audit_entry(make_user):

    firms = [
        create_firm(actor="test", ruc="20100070970", legal_name="GRUPO EL SOL S.A."),
        create_firm(actor="test", ruc="20131312955", legal_name="SUPERMERCADOS S.A."),
    ]
    pdfs = [render_typst(f"= Carta {i}", timestamp=0) for i in range(3)]
    analyst = make_user("analyst")
    before = AuditEntry.objects.count()

    docs = issue_documents(
        pdfs,
        kind="letter",
        titles=["Carta 0", "Carta 1", "Carta 2"],
        actor=analyst,
        related_objects=[firms[0], None, firms[1]],
        audit_obj=firms[0],
    )

    assert [d.title for d in docs] == ["Carta 0", "Carta 1", "Carta 2"]
    assert all(d.pk is not None for d in docs)
    for doc, pdf in zip(docs, pdfs, strict=True):
        stored = IssuedDocument.objects.get(pk=doc.pk)
        assert stored.sha256 == sha256_hex(pdf) and stored.size == len(pdf)
        assert stored.file.name == f"documents/{stored.sha256[:2]}/{stored.sha256}.pdf"
        with stored.file.open("rb") as fh:
            assert fh.read() == pdf
        assert stored.issued_by == analyst and stored.kind == "letter"
    assert [IssuedDocument.objects.get(pk=d.pk).related for d in docs] == [firms[0], None, firms[1]]
    assert AuditEntry.objects.count() == before + 1
    (entry,) = history_for(firms[0]).filter(action="document.issue.batch")
    listed = entry.changes["documents"][1]
    assert [(d["id"], d["sha256"], d["size"]) for d in listed] == [
        (d.pk, d.sha256, d.size) for d in docs
    ]
    assert entry.actor == analyst


def test_issuing_the_same_pdf_twice_in_bulk_keeps_both_files(pdf):

    first = issue_document(pdf=pdf, kind="letter", title="Carta", actor="test")
    docs = issue_documents([pdf, pdf], kind="letter", titles=["A", "B"], actor="test")
    names = {first.file.name, *(d.file.name for d in docs)}
    assert len(names) == 3
    for doc in docs:
        with doc.file.open("rb") as fh:
            assert sha256_hex(fh.read()) == doc.sha256 == first.sha256


def test_bulk_issuing_refuses_anything_that_is_not_a_pdf_and_stores_nothing(pdf):

    with pytest.raises(ValueError, match="not a PDF"):
        issue_documents([pdf, b"hello"], kind="letter", titles=["a", "b"], actor="test")
    with pytest.raises(ValueError, match="one title per PDF"):
        issue_documents([pdf], kind="letter", titles=[], actor="test")
    assert not IssuedDocument.objects.exists()
    assert issue_documents([], kind="letter", titles=[], actor="test") == []
