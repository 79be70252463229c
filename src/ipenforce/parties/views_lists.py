"""Pages of rights holders' lists, the review queue, and firm merges (thin: services decide)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ipenforce.core import selectors as core_selectors
from ipenforce.core.permissions import permission_required
from ipenforce.core.stored_text import render as render_text
from ipenforce.parties import merging
from ipenforce.parties.forms_lists import (
    MappingForm,
    MergeForm,
    ReviewDecisionForm,
    SplitForm,
    UploadForm,
)
from ipenforce.parties.lists import selectors, services
from ipenforce.parties.lists.reading import UnreadableList
from ipenforce.parties.lists.validation import guess_mapping
from ipenforce.parties.models import Firm
from ipenforce.parties.models_lists import (
    FirmMerge,
    ListImport,
    ListImportStatus,
    ReviewItem,
    ReviewStatus,
    RightsHolder,
    RowOutcome,
)


def _import_for(request: HttpRequest, pk: int) -> ListImport:
    list_import = selectors.imports_for(request.user).filter(pk=pk).first()
    if list_import is None:
        raise Http404
    return list_import


@permission_required("parties.view_listimport")
def list_imports(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.imports_for(request.user), 25).get_page(request.GET.get("page"))
    pending = (
        selectors.review_queue().count() if request.user.has_perm("parties.view_reviewitem") else 0
    )
    return render(request, "parties/lists_index.html", {"page": page, "pending_reviews": pending})


@permission_required("parties.add_listimport")
def list_upload(request: HttpRequest) -> HttpResponse:
    staff = request.user.has_perm(selectors.SEES_ALL)
    holders = selectors.rights_holders_of(request.user)
    if not staff and not holders.exists():
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, holders=holders, staff=staff)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        holder = form.cleaned_data.get("rights_holder")
        try:
            with transaction.atomic():
                if holder is None:
                    holder, _created = RightsHolder.objects.get_or_create(
                        name=" ".join(form.cleaned_data["new_rights_holder"].split())
                    )
                list_import, created = services.create_import(
                    rights_holder=holder,
                    file_name=upload.name,
                    data=upload.read(),
                    actor=request.user,
                )
        except UnreadableList as exc:
            form.add_error("file", str(exc))
        else:
            if not created:
                messages.warning(
                    request,
                    _("Este archivo ya fue cargado para %(holder)s: se muestra esa carga.")
                    % {"holder": holder},
                )
                return redirect(list_import)
            return redirect("parties:list_mapping", list_import.pk)
    return render(request, "parties/lists_upload.html", {"form": form})


@permission_required("parties.add_listimport")
def list_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    list_import = _import_for(request, pk)
    if list_import.status not in services.MAPPABLE:
        return redirect(list_import)
    initial = list_import.mapping or guess_mapping(
        list_import.headers, list_import.rights_holder.column_mapping
    )
    form = MappingForm(request.POST or None, headers=list_import.headers, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.apply_mapping(list_import, form.mapping(), actor=request.user)
        except services.ListImportError as exc:
            messages.error(request, str(exc))
        else:
            return redirect(list_import)
    sample = _sample_rows(list_import)
    return render(
        request,
        "parties/lists_mapping.html",
        {"list_import": list_import, "form": form, "sample": sample},
    )


def _sample_rows(list_import: ListImport, n: int = 5) -> list[list[str]]:
    from ipenforce.parties.lists.reading import read_table

    table = read_table(bytes(list_import.data), list_import.file_format)
    return [[row.get(h, "") for h in list_import.headers] for _line, row in table.rows[:n]]


@permission_required("parties.view_listimport")
def list_import(request: HttpRequest, pk: int) -> HttpResponse:
    list_import = _import_for(request, pk)
    rows = list_import.rows.select_related("firm", "review")
    show = request.GET.get("ver", "")
    if show in RowOutcome.values:
        rows = rows.filter(outcome=show)
    error_rows = [r for r in list_import.rows.exclude(errors=[]).order_by("line")[:500]]
    problems = [
        {
            "line": r.line,
            "field": e.get("field", ""),
            "message": render_text(e["text"]) if "text" in e else e["message"],
            "severity": e["severity"],
        }
        for r in error_rows
        for e in r.errors
    ]
    page = Paginator(rows.order_by("line"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "parties/lists_detail.html",
        {
            "list_import": list_import,
            "problems": problems,
            "page": page,
            "show": show,
            "outcomes": RowOutcome.choices,
            "job": core_selectors.job(list_import.task_id) if list_import.task_id else None,
            "pending_reviews": ReviewItem.objects.filter(
                row__list_import=list_import, status=ReviewStatus.PENDING
            ).count(),
        },
    )


@permission_required("parties.view_listimport")
def list_progress(request: HttpRequest, pk: int) -> HttpResponse:
    list_import = _import_for(request, pk)
    job = core_selectors.job(list_import.task_id) if list_import.task_id else None
    response = render(
        request, "parties/lists_progress.html", {"list_import": list_import, "job": job}
    )
    if list_import.status != ListImportStatus.MATCHING:
        response["HX-Refresh"] = "true"
    return response


@require_POST
@permission_required("parties.add_listimport")
def list_match(request: HttpRequest, pk: int) -> HttpResponse:
    list_import = _import_for(request, pk)
    try:
        task_id = services.start_matching(list_import, actor=request.user)
    except services.ListImportError as exc:
        messages.error(request, str(exc))
    else:
        if task_id:
            messages.info(request, _("La lista es grande: el cruce sigue en segundo plano."))
    return redirect(list_import)


@require_POST
@permission_required("parties.commit_listimport")
def list_commit(request: HttpRequest, pk: int) -> HttpResponse:
    list_import = _import_for(request, pk)
    try:
        task_id = services.start_commit(list_import, actor=request.user)
    except services.ListImportError as exc:
        messages.error(request, str(exc))
    else:
        if task_id:
            messages.info(request, _("La confirmación sigue en segundo plano."))
        else:
            messages.success(request, _("Lista confirmada."))
    return redirect(list_import)


@permission_required("parties.view_reviewitem")
def review_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("estado", ReviewStatus.PENDING)
    if status not in ReviewStatus.values:
        status = ReviewStatus.PENDING
    try:
        list_id = int(request.GET.get("lista", "") or 0) or None
    except ValueError:
        list_id = None
    items = selectors.review_queue(status, list_id)
    page = Paginator(items, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "parties/review_queue.html",
        {"page": page, "status": status, "statuses": ReviewStatus.choices, "list_id": list_id},
    )


@permission_required("parties.view_reviewitem")
def review_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        ReviewItem.objects.select_related("row__list_import__rights_holder", "source_record"), pk=pk
    )
    form = ReviewDecisionForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("parties.change_reviewitem"):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.decide_review(
                    item,
                    accept=form.cleaned_data["decision"] == "accept",
                    firm_id=form.cleaned_data.get("firm"),
                    actor=request.user,
                )
            except services.ListImportError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Decisión registrada."))
                following = (
                    selectors.review_queue(list_import=item.row.list_import_id)
                    .exclude(pk=item.pk)
                    .first()
                )
                return redirect(following or item.row.list_import)
    return render(
        request,
        "parties/review_item.html",
        {
            "item": item,
            "row": item.row,
            "candidates": selectors.candidates_with_firms(item),
            "form": form,
        },
    )


def _find_firm(text: str) -> Firm | None:
    text = text.strip()
    if len(text) == 11 and text.isdigit():
        return Firm.objects.filter(ruc=text).first()
    if text.isdigit():
        return Firm.objects.filter(pk=int(text)).first()
    return None


@permission_required("parties.add_firmmerge")
def merge_start(request: HttpRequest, pk: int) -> HttpResponse:
    survivor = get_object_or_404(Firm, pk=pk)
    form = MergeForm(request.POST or None, initial={"other": request.GET.get("otra", "")})
    other: Firm | None = None
    if form.is_bound and form.is_valid():
        other = _find_firm(form.cleaned_data["other"])
        if other is None:
            form.add_error("other", _("No hay ninguna empresa con ese RUC o número."))
        elif "confirm" in request.POST:
            try:
                merge = merging.merge_firms(
                    survivor,
                    other,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    force=form.cleaned_data["force"],
                )
            except merging.MergeRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Empresas fusionadas."))
                return redirect(merge)
    problems = (
        merging.merge_problems(
            survivor,
            other,
            force=form.cleaned_data.get("force", False),
            reason=form.cleaned_data.get("reason", ""),
        )
        if other is not None
        else []
    )
    return render(
        request,
        "parties/merge_form.html",
        {"survivor": survivor, "other": other, "form": form, "problems": problems},
    )


@permission_required("parties.view_firmmerge")
def merge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    merge = get_object_or_404(
        FirmMerge.objects.select_related("survivor", "merged", "merged_by", "split_by"), pk=pk
    )
    form = SplitForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("parties.add_firmmerge"):
            raise PermissionDenied
        if form.is_valid():
            try:
                merging.split_merge(merge, actor=request.user, reason=form.cleaned_data["reason"])
            except merging.MergeRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request, _("Fusión deshecha: las empresas vuelven a estar separadas.")
                )
                return redirect(merge.merged)
    return render(
        request,
        "parties/merge_detail.html",
        {"merge": merge, "form": form, "moved": _moved_rows(merge)},
    )


def _moved_rows(merge: FirmMerge) -> list[dict[str, Any]]:
    labels = {
        "parties.SourceRecord.firm": _("Registros de origen"),
        "parties.Firm.merged_into": _("Empresas fusionadas antes en la fusionada"),
        "campaigns.Target.firm": _("Empresas objetivo de campañas"),
        "campaigns.LicencePurchase.firm": _("Compras de licencias"),
    }
    return [
        {
            "label": labels.get(key, key),
            "moved": len(merge.moved.get(key, [])),
            "kept": len(merge.kept.get(key, [])),
        }
        for key in sorted(set(merge.moved) | set(merge.kept))
    ]
