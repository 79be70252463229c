"""The HTTP API (django-ninja, OpenAPI at /api/docs). Each app contributes a router here."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="IP Enforce API",
    version="1",
    description=(
        "API de IP Enforce: los mismos servicios que las páginas. "
        "IP Enforce API: the same services as the pages."
    ),
    urls_namespace="api",
)


@api.get("/health", tags=["sistema"], summary="Estado del servicio / service health")
def health(request: object) -> dict[str, str]:
    return {"status": "ok"}


# App routers are registered below as the apps land, e.g.:
# api.add_router("/fines/", "ipenforce.cases.api.router")
api.add_router("/fines/", "ipenforce.cases.api.router")
