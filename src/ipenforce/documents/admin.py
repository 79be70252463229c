from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ipenforce.documents.models import IssuedDocument


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    list_display = ["issued_at", "kind", "title", "sha256"]
    search_fields = ["title", "sha256"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
