from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from ipenforce.core.permissions import permission_required
from ipenforce.core.ratelimits import over_limit
from ipenforce.documents import services
from ipenforce.documents.models import IssuedDocument


@permission_required("documents.view_issueddocument")
def download(request: HttpRequest, pk: int) -> FileResponse:
    doc = get_object_or_404(IssuedDocument, pk=pk)
    response = FileResponse(
        doc.file.open("rb"), content_type="application/pdf", filename=f"{doc.sha256[:12]}.pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{doc.sha256[:12]}.pdf"'
    response["X-Content-SHA256"] = doc.sha256
    return response


def verify(request: HttpRequest) -> HttpResponse:
    """Public: anyone holding a copy can check that the authority issued it."""
    digest = (request.POST.get("sha256") or request.GET.get("sha256") or "").strip()
    context: dict[str, object] = {"digest": digest}
    status = 200
    if digest:
        if request.method == "POST" and over_limit(request, group="verify-document"):
            context["error"] = _("Demasiadas consultas. Inténtelo más tarde.")
            status = 429
        else:
            context["document"] = services.verify(digest)
            context["checked"] = True
    return render(request, "documents/verify.html", context, status=status)
