from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from ipenforce.cases.models import FineCalculation
from ipenforce.cases.services import CalculationChainError, build_memo, save_calculation
from ipenforce.core.models import AuditEntry
from ipenforce.documents.render import sha256_hex
from ipenforce.parties.services import create_firm

pytestmark = pytest.mark.django_db


def _pdf_text(doc) -> str:
    with doc.file.open("rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_it_saves_the_calculation_with_its_memo_and_an_audit_entry(make_user, reasoned_case):
    officer = make_user("legal_officer")
    firm = create_firm(actor="test", ruc="20100070970", legal_name="LIBRERIA EL SOL S.R.L.")

    calc = save_calculation(reasoned_case, actor=officer, firm=firm)

    assert calc.version == 1 and calc.supersedes is None
    assert str(calc.fine_uit) == "50.62"
    assert calc.result["inputs_sha256"] == calc.inputs_sha256
    assert calc.detection_reason == "Denuncia del titular (folio 1)."
    assert calc.memo is not None
    assert calc.memo.kind == "memo"
    with calc.memo.file.open("rb") as fh:
        assert sha256_hex(fh.read()) == calc.memo.sha256
    text = _pdf_text(calc.memo)
    for expected in (
        "Memoria de cálculo de multa",
        "0123-2024/DDA",
        "LIBRERIA EL SOL S.R.L.",
        "Multa base m (UIT)",
        "DS 032-2021-PCM, anexo, método ad hoc",
        "Decreto Legislativo 822",
        "NO CONFIRMADO",
        "Licencias no pagadas (folio 45).",
        "Reincidente: Res. 120-2022/CDA.",
        "/documentos/verificar/",
    ):
        assert expected in text, expected
    assert calc.inputs_sha256 in text.replace("\n", "")
    entry = AuditEntry.objects.get(action="fine.calculate", object_id=str(calc.pk))
    assert entry.actor == officer
    assert entry.changes["fine_uit"] == [None, "50.62"]


def test_it_reproduces_the_same_memo_bytes(make_user, reasoned_case):
    calc = save_calculation(reasoned_case, actor=make_user("legal_officer"))
    assert calc.memo is not None
    assert sha256_hex(build_memo(FineCalculation.objects.get(pk=calc.pk))) == calc.memo.sha256


def test_it_refuses_to_change_or_delete_a_saved_calculation(make_user, reasoned_case):
    calc = save_calculation(reasoned_case, actor=make_user("legal_officer"))
    calc.fine_uit = 1
    with pytest.raises(PermissionError):
        calc.save()
    with pytest.raises(PermissionError):
        calc.delete()
    with pytest.raises(PermissionError):
        FineCalculation.objects.filter(pk=calc.pk).update(fine_uit=1)
    with pytest.raises(PermissionError):
        FineCalculation.objects.all().delete()
    assert str(FineCalculation.objects.get(pk=calc.pk).fine_uit) == "50.62"


def test_it_keeps_version_1_when_a_recalculation_saves_version_2(make_user, reasoned_case):
    officer = make_user("legal_officer")
    first = save_calculation(reasoned_case, actor=officer)
    reasoned_case["circumstances"][0]["percent"] = 50

    second = save_calculation(reasoned_case, actor=officer, supersedes=first)

    assert (second.version, second.supersedes_id) == (2, first.pk)
    assert FineCalculation.objects.filter(case_reference="0123-2024/DDA").count() == 2
    assert str(FineCalculation.objects.get(pk=first.pk).fine_uit) == "50.62"
    assert second.fine_uit > first.fine_uit
    assert second.memo_id != first.memo_id
    assert AuditEntry.objects.filter(action="fine.recalculate", object_id=str(second.pk)).exists()
    with pytest.raises(CalculationChainError):
        save_calculation(reasoned_case, actor=officer, supersedes=first)  # not the latest


def test_it_continues_the_chain_when_the_same_case_file_is_calculated_again(
    make_user, reasoned_case
):
    officer = make_user("legal_officer")
    first = save_calculation(reasoned_case, actor=officer)
    again = save_calculation(reasoned_case, actor=officer)
    assert (again.version, again.supersedes_id) == (2, first.pk)


def test_it_prints_hostile_text_literally_in_the_memo(make_user, reasoned_case):
    reasoned_case["ad_hoc"]["beta_reason"] = '] #panic("x") [ $x$ // <b> *negrita*'
    calc = save_calculation(reasoned_case, actor=make_user("legal_officer"))
    assert '] #panic("x") [ $x$ // <b> *negrita*' in _pdf_text(calc.memo)
