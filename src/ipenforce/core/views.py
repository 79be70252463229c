from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from ipenforce.core import selectors
from ipenforce.core.audit import history_for
from ipenforce.core.jobs import start_job
from ipenforce.core.permissions import permission_required
from ipenforce.core.ratelimits import over_limit
from ipenforce.core.tasks import demo_count


def home(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {}
    if request.user.is_authenticated:
        from ipenforce.parties.selectors import firm_counts

        context["firm_counts"] = firm_counts()
    return render(request, "core/home.html", context)


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if over_limit(request, group="login", rate=settings.LOGIN_RATE):
            form = self.get_form()
            form.errors.clear()
            form.add_error(
                None, _("Demasiados intentos de ingreso. Espere un minuto e inténtelo de nuevo.")
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


@permission_required("core.view_jobs")
def jobs(request: HttpRequest) -> HttpResponse:
    return render(request, "core/jobs.html", {"jobs": selectors.recent_jobs()})


@permission_required("core.view_jobs")
def job_status(request: HttpRequest, task_id: str) -> HttpResponse:
    job = selectors.job(task_id)
    if job is None:
        raise Http404
    return render(request, "core/_job_row.html", {"job": job})


@require_POST
@permission_required("core.view_jobs")
def start_demo_job(request: HttpRequest) -> HttpResponse:
    try:
        total = int(request.POST.get("total", "20"))
    except ValueError:
        total = 20
    start_job(
        demo_count,
        label=gettext_noop("Trabajo de demostración"),
        requested_by=request.user,
        total=total,
    )
    messages.success(request, _("Trabajo encolado. El proceso `ipenforce worker` lo ejecutará."))
    return redirect("core:jobs")


@permission_required("core.view_auditentry")
def audit(request: HttpRequest) -> HttpResponse:
    entries = selectors.audit_entries()
    action = request.GET.get("accion", "").strip()
    if action:
        entries = entries.filter(action__icontains=action)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit.html", {"page": page, "action": action})


@permission_required("core.view_auditentry")
def object_history(
    request: HttpRequest, app_label: str, model: str, object_id: str
) -> HttpResponse:
    try:
        ct = ContentType.objects.get(app_label=app_label, model=model)
    except ContentType.DoesNotExist:
        raise Http404 from None
    model_class = ct.model_class()
    if model_class is None:
        raise Http404
    obj = model_class._default_manager.filter(pk=object_id).first()
    if obj is None:
        raise Http404
    return render(request, "core/history.html", {"object": obj, "entries": history_for(obj)})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "core/profile.html", {"groups": request.user.groups.all()})
