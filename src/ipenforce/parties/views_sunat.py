"""Pages of the SUNAT register mirror: imports with their counts, progress, changes and rejects,
and creating firms from the taxpayers of the mirror."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from ipenforce.core.permissions import permission_required
from ipenforce.parties.forms_sunat import PadronImportForm, PadronUploadForm, PromoteFilterForm
from ipenforce.parties.models import SunatImport, SunatImportStatus
from ipenforce.parties.sunat import files, promote


def _index(
    request: HttpRequest,
    *,
    upload_form: PadronUploadForm | None = None,
    import_form: PadronImportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    available = files.available()
    imports = SunatImport.objects.order_by("-started_at")
    context = {
        "page": Paginator(imports, 20).get_page(request.GET.get("page")),
        "files": available,
        "upload_form": upload_form or PadronUploadForm(),
        "import_form": import_form or PadronImportForm(names=[f.name for f in available]),
        # Taxpayers are never deleted from the mirror and the import is its only writer, so its
        # size is the sum of what the imports added (counting ten million rows per page view
        # would scan the table).
        "taxpayers": imports.filter(status=SunatImportStatus.DONE).aggregate(n=Sum("rows_new"))["n"]
        or 0,
        "running": imports.filter(status=SunatImportStatus.RUNNING).exists(),
    }
    return render(request, "parties/sunat/index.html", context, status=status)


@permission_required("parties.view_sunatimport")
def sunat_index(request: HttpRequest) -> HttpResponse:
    return _index(request)


@require_POST
@permission_required("parties.add_sunatimport")
def sunat_upload(request: HttpRequest) -> HttpResponse:
    form = PadronUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            path = files.save_upload(form.cleaned_data["file"], actor=request.user)
        except ValueError as exc:
            form.add_error("file", str(exc))
        else:
            if form.cleaned_data["start"]:
                files.start_import(path, actor=request.user)
                messages.success(request, _("Padrón subido; la importación está en cola."))
            else:
                messages.success(request, _("Padrón subido: %(name)s") % {"name": path.name})
            return redirect("parties:sunat_index")
    return _index(request, upload_form=form, status=400)


@require_POST
@permission_required("parties.add_sunatimport")
def sunat_start(request: HttpRequest) -> HttpResponse:
    form = PadronImportForm(request.POST, names=[f.name for f in files.available()])
    if form.is_valid():
        # The form's choices are the folder's files: the name is one of them.
        files.start_import(files.folder() / form.cleaned_data["name"], actor=request.user)
        messages.success(request, _("La importación está en cola."))
        return redirect("parties:sunat_index")
    return _index(request, import_form=form, status=400)


@permission_required("parties.view_sunatimport")
def sunat_import(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(SunatImport, pk=pk)
    changes = Paginator(run.changes.order_by("ruc"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "parties/sunat/detail.html",
        {"run": run, "changes": changes, "rejects": files.rejects_preview(run)},
    )


@permission_required("parties.view_sunatimport")
def sunat_progress(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(SunatImport, pk=pk)
    return render(request, "parties/sunat/_row.html", {"run": run})


@permission_required("parties.view_sunatimport")
def sunat_rejects(request: HttpRequest, pk: int) -> FileResponse:
    run = get_object_or_404(SunatImport, pk=pk)
    path = Path(run.rejects_path) if run.rejects_path else None
    if path is None or not path.is_file():
        raise Http404
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=f"rechazos-padron-{run.pk}.csv"
    )


@require_http_methods(["GET", "POST"])
@permission_required("parties.add_firm")
def sunat_promote(request: HttpRequest) -> HttpResponse:
    """Filter the mirror (GET: the filter is in the URL), preview, and POST to create the firms.

    The POST goes to the same URL, so the filter it runs is the one previewed."""
    form = PromoteFilterForm(request.GET or None)
    preview = None
    if form.is_bound and form.is_valid():
        preview = promote.preview(form.selection())
        if request.method == "POST":
            if preview.count and not preview.too_many:
                promote.start_promotion(form.selection(), count=preview.count, actor=request.user)
                messages.success(
                    request,
                    ngettext(
                        "Creación de %(count)s empresa en cola; el avance se muestra abajo.",
                        "Creación de %(count)s empresas en cola; el avance se muestra abajo.",
                        preview.count,
                    )
                    % {"count": preview.count},
                )
                url = reverse("parties:sunat_promote")
                return redirect(f"{url}?{request.GET.urlencode()}")
            messages.error(request, _("No se creó nada: revise el filtro."))
    context = {
        "form": form,
        "preview": preview,
        "jobs": promote.recent_jobs(),
        "limit": promote.MAX_TAXPAYERS,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "parties/sunat/promote.html", context, status=status)
