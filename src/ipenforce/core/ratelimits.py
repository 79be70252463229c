"""Rate limits for the login form and public forms (django-ratelimit, keyed by client IP)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited


def over_limit(request: HttpRequest, *, group: str, rate: str | None = None) -> bool:
    """Count this POST against `group` and say whether the client is over the limit."""
    if not settings.RATELIMIT_ENABLE:
        return False
    return bool(
        is_ratelimited(
            request,
            group=group,
            key="ip",
            rate=rate or settings.PUBLIC_FORM_RATE,
            method="POST",
            increment=True,
        )
    )
