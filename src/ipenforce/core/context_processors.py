from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (url name, label, permission needed or None for any signed-in staff user)
NAVIGATION: list[tuple[str, Any, str | None]] = [
    ("parties:firm_list", _("Empresas"), "parties.view_firm"),
    ("parties:list_imports", _("Listas"), "parties.view_listimport"),
    ("parties:sunat_index", _("Padrón SUNAT"), "parties.view_sunatimport"),
    ("campaigns:list", _("Campañas"), "campaigns.view_campaign"),
    ("cases:fine_list", _("Multas"), "cases.view_finecalculation"),
    ("core:jobs", _("Trabajos"), "core.view_jobs"),
    ("core:audit", _("Auditoría"), "core.view_auditentry"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        for url_name, label, perm in NAVIGATION:
            if perm and not user.has_perm(perm):
                continue
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            items.append({"url": url, "label": label, "active": request.path.startswith(url)})
    return {"nav_items": items}
