from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ipenforce.core.models import District
from ipenforce.parties.validators import validate_ruc


class FirmSize(models.TextChoices):
    MICRO = "micro", _("Microempresa")
    SMALL = "small", _("Pequeña empresa")
    MEDIUM = "medium", _("Mediana empresa")
    LARGE = "large", _("Gran empresa")
    UNKNOWN = "unknown", _("Sin clasificar")


class Firm(models.Model):
    """One record per firm, shared by letters, the registry, inspections, cases and outreach."""

    ruc = models.CharField(
        "RUC", max_length=11, unique=True, null=True, blank=True, validators=[validate_ruc]
    )
    legal_name = models.CharField(_("razón social"), max_length=250, db_index=True)
    trade_name = models.CharField(_("nombre comercial"), max_length=250, blank=True)
    address = models.CharField(_("dirección"), max_length=300, blank=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("distrito"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="firms",
    )
    size = models.CharField(
        _("tamaño"), max_length=10, choices=FirmSize.choices, default=FirmSize.UNKNOWN
    )
    sunat_state = models.CharField(_("estado del contribuyente"), max_length=40, blank=True)
    sunat_condition = models.CharField(_("condición de domicilio"), max_length=40, blank=True)
    email = models.EmailField(_("correo electrónico"), blank=True)
    phone = models.CharField(_("teléfono"), max_length=40, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("fusionada en"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_firms",
    )
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    class Meta:
        ordering = ["legal_name"]
        verbose_name = _("empresa")
        verbose_name_plural = _("empresas")

    def __str__(self) -> str:
        return f"{self.legal_name} ({self.ruc})" if self.ruc else self.legal_name

    def get_absolute_url(self) -> str:
        return reverse("parties:firm_detail", args=[self.pk])

    @property
    def department_name(self) -> str:
        return self.district.province.department.name if self.district else ""
