"""Rows that are evidence (audit entries, saved fine calculations) are written once, never changed.

Subclasses set `immutable_message`; the queryset and the model both refuse updates and deletes.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models


class ImmutableQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError(getattr(self.model, "immutable_message", "immutable rows"))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError(getattr(self.model, "immutable_message", "immutable rows"))


class ImmutableModel(models.Model):
    immutable_message: ClassVar[str] = "immutable rows"

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError(self.immutable_message)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError(self.immutable_message)
