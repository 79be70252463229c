"""Public pages where a firm answers its letter with the reply code: no login, rate-limited,
Spanish first. The code is the only key: a wrong code reveals nothing."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ipenforce.campaigns import forms
from ipenforce.campaigns.models import ResponseChannel
from ipenforce.campaigns.services import operations as ops
from ipenforce.core.ratelimits import over_limit

GROUP = "public-reply"


def _too_many(request: HttpRequest, form: object) -> HttpResponse:
    return render(
        request,
        "campaigns/public_start.html",
        {
            "form": form,
            "error": _("Demasiados intentos desde su conexión. Inténtelo de nuevo más tarde."),
        },
        status=429,
    )


@never_cache
def start(request: HttpRequest) -> HttpResponse:
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST":
        if over_limit(request, group=GROUP):
            return _too_many(request, form)
        if form.is_valid():
            target = ops.target_for_code(form.cleaned_data["code"])
            if target is not None:
                return redirect("public_reply:reply", target.reply_code)
            form.add_error(
                "code", _("No encontramos ese código. Revise la carta e inténtelo de nuevo.")
            )
    return render(request, "campaigns/public_start.html", {"form": form})


@never_cache
def reply(request: HttpRequest, code: str) -> HttpResponse:
    target = ops.target_for_code(code)
    if target is None:
        return render(
            request,
            "campaigns/public_start.html",
            {"form": forms.CodeForm(), "error": _("No encontramos ese código.")},
            status=404,
        )
    form = forms.ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if over_limit(request, group=GROUP):
            return _too_many(request, forms.CodeForm())
        if form.is_valid():
            response = ops.record_response(
                target,
                kind=form.cleaned_data["kind"],
                channel=ResponseChannel.ONLINE,
                actor=f"en línea ({target.reply_code})",
                message=form.cleaned_data["message"],
                inventory=form.inventory(),
                attachment=form.cleaned_data["attachment"],
                contact_name=form.cleaned_data["contact_name"],
                contact_email=form.cleaned_data["contact_email"],
            )
            return render(
                request,
                "campaigns/public_done.html",
                {"target": target, "response": response},
            )
    return render(request, "campaigns/public_reply.html", {"target": target, "form": form})
