"""Rights holders' lists, the source records behind every firm, the review queue and merges.

Imported by name at the bottom of `parties/models.py`. The flow and its rules are described in
docs/list-import.md; state changes go through `parties.lists.services` and `parties.merging`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

#: Fields a list column can be mapped to (`name` is required).
LIST_FIELDS: tuple[tuple[str, Any], ...] = (
    ("name", _("Razón social o nombre")),
    ("ruc", _("RUC")),
    ("address", _("Dirección")),
    ("district", _("Distrito o ubigeo")),
    ("department", _("Departamento")),
    ("trade_name", _("Nombre comercial")),
    ("email", _("Correo electrónico")),
    ("phone", _("Teléfono")),
)


class RightsHolder(models.Model):
    """A rights holder (software publisher, collecting society …) that sends customer lists."""

    name = models.CharField(_("nombre"), max_length=200, unique=True)
    column_mapping = models.JSONField(
        _("columnas recordadas"),
        default=dict,
        blank=True,
        help_text=_("Campo → encabezado de columna de la última lista cargada."),
    )
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("usuarios del titular"),
        blank=True,
        related_name="rights_holders",
    )
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("titular de derechos")
        verbose_name_plural = _("titulares de derechos")

    def __str__(self) -> str:
        return self.name


class ListImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Cargada: falta asignar columnas")
    VALIDATED = "validated", _("Revisada: lista para cruzar")
    MATCHING = "matching", _("Cruzando con empresas registradas")
    MATCHED = "matched", _("Cruzada: lista para confirmar")
    COMMITTED = "committed", _("Confirmada")
    FAILED = "failed", _("Falló")


class ListImport(models.Model):
    """One uploaded file of one rights holder. The same file (SHA-256) is accepted only once."""

    rights_holder = models.ForeignKey(
        RightsHolder,
        verbose_name=_("titular de derechos"),
        on_delete=models.PROTECT,
        related_name="imports",
    )
    file_name = models.CharField(_("archivo"), max_length=255)
    file_format = models.CharField(_("formato"), max_length=4)  # csv | xlsx
    sha256 = models.CharField("SHA-256", max_length=64)
    data = models.BinaryField(_("contenido"))
    headers = models.JSONField(_("encabezados"), default=list)
    mapping = models.JSONField(_("columnas"), default=dict, blank=True)
    status = models.CharField(
        _("estado"),
        max_length=10,
        choices=ListImportStatus.choices,
        default=ListImportStatus.UPLOADED,
    )
    task_id = models.CharField(_("trabajo"), max_length=64, blank=True)
    message = models.TextField(_("mensaje"), blank=True)
    row_count = models.PositiveIntegerField(_("filas"), default=0)
    error_count = models.PositiveIntegerField(_("filas con errores"), default=0)
    counts = models.JSONField(_("resultado"), default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cargada por"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("cargada"), auto_now_add=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmada por"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    committed_at = models.DateTimeField(_("confirmada"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("lista de titular")
        verbose_name_plural = _("listas de titulares")
        constraints = [
            models.UniqueConstraint(
                fields=["rights_holder", "sha256"], name="list_import_unique_file"
            )
        ]
        permissions = [
            ("commit_listimport", _("Puede confirmar listas de titulares")),
            ("view_all_listimport", _("Puede ver las listas de todos los titulares")),
        ]

    def __str__(self) -> str:
        return f"{self.rights_holder} — {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("parties:list_import", args=[self.pk])


class RowOutcome(models.TextChoices):
    PENDING = "pending", _("Sin cruzar")
    INVALID = "invalid", _("Con errores: no se importa")
    DUPLICATE = "duplicate", _("Ya importada")
    LINKED = "linked", _("Coincide con una empresa")
    UNCERTAIN = "uncertain", _("Dudosa: a revisión")
    NEW = "new", _("Empresa nueva")


class ListRow(models.Model):
    """One data row of an uploaded list, as mapped and validated, with its matching outcome."""

    list_import = models.ForeignKey(ListImport, on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField(_("línea"))
    raw = models.JSONField(_("datos originales"), default=dict)
    name = models.CharField(_("razón social"), max_length=300, blank=True)
    ruc = models.CharField("RUC", max_length=20, blank=True)
    address = models.CharField(_("dirección"), max_length=300, blank=True)
    district = models.CharField(_("distrito"), max_length=100, blank=True)
    district_code = models.CharField(_("ubigeo"), max_length=6, blank=True)
    department = models.CharField(_("departamento"), max_length=100, blank=True)
    trade_name = models.CharField(_("nombre comercial"), max_length=300, blank=True)
    email = models.CharField(_("correo electrónico"), max_length=254, blank=True)
    phone = models.CharField(_("teléfono"), max_length=40, blank=True)
    errors = models.JSONField(_("problemas"), default=list, blank=True)
    row_key = models.CharField(max_length=64)
    outcome = models.CharField(
        _("resultado"), max_length=10, choices=RowOutcome.choices, default=RowOutcome.PENDING
    )
    firm = models.ForeignKey(
        "parties.Firm", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    match_probability = models.FloatField(_("probabilidad"), null=True, blank=True)
    new_group = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["list_import", "line"]
        verbose_name = _("fila de lista")
        verbose_name_plural = _("filas de listas")
        constraints = [
            models.UniqueConstraint(fields=["list_import", "line"], name="list_row_unique_line")
        ]

    def __str__(self) -> str:
        return f"{self.list_import_id}:{self.line} {self.name}"

    @property
    def blocking_errors(self) -> list[dict[str, Any]]:
        return [e for e in self.errors if e.get("severity") == "error"]


class SourceOrigin(models.TextChoices):
    RIGHTS_HOLDER_LIST = "rh_list", _("Lista de titular de derechos")
    SUNAT = "sunat", _("Padrón SUNAT")
    LICENCE_REPORT = "licence", _("Reporte de licencias")
    MANUAL = "manual", _("Registro manual")


class SourceLinkMethod(models.TextChoices):
    RUC = "ruc", _("Por RUC")
    MATCHING = "matching", _("Por cruce probabilístico")
    REVIEW = "review", _("Aceptada en revisión")
    CREATED = "created", _("Empresa nueva")
    PENDING = "pending", _("Pendiente de revisión")
    MANUAL = "manual", _("Manual")


class SourceRecord(models.Model):
    """A firm as one source described it, kept for ever and linked to the firm it is."""

    firm = models.ForeignKey(
        "parties.Firm",
        verbose_name=_("empresa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="source_records",
    )
    origin = models.CharField(_("origen"), max_length=10, choices=SourceOrigin.choices)
    rights_holder = models.ForeignKey(
        RightsHolder,
        verbose_name=_("titular de derechos"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="source_records",
    )
    list_import = models.ForeignKey(
        ListImport,
        verbose_name=_("lista"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="source_records",
    )
    line = models.PositiveIntegerField(_("línea"), null=True, blank=True)
    reference = models.CharField(_("referencia"), max_length=200, blank=True)
    name = models.CharField(_("razón social"), max_length=300)
    ruc = models.CharField("RUC", max_length=20, blank=True)
    address = models.CharField(_("dirección"), max_length=300, blank=True)
    district = models.CharField(_("distrito"), max_length=100, blank=True)
    department = models.CharField(_("departamento"), max_length=100, blank=True)
    trade_name = models.CharField(_("nombre comercial"), max_length=300, blank=True)
    email = models.CharField(_("correo electrónico"), max_length=254, blank=True)
    phone = models.CharField(_("teléfono"), max_length=40, blank=True)
    raw = models.JSONField(_("datos originales"), default=dict, blank=True)
    row_key = models.CharField(max_length=64, blank=True)
    link_method = models.CharField(
        _("vinculación"), max_length=10, choices=SourceLinkMethod.choices
    )
    match_probability = models.FloatField(_("probabilidad"), null=True, blank=True)
    created_at = models.DateTimeField(_("registrado"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("registro de origen")
        verbose_name_plural = _("registros de origen")
        constraints = [
            models.UniqueConstraint(
                fields=["origin", "rights_holder", "row_key"],
                condition=~models.Q(row_key=""),
                name="source_record_unique_row",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_origin_display()}: {self.name}"


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Pendiente")
    ACCEPTED = "accepted", _("Aceptada: misma empresa")
    REJECTED = "rejected", _("Rechazada: empresa nueva")


class ReviewItem(models.Model):
    """An uncertain pair from a list: a person decides whether the row is the candidate firm."""

    row = models.OneToOneField(ListRow, on_delete=models.CASCADE, related_name="review")
    source_record = models.OneToOneField(
        SourceRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="review"
    )
    candidates = models.JSONField(_("candidatas"), default=list)
    best_firm = models.ForeignKey(
        "parties.Firm",
        verbose_name=_("empresa candidata"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    match_probability = models.FloatField(_("probabilidad"), null=True, blank=True)
    status = models.CharField(
        _("decisión"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    chosen_firm = models.ForeignKey(
        "parties.Firm",
        verbose_name=_("empresa elegida"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decidida"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "-match_probability", "id"]
        verbose_name = _("par dudoso en revisión")
        verbose_name_plural = _("cola de revisión")

    def __str__(self) -> str:
        return f"{self.row} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("parties:review_item", args=[self.pk])


class FirmMerge(models.Model):
    """Firm `merged` was merged into `survivor`; `moved` lists exactly what moved, for a split."""

    survivor = models.ForeignKey(
        "parties.Firm",
        verbose_name=_("empresa que queda"),
        on_delete=models.PROTECT,
        related_name="merges_received",
    )
    merged = models.ForeignKey(
        "parties.Firm",
        verbose_name=_("empresa fusionada"),
        on_delete=models.PROTECT,
        related_name="merges_given",
    )
    moved = models.JSONField(_("registros trasladados"), default=dict)
    kept = models.JSONField(_("registros que no se trasladaron"), default=dict, blank=True)
    reason = models.TextField(_("motivo"), blank=True)
    forced = models.BooleanField(_("forzada pese a RUC distintos"), default=False)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(_("fusionada"), auto_now_add=True)
    split_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    split_at = models.DateTimeField(_("separada"), null=True, blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]
        verbose_name = _("fusión de empresas")
        verbose_name_plural = _("fusiones de empresas")

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.survivor_id}"

    def get_absolute_url(self) -> str:
        return reverse("parties:merge_detail", args=[self.pk])

    @property
    def active(self) -> bool:
        return self.split_at is None

    def moved_counts(self) -> list[tuple[str, int]]:
        return [(label, len(ids)) for label, ids in self.moved.items()]
