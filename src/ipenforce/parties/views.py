from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ipenforce.core.audit import history_for
from ipenforce.core.permissions import permission_required
from ipenforce.parties import selectors, services
from ipenforce.parties.forms import FirmForm, FirmSearchForm
from ipenforce.parties.models import Firm
from ipenforce.parties.sunat.selectors import sunat_for_firm


@permission_required("parties.view_firm")
def firm_list(request: HttpRequest) -> HttpResponse:
    form = FirmSearchForm(request.GET or None)
    query, department = "", ""
    if form.is_valid():
        query = form.cleaned_data["q"] or ""
        dep = form.cleaned_data["departamento"]
        department = dep.code if dep else ""
    page = Paginator(selectors.search_firms(query, department), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "parties/firm_list.html", {"form": form, "page": page})


@permission_required("parties.view_firm")
def firm_detail(request: HttpRequest, pk: int) -> HttpResponse:
    firm = get_object_or_404(
        Firm.objects.select_related("district__province__department", "merged_into"), pk=pk
    )
    history = history_for(firm)[:50] if request.user.has_perm("core.view_auditentry") else []
    return render(
        request,
        "parties/firm_detail.html",
        {
            "firm": firm,
            "history": history,
            "merged_firms": firm.merged_firms.all(),
            "sunat": sunat_for_firm(firm),
        },
    )


@permission_required("parties.add_firm")
def firm_create(request: HttpRequest) -> HttpResponse:
    form = FirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        firm = services.create_firm(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Empresa registrada."))
        return redirect(firm)
    return render(request, "parties/firm_form.html", {"form": form, "creating": True})


@permission_required("parties.change_firm")
def firm_edit(request: HttpRequest, pk: int) -> HttpResponse:
    firm = get_object_or_404(Firm, pk=pk)
    form = FirmForm(request.POST or None, instance=firm)
    if request.method == "POST" and form.is_valid():
        services.update_firm(firm, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Cambios guardados."))
        return redirect(firm)
    return render(request, "parties/firm_form.html", {"form": form, "firm": firm})
