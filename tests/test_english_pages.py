"""A person who chose English reads English: no Spanish words on the staff pages.

Signs in as each demo role (`ipenforce demo` data, plus a list import, a saved fine, a SUNAT
import, finished background jobs and an e-mailed letter), switches the language the way the UI
does (the language form posts to `set_language`, which sets the language cookie), walks every
page of the navigation and the pages they link to (a few of each kind), and flags visible text
with obviously Spanish words. Data values (firm names, addresses, campaign names and their letter
text, uploaded file names, people's names) are not the interface: they are blanked out first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from ipenforce.core.context_processors import NAVIGATION
from ipenforce.core.demo import DEMO_USERS
from tests.smtp import smtp_server  # noqa: F401 - fixture

# Words that only Spanish text contains (accented forms and common function words).
SPANISH_WORDS = frozenset(
    [
        "empresa",
        "empresas",
        "campaña",
        "campañas",
        "carta",
        "cartas",
        "filas",
        "fila",
        "importación",
        "importaciones",
        "multa",
        "multas",
        "resolución",
        "ninguna",
        "ninguno",
        "según",
        "leídas",
        "nuevas",
        "actualizadas",
        "rechazadas",
        "rechazada",
        "enviada",
        "correo",
        "electrónico",
        "trabajo",
        "trabajos",
        "lista",
        "listas",
        "cruce",
        "confirmando",
        "listo",
        "paquete",
        "expediente",
        "agravante",
        "atenuante",
        "máximo",
        "probabilidad",
        "detección",
        "año",
        "tamaño",
        "ventas",
        "grupo",
        "tratamiento",
        "brazo",
        "brazos",
        "envío",
        "envíos",
        "respuesta",
        "respuestas",
        "licencias",
        "licencia",
        "fecha",
        "nombre",
        "estado",
        "sin",
        "con",
        "para",
        "por",
        "los",
        "las",
        "del",
        "una",
        "está",
        "más",
        "también",
        "página",
        "dirección",
        "método",
        "órgano",
        "motivación",
        "versión",
        "cálculo",
        "parámetro",
        "vigente",
        "desde",
        "tope",
        "suma",
        "derivado",
        "preestablecido",
        "duración",
        "sí",
        "pendiente",
        "pendientes",
        "enviadas",
        "devuelta",
        "devueltas",
        "octubre",
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "noviembre",
        "diciembre",
    ]
)
# Proper names and citations that stay Spanish in English text.
ALLOWED_PHRASES = (
    "Compra Legal, Compra Original",
    "DS 032-2021-PCM",
    "Decreto Supremo",
    "Decreto Legislativo",
    "padrón reducido",
)
ROLES = list(DEMO_USERS)
PAGES_PER_KIND = 2
# Pages the administrator (who may see everything) must reach, so the walk cannot quietly shrink.
MUST_WALK = {
    "parties:firm_detail",
    "parties:list_import",
    "campaigns:detail",
    "cases:fine_new",
    "cases:fine_detail",
    "core:jobs",
    "core:audit",
}
SKIP_PREFIXES = ("/admin/", "/api/", "/salir/", "/idioma/", "/documentos/")
SKIP_SUFFIXES = (".pdf", ".csv", ".xlsx")


class _VisibleText(HTMLParser):
    """Text a person sees or hears: text nodes and a few attributes, not scripts or styles."""

    ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "template"}:
            self._hidden += 1
        values = dict(attrs)
        for name in self.ATTRIBUTES:
            if values.get(name):
                self.parts.append(str(values[name]))
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "template"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> tuple[str, list[str]]:
    parser = _VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts), parser.links


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def data_values() -> list[str]:
    """Strings that are records, not interface: blanked out before looking for Spanish."""
    from django.contrib.auth import get_user_model

    from ipenforce.campaigns.models import Arm, Campaign, Target
    from ipenforce.cases.models import FineCalculation
    from ipenforce.core.models import AuditEntry, Department, District, Province
    from ipenforce.documents.models import IssuedDocument
    from ipenforce.fines.params import default_parameters
    from ipenforce.parties.models import Firm
    from ipenforce.parties.models_lists import ListImport, ListRow, RightsHolder

    values: set[str] = set()
    for model, fields in (
        (Firm, ["legal_name", "trade_name", "address"]),
        (Campaign, ["name", "programme_name", "description", "assumptions_note"]),
        (Arm, ["letter_subject", "letter_body"]),
        (Target, ["name", "address"]),
        (RightsHolder, ["name"]),
        (ListImport, ["file_name", "headers"]),
        (ListRow, ["raw"]),
        # the memo is a Spanish legal document; its title is its own
        (IssuedDocument, ["title"]),
        # the audit log shows stored values as they were (before → after)
        (AuditEntry, ["changes"]),
        (Department, ["name"]),
        (Province, ["name"]),
        (District, ["name"]),
        (get_user_model(), ["first_name", "last_name", "username"]),
    ):
        for field in fields:
            for value in model._default_manager.values_list(field, flat=True):
                values.update(v for v in _strings(value) if v.strip())
    # legal citations of the fine engine (the sources' own titles)
    for result in FineCalculation.objects.values_list("result", flat=True):
        for item in [*result.get("trace", []), *result.get("parameters", [])]:
            values.update(v for v in (item.get("reference"), item.get("note")) if v)
    for body in default_parameters().bodies().values():
        values.add(body.law)
    for value in list(values):  # pages may show names upper-cased or title-cased
        values.update({value.upper(), value.title()})
        values.update(line.strip() for line in value.splitlines() if line.strip())
    return sorted(values, key=len, reverse=True)


def spanish_words(text: str, data: list[str]) -> list[str]:
    for value in (*data, *ALLOWED_PHRASES):
        if value in text:
            text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", " ", text)
    words = re.findall(r"[^\W\d_]+", text.lower())
    return sorted({w for w in words if w in SPANISH_WORDS})


def context_of(text: str, word: str, width: int = 60) -> str:
    match = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, flags=re.IGNORECASE)
    if not match:
        return ""
    return text[max(0, match.start() - width) : match.end() + width].replace("\n", " | ")


# --- data ---------------------------------------------------------------------------------------


def _list_import(actor: Any) -> None:
    from ipenforce.parties.lists import services
    from ipenforce.parties.models_lists import RightsHolder

    holder, _ = RightsHolder.objects.get_or_create(name="Microsoft Perú")
    data = (
        "Razón Social;RUC;Dirección;Distrito;Departamento\n"
        "Libreria El Sol SRL;20100070970;Avenida Larco 345;150122;Lima\n"
        "Bodega Mary;20100070971;Jr. Puno 3;150101;Lima\n"
        ";;Sin nombre 1;;\n"
    ).encode()
    list_import, _ = services.create_import(
        rights_holder=holder, file_name="clientes.csv", data=data, actor=actor
    )
    list_import = services.apply_mapping(
        list_import,
        {"name": "Razón Social", "ruc": "RUC", "address": "Dirección", "district": "Distrito"},
        actor=actor,
    )
    services.start_matching(list_import, actor=actor)


def _fine(actor: Any) -> None:
    from ipenforce.cases import services
    from ipenforce.parties.models import Firm

    firm = Firm.objects.filter(ruc__isnull=False).order_by("pk").first()
    services.save_calculation(
        {
            "body": "copyright",
            "resolution_date": "2024-10-07",
            "proceeding_started_on": "2023-11-20",
            "method": "ad_hoc",
            "case_reference": "0123-2024/DDA",
            "ad_hoc": {
                "beta_pen": 36000,
                "beta_basis": "illicit_benefit_avoided_cost",
                "detection": "medium",
                "beta_reason": "Licences avoided.",
                "detection_reason": "Found by inspection.",
            },
            "annual_sales_pen": 2400000,
            "circumstances": [
                {"id": "recidivism", "percent": 25, "reason": "Second offence."},
                {"id": "written_acknowledgement", "percent": 10, "reason": "Signed."},
            ],
        },
        actor=actor,
        firm=firm,
        supersedes=None,
    )


def _sunat_import() -> None:
    """A finished and an interrupted SUNAT import, stored as `import_padron` stores them (the
    loader itself is not needed for what the pages show)."""
    from django.utils import timezone

    from ipenforce.core import audit
    from ipenforce.parties.models import SunatImport, SunatImportStatus
    from ipenforce.parties.sunat.service import ACTOR

    now = timezone.now()
    run = SunatImport.objects.create(
        file_name="padron_reducido_ruc.txt",
        started_at=now,
        finished_at=now,
        status=SunatImportStatus.DONE,
        rows_read=2,
        rows_new=1,
        rows_rejected=1,
    )
    run.message = run.summary()
    run.save()
    audit.record(actor=ACTOR, action="sunat.import", obj=run, note=run.summary())


def _jobs(requester: Any) -> None:
    """Jobs started from the pages by a person reading Spanish, then run the way the worker runs
    each one (`db_worker`'s own loop would close the database connection between jobs, which on
    PostgreSQL ends the transaction that holds this module's data)."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    client = Client()
    client.force_login(requester)
    assert client.post(reverse("core:start_demo_job"), {"total": "3"}).status_code == 302
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="english-pages",
        excluded_queue_names=[],
    )
    ready = list(DBTaskResult.objects.ready())
    assert ready
    for result in ready:
        result.claim(worker.worker_id)
        worker.run_task(result)
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()


@pytest.fixture(scope="module")
def demo_site(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The demo data and a few records of every kind, loaded once, rolled back at the end."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from ipenforce.core.demo import load_all

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_all()
            admin = get_user_model().objects.get(username=DEMO_USERS["analyst"][0])
            _list_import(admin)
            _fine(get_user_model().objects.get(username=DEMO_USERS["legal_officer"][0]))
            _sunat_import()
            _jobs(admin)
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# --- walking ------------------------------------------------------------------------------------


def english_client(username: str) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


def _kind(path: str) -> str | None:
    if path.startswith(SKIP_PREFIXES) or path.endswith(SKIP_SUFFIXES):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def start_pages() -> list[str]:
    pages = ["/", reverse("core:profile"), reverse("campaigns:programme")]
    for url_name, _label, _perm in NAVIGATION:
        pages.append(reverse(url_name))
    return pages


def walk(client: Client) -> Iterator[tuple[str, str]]:
    """(path, visible text) of the start pages and up to PAGES_PER_KIND pages of each kind
    they link to, one level deep, then the same from those."""
    seen: set[str] = set()
    per_kind: dict[str, int] = {}
    queue = list(start_pages())
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        text, links = visible_text(response.content.decode())
        yield path, text
        for link in links:
            parts = urlsplit(link)
            if parts.netloc or not parts.path.startswith("/"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            kind = _kind(parts.path)
            if kind is None or target in seen:
                continue
            if per_kind.get(kind, 0) >= PAGES_PER_KIND:
                continue
            per_kind[kind] = per_kind.get(kind, 0) + 1
            queue.append(target)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_it_shows_no_spanish_words_to_a_person_who_chose_english(demo_site: None, role: str):
    data = data_values()
    client = english_client(DEMO_USERS[role][0])
    problems = []
    walked = []
    for path, text in walk(client):
        walked.append(path)
        for word in spanish_words(text, data):
            problems.append(f"{path}: «{word}» in …{context_of(text, word)}…")
    assert walked, "no page walked"
    if role == "administrator":
        assert {resolve(urlsplit(p).path).view_name for p in walked} >= MUST_WALK
    assert not problems, "\n".join(problems)


# --- delivery notes ------------------------------------------------------------------------------


# The courier file's column names and status words, typed as they are in any language.
COURIER_FILE_WORDS = ["codigo_respuesta", "estado", "fecha", "detalle", "entregada", "devuelta"]


def _dispatch_notes(analyst: Any) -> tuple[Any, str]:
    """Notes on the first letters of a demo campaign, written the way the platform writes them
    while its users read Spanish: the letter batch e-mails one letter and the server refuses
    another, and the courier's file (uploaded on the Spanish page) returns a third. A fourth
    keeps a note written before notes were stored as text to translate (shown as it is)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ipenforce.campaigns.demo import CONTROLLED_NAME
    from ipenforce.campaigns.mail import send_pending_emails
    from ipenforce.campaigns.models import Campaign, Dispatch, DispatchChannel, DispatchStatus

    campaign = Campaign.objects.get(name=CONTROLLED_NAME)
    letters = Dispatch.objects.filter(target__campaign=campaign).order_by("target__target_id", "id")
    emailed, refused, returned, legacy = letters[:4]
    letters.update(channel=DispatchChannel.POST, status=DispatchStatus.PENDING, emailed_at=None)
    for dispatch, address in ((emailed, "compras@example.pe"), (refused, "rebote@example.pe")):
        dispatch.target.email = address
        dispatch.target.save(update_fields=["email"])
        Dispatch.objects.filter(pk=dispatch.pk).update(channel=DispatchChannel.EMAIL)
    assert send_pending_emails(campaign, base_url="https://ipe.example", actor=analyst) == (1, 1)

    client = Client()
    client.force_login(analyst)
    code = returned.target.reply_code
    courier = f"codigo_respuesta;estado;fecha;detalle\n{code};devuelta;2024-03-09;AR-2031\n"
    url = reverse("campaigns:ops_courier_import", args=[campaign.pk])
    upload = SimpleUploadedFile("courier.csv", courier.encode())
    assert client.post(url, {"file": upload}).status_code == 302

    old_note = "Entregada en mesa de partes el 2024-03-08"
    Dispatch.objects.filter(pk=legacy.pk).update(
        status=DispatchStatus.DELIVERED, status_note=old_note
    )
    return campaign, old_note


@pytest.mark.django_db
def test_it_shows_delivery_notes_in_the_readers_language(
    demo_site: None,
    smtp_server: Any,  # noqa: F811
) -> None:
    from django.contrib.auth import get_user_model

    analyst = get_user_model().objects.get(username=DEMO_USERS["analyst"][0])
    campaign, old_note = _dispatch_notes(analyst)
    url = reverse("campaigns:ops_dispatches", args=[campaign.pk])

    spanish_client = Client()
    spanish_client.force_login(analyst)
    spanish_text, _links = visible_text(spanish_client.get(url).content.decode())
    assert "Enviada por correo electrónico a compras@example.pe el " in spanish_text
    assert "Rechazada por el servidor: 550 " in spanish_text
    assert "Devuelta el 2024-03-09 (courier.csv): AR-2031" in spanish_text
    assert old_note in spanish_text

    english_text, _links = visible_text(english_client(analyst.username).get(url).content.decode())
    assert "Sent by e-mail to compras@example.pe on " in english_text
    assert "Refused by the mail server: 550 " in english_text
    assert "Returned on 2024-03-09 (courier.csv): AR-2031" in english_text
    assert old_note in english_text  # written before notes were translated: shown as it is
    words = spanish_words(english_text, [*data_values(), *COURIER_FILE_WORDS, old_note])
    assert not words, [f"«{w}» in …{context_of(english_text, w)}…" for w in words]
