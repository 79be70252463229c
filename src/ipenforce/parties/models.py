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


# --- SUNAT register mirror (padrón reducido RUC) -------------------------------------------------
# Written only by the set-based loader in `ipenforce.parties.sunat` (raw SQL: COPY / executemany
# into a staging table, then one merge). See docs/sunat-import.md.


class SunatImportStatus(models.TextChoices):
    RUNNING = "running", _("en curso")
    DONE = "done", _("terminada")
    FAILED = "failed", _("fallida")
    INTERRUPTED = "interrupted", _("interrumpida")


class SunatImport(models.Model):
    """One run of `ipenforce parties import-sunat FILE`, with its counts."""

    file_name = models.CharField(_("archivo"), max_length=500)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    size_bytes = models.BigIntegerField(_("tamaño en bytes"), default=0)
    status = models.CharField(
        _("estado"),
        max_length=12,
        choices=SunatImportStatus.choices,
        default=SunatImportStatus.RUNNING,
    )
    started_at = models.DateTimeField(_("inicio"))
    finished_at = models.DateTimeField(_("fin"), null=True, blank=True)
    bytes_done = models.BigIntegerField(_("bytes leídos"), default=0)
    rows_read = models.PositiveIntegerField(_("filas leídas"), default=0)
    rows_new = models.PositiveIntegerField(_("nuevos"), default=0)
    rows_updated = models.PositiveIntegerField(_("actualizados"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("sin cambios"), default=0)
    rows_rejected = models.PositiveIntegerField(_("rechazados"), default=0)
    unknown_ubigeo = models.PositiveIntegerField(_("ubigeo desconocido"), default=0)
    firms_refreshed = models.PositiveIntegerField(_("empresas actualizadas"), default=0)
    rejects_path = models.CharField(_("archivo de rechazos"), max_length=500, blank=True)
    message = models.TextField(_("mensaje"), blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("importación del padrón SUNAT")
        verbose_name_plural = _("importaciones del padrón SUNAT")

    def __str__(self) -> str:
        return f"SUNAT {self.file_name} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self) -> int:
        """Share of the file read, 0–100 (what the progress bar shows)."""
        if self.status == SunatImportStatus.DONE:
            return 100
        return min(100, 100 * self.bytes_done // self.size_bytes) if self.size_bytes else 0

    @property
    def seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()

    @property
    def rows_per_second(self) -> int | None:
        seconds = self.seconds
        if not seconds or self.status != SunatImportStatus.DONE:
            return None
        return round(self.rows_read / seconds)

    def counts(self) -> dict[str, int]:
        return {
            "read": self.rows_read,
            "new": self.rows_new,
            "updated": self.rows_updated,
            "unchanged": self.rows_unchanged,
            "rejected": self.rows_rejected,
            "unknown_ubigeo": self.unknown_ubigeo,
            "firms_refreshed": self.firms_refreshed,
        }

    def summary(self) -> str:
        """The counts as the command prints them (`read=… new=…`), the same in any language."""
        return " ".join(f"{key}={value}" for key, value in self.counts().items())


class SunatTaxpayer(models.Model):
    """A taxpayer as the latest imported padrón reducido RUC describes it.

    Foreign keys carry no database constraint: the loader writes them set-based after checking
    them itself (`district` is set only for ubigeo codes present in core.District).
    """

    ruc = models.CharField("RUC", max_length=11, primary_key=True)
    name = models.CharField(_("nombre o razón social"), max_length=300)
    state = models.CharField(_("estado del contribuyente"), max_length=60)
    condition = models.CharField(_("condición de domicilio"), max_length=60)
    ubigeo = models.CharField(_("ubigeo"), max_length=6, blank=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("distrito"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    address = models.CharField(_("dirección"), max_length=500, blank=True)
    address_raw = models.CharField(
        _("dirección tal como la publica SUNAT"),
        max_length=600,
        blank=True,
        help_text=_(
            "Tipo de vía|nombre de vía|código de zona|tipo de zona|número|interior|lote|"
            "departamento|manzana|kilómetro, separados por «|»."
        ),
    )
    first_import = models.ForeignKey(
        SunatImport,
        verbose_name=_("primera importación"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    last_import = models.ForeignKey(
        SunatImport,
        verbose_name=_("última importación con cambios"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    # A 64-bit hash of the compared fields as last imported, so that a re-import can tell the
    # unchanged rows without sending them to the database. Only a filter: a row whose hash
    # differs (or is NULL) is still compared field by field in the merge.
    row_hash = models.BigIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("creado"))
    updated_at = models.DateTimeField(_("actualizado"))

    class Meta:
        ordering = ["ruc"]
        verbose_name = _("contribuyente SUNAT")
        verbose_name_plural = _("contribuyentes SUNAT")

    def __str__(self) -> str:
        return f"{self.ruc} {self.name}"


SUNAT_TRACKED_FIELDS = ("name", "state", "condition", "ubigeo", "address")


class SunatTaxpayerChange(models.Model):
    """A taxpayer's tracked fields before and after an import that changed them."""

    ruc = models.CharField("RUC", max_length=11, db_index=True)
    sunat_import = models.ForeignKey(
        SunatImport,
        verbose_name=_("importación"),
        on_delete=models.PROTECT,
        related_name="changes",
    )
    changed_at = models.DateTimeField(_("fecha"))
    name_before = models.CharField(max_length=300)
    name_after = models.CharField(max_length=300)
    state_before = models.CharField(max_length=60)
    state_after = models.CharField(max_length=60)
    condition_before = models.CharField(max_length=60)
    condition_after = models.CharField(max_length=60)
    ubigeo_before = models.CharField(max_length=6, blank=True)
    ubigeo_after = models.CharField(max_length=6, blank=True)
    address_before = models.CharField(max_length=500, blank=True)
    address_after = models.CharField(max_length=500, blank=True)
    address_raw_before = models.CharField(max_length=600, blank=True)
    address_raw_after = models.CharField(max_length=600, blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("cambio en el padrón SUNAT")
        verbose_name_plural = _("cambios en el padrón SUNAT")

    def __str__(self) -> str:
        return f"{self.ruc} {self.changed_at:%Y-%m-%d}"

    def field_changes(self) -> list[tuple[str, str, str]]:
        """(label, before, after) for each tracked field that changed."""
        labels = {
            "name": _("nombre o razón social"),
            "state": _("estado del contribuyente"),
            "condition": _("condición de domicilio"),
            "ubigeo": _("ubigeo"),
            "address": _("dirección"),
        }
        result = []
        for field in SUNAT_TRACKED_FIELDS:
            before = getattr(self, f"{field}_before")
            after = getattr(self, f"{field}_after")
            if before != after:
                result.append((str(labels[field]), before, after))
        if not result and self.address_raw_before != self.address_raw_after:
            result.append((str(labels["address"]), self.address_raw_before, self.address_raw_after))
        return result


from ipenforce.parties import models_lists  # noqa: E402, F401  (lists, review queue, merges)
