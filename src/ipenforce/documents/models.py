from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    LETTER = "letter", _("Carta")
    RESOLUTION = "resolution", _("Resolución")
    MEMO = "memo", _("Memoria de cálculo")
    REPORT = "report", _("Informe")
    OTHER = "other", _("Otro")


def _upload_to(instance: IssuedDocument, filename: str) -> str:
    return f"documents/{instance.sha256[:2]}/{instance.sha256}.pdf"


class IssuedDocument(models.Model):
    """A PDF the authority issued, stored with its SHA-256 so that any copy can be verified."""

    kind = models.CharField(_("tipo"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("título"), max_length=300)
    file = models.FileField(_("archivo"), upload_to=_upload_to, max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    size = models.PositiveIntegerField(_("tamaño en bytes"))
    pdf_standard = models.CharField(_("norma PDF"), max_length=10, blank=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    related = GenericForeignKey("content_type", "object_id")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("emitido"), auto_now_add=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("documento emitido")
        verbose_name_plural = _("documentos emitidos")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:download", args=[self.pk])
