"""Pages of the fine calculator (thin: the form builds the case, the services save it)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ipenforce.cases import selectors, services, wording
from ipenforce.cases.forms import FineCalculationForm, as_post_data, initial_from_calculation
from ipenforce.cases.models import FineCalculation
from ipenforce.core.audit import history_for
from ipenforce.core.permissions import permission_required
from ipenforce.fines import CaseError
from ipenforce.fines.params import default_parameters
from ipenforce.parties.models import Firm

VIEW = "cases.view_finecalculation"
ADD = "cases.add_finecalculation"


@permission_required(VIEW)
def fine_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    page = Paginator(selectors.latest_calculations(query), 25).get_page(request.GET.get("page"))
    return render(request, "cases/fine_list.html", {"page": page, "q": query})


def _save(
    request: HttpRequest, form: FineCalculationForm, supersedes: FineCalculation | None
) -> HttpResponse | None:
    if not form.is_valid():
        return None
    try:
        calc = services.save_calculation(
            form.case_data(), actor=request.user, firm=form.firm, supersedes=supersedes
        )
    except (CaseError, services.CalculationChainError) as error:
        form.add_error(None, str(error))
        return None
    if calc.version > 1:
        messages.success(
            request, _("Cálculo guardado como versión %(v)s del expediente.") % {"v": calc.version}
        )
    else:
        messages.success(request, _("Cálculo guardado."))
    return redirect(calc)


def _form_page(request: HttpRequest, form: FineCalculationForm, **context: Any) -> HttpResponse:
    status = 400 if form.is_bound and form.errors else 200
    context.setdefault("preview", form if form.is_bound else None)
    options = {f"{kind}_options": form.described(kind) for kind in ("method", "beta_basis")}
    options["detection_options"] = form.described("detection")
    return render(
        request, "cases/fine_form.html", {"form": form, **options, **context}, status=status
    )


@permission_required(ADD)
def fine_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = FineCalculationForm(request.POST, require_reasons=True)
        return _save(request, form, None) or _form_page(request, form)
    initial: dict[str, Any] = {"method": "ad_hoc", "body": "copyright"}
    firm_id = request.GET.get("empresa", "")
    if firm_id.isdigit():
        firm = Firm.objects.filter(pk=int(firm_id)).first()
        if firm is not None and firm.ruc:
            initial["firm_ruc"] = firm.ruc
    return _form_page(request, FineCalculationForm(initial=initial))


@permission_required(ADD)
def fine_recalculate(request: HttpRequest, pk: int) -> HttpResponse:
    calc = get_object_or_404(FineCalculation.objects.select_related("firm"), pk=pk)
    head = selectors.versions_of(calc).first()
    if head is not None and head.pk != calc.pk:
        messages.warning(request, _("Se recalcula la última versión del expediente."))
        return redirect("cases:fine_recalculate", pk=head.pk)
    if request.method == "POST":
        form = FineCalculationForm(
            request.POST, require_reasons=True, fixed_reference=calc.case_reference
        )
        return _save(request, form, calc) or _form_page(request, form, previous=calc)
    initial = initial_from_calculation(calc)
    form = FineCalculationForm(initial=initial, fixed_reference=calc.case_reference)
    preview = FineCalculationForm(as_post_data(initial), fixed_reference=calc.case_reference)
    preview.is_valid()
    return _form_page(request, form, previous=calc, preview=preview)


@require_POST
@permission_required(ADD)
def fine_preview(request: HttpRequest) -> HttpResponse:
    """The live result (htmx partial): the engine's result, or the problems by field."""
    form = FineCalculationForm(request.POST)
    form.is_valid()
    return render(request, "cases/_fine_result.html", {"preview": form, "live": True})


@permission_required(VIEW)
def fine_detail(request: HttpRequest, pk: int) -> HttpResponse:
    calc = get_object_or_404(
        FineCalculation.objects.select_related("firm", "memo", "created_by", "supersedes"), pk=pk
    )
    versions = list(selectors.versions_of(calc))
    body = default_parameters().bodies().get(calc.body)
    history = history_for(calc)[:20] if request.user.has_perm("core.view_auditentry") else []
    return render(
        request,
        "cases/fine_detail.html",
        {
            "calc": calc,
            "result": calc.result,
            "versions": versions,
            "is_latest": bool(versions) and versions[0].pk == calc.pk,
            "history": history,
            "reasons": wording.officer_reasons(calc.inputs),
            "body_name": wording.body_name(body) if body else calc.body,
            "method_name": wording.choice_label("method", calc.method),
        },
    )
