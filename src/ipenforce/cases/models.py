"""Fine calculations saved by legal officers (DS 032-2021-PCM, engine in ``ipenforce.fines``).

A saved calculation is evidence for a resolution: it is never changed. A recalculation is a new
row (``version`` + 1) whose ``supersedes`` points at the previous one; the versions of one case
file (``case_reference``) form a single chain.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ipenforce.core.immutable import ImmutableModel, ImmutableQuerySet

IMMUTABLE = "fine calculations are immutable: save a new version instead"


class FineCalculationQuerySet(ImmutableQuerySet):
    def latest_versions(self) -> FineCalculationQuerySet:
        """Only the head of each chain (calculations no other version supersedes)."""
        return self.filter(superseded_by__isnull=True)


class FineCalculation(ImmutableModel):
    """One version of the fine calculation of a case file, with its inputs, result and memo."""

    case_reference = models.CharField(_("expediente"), max_length=100, db_index=True)
    firm = models.ForeignKey(
        "parties.Firm",
        verbose_name=_("empresa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fine_calculations",
    )
    body = models.CharField(_("órgano resolutivo"), max_length=40)
    method = models.CharField(_("método"), max_length=40)
    resolution_date = models.DateField(_("fecha de la resolución"))
    inputs = models.JSONField(_("datos del caso"))
    result = models.JSONField(_("resultado"))
    inputs_sha256 = models.CharField(_("huella SHA-256 de los datos"), max_length=64)
    fine_uit = models.DecimalField(_("multa (UIT)"), max_digits=14, decimal_places=2)
    fine_pen = models.DecimalField(_("multa referencial (S/)"), max_digits=16, decimal_places=2)
    engine_version = models.CharField(_("versión del motor"), max_length=20)
    version = models.PositiveIntegerField(_("versión"), default=1)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("reemplaza a"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    memo = models.ForeignKey(
        "documents.IssuedDocument",
        verbose_name=_("memoria de cálculo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("calculado por"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("fecha de cálculo"), default=timezone.now, editable=False)

    immutable_message = IMMUTABLE
    objects = FineCalculationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("cálculo de multa")
        verbose_name_plural = _("cálculos de multa")
        constraints = [
            models.UniqueConstraint(
                fields=["case_reference", "version"], name="cases_fine_one_version_per_case"
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="cases_fine_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_reference} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("cases:fine_detail", args=[self.pk])

    # Reasons given by the officer live inside ``inputs`` (the case JSON): these read them.
    @property
    def detection_reason(self) -> str:
        return str((self.inputs.get("ad_hoc") or {}).get("detection_reason") or "")

    @property
    def beta_reason(self) -> str:
        return str((self.inputs.get("ad_hoc") or {}).get("beta_reason") or "")

    def versions(self) -> models.QuerySet[FineCalculation]:
        """Every version of this case file's calculation, newest first."""
        return FineCalculation.objects.filter(case_reference=self.case_reference).order_by(
            "-version"
        )
