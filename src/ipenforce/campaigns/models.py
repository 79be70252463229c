"""Letter campaigns measured as trials: arms (letter wordings and a control group), targets,
dispatch, responses and the licence purchases that rights holders report."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ipenforce.core.stored_text import render, spanish, stored_text
from ipenforce.parties.models import Firm

# Reply codes avoid look-alike characters (0/O, 1/I/L) because people type them from paper.
REPLY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REPLY_CODE_LENGTH = 10


def new_reply_code() -> str:
    return "".join(secrets.choice(REPLY_CODE_ALPHABET) for _ in range(REPLY_CODE_LENGTH))


class Programme(models.TextChoices):
    SOFTWARE = "software", _("Uso legal de software en empresas")
    CABLE = "cable", _("Operadores de cable")
    BUS = "bus", _("Empresas y terminales de transporte")
    RESORTS = "resorts", _("Balnearios de verano")
    OTHER = "other", _("Otro")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Borrador")
    AWAITING_APPROVAL = "awaiting_approval", _("Pendiente de aprobación")
    APPROVED = "approved", _("Aprobada")
    SENDING = "sending", _("Enviando cartas")
    SENT = "sent", _("Cartas enviadas")
    CLOSED = "closed", _("Cerrada")


class CampaignSource(models.TextChoices):
    PLATFORM = "platform", _("Preparada en la plataforma")
    BUNDLE = "bundle", _("Importada de un paquete de archivos")


class Campaign(models.Model):
    name = models.CharField(_("nombre"), max_length=200, unique=True)
    programme = models.CharField(
        _("programa"), max_length=20, choices=Programme.choices, default=Programme.SOFTWARE
    )
    programme_name = models.CharField(
        _("grupo de campañas"),
        max_length=200,
        blank=True,
        help_text=_("Campañas de un mismo programa anual, por ejemplo «Campañas 2012»."),
    )
    description = models.TextField(_("descripción"), blank=True)
    status = models.CharField(
        _("estado"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    source = models.CharField(
        _("origen"), max_length=10, choices=CampaignSource.choices, default=CampaignSource.PLATFORM
    )
    start_date = models.DateField(_("inicio"))
    outcome_window_days = models.PositiveIntegerField(
        _("ventana de resultados (días)"), default=180
    )
    avg_pcs_per_firm = models.DecimalField(
        _("computadoras por empresa (supuesto)"), max_digits=8, decimal_places=2, default=8
    )
    avg_licence_value_usd = models.DecimalField(
        _("valor medio de licencia por computadora, US$ (supuesto)"),
        max_digits=12,
        decimal_places=2,
        default=0,
    )
    assumptions_note = models.TextField(_("fuente de los supuestos"), blank=True)
    stated = models.JSONField(_("cifras declaradas por una fuente"), default=dict, blank=True)
    programme_stated = models.JSONField(default=dict, blank=True)
    control_share = models.DecimalField(
        _("proporción del grupo de control"), max_digits=4, decimal_places=3, default="0.200"
    )
    assignment_seed = models.BigIntegerField(_("semilla de asignación"), null=True, blank=True)
    assignment_record = models.JSONField(default=dict, blank=True)
    target_filters = models.JSONField(default=dict, blank=True)
    bundle_fingerprint = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("campaña")
        verbose_name_plural = _("campañas")
        permissions = [
            ("approve_campaign", _("Puede aprobar campañas antes del envío")),
            ("view_impact_report", _("Puede ver el informe de impacto")),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaigns:detail", args=[self.pk])


class Arm(models.Model):
    """A letter wording, or the control group that gets no letter."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="arms")
    name = models.CharField(_("nombre"), max_length=60)
    is_control = models.BooleanField(_("grupo de control"), default=False)
    label = models.CharField(_("descripción"), max_length=200, blank=True)
    letter_subject = models.CharField(_("asunto de la carta"), max_length=300, blank=True)
    letter_body = models.TextField(_("texto de la carta"), blank=True)

    class Meta:
        ordering = ["is_control", "name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="campaign_arm_unique_name")
        ]
        verbose_name = _("brazo")
        verbose_name_plural = _("brazos")

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    """A firm chosen for a campaign, assigned to one arm (intention to treat)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    arm = models.ForeignKey(Arm, on_delete=models.PROTECT, related_name="targets")
    firm = models.ForeignKey(
        Firm, null=True, blank=True, on_delete=models.PROTECT, related_name="campaign_targets"
    )
    target_id = models.CharField(_("identificador"), max_length=64)
    name = models.CharField(_("razón social"), max_length=250)
    ruc = models.CharField("RUC", max_length=11, blank=True, db_index=True)
    address = models.CharField(_("dirección"), max_length=300, blank=True)
    district = models.CharField(_("distrito"), max_length=100, blank=True)
    department = models.CharField(_("departamento"), max_length=100, blank=True)
    size = models.CharField(_("tamaño"), max_length=20, blank=True)
    email = models.EmailField(_("correo electrónico"), blank=True)
    reply_code = models.CharField(
        _("código de respuesta"), max_length=16, unique=True, default=new_reply_code
    )

    class Meta:
        ordering = ["campaign", "target_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "target_id"], name="campaign_target_unique_id"
            ),
            models.UniqueConstraint(
                fields=["campaign", "firm"],
                condition=models.Q(firm__isnull=False),
                name="campaign_target_unique_firm",
            ),
        ]
        verbose_name = _("empresa objetivo")
        verbose_name_plural = _("empresas objetivo")

    def __str__(self) -> str:
        return f"{self.target_id} {self.name}"


class DispatchChannel(models.TextChoices):
    POST = "post", _("Correo postal")
    EMAIL = "email", _("Correo electrónico")


class DispatchStatus(models.TextChoices):
    PENDING = "pending", _("Pendiente")
    DELIVERED = "delivered", _("Entregada")
    RETURNED = "returned", _("Devuelta")


class Dispatch(models.Model):
    """One letter sent to a target (a target may get a reminder: several rows)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="dispatches")
    sent_on = models.DateField(_("enviada el"))
    channel = models.CharField(_("canal"), max_length=10, choices=DispatchChannel.choices)
    status = models.CharField(
        _("estado"), max_length=10, choices=DispatchStatus.choices, default=DispatchStatus.PENDING
    )
    document = models.ForeignKey(
        "documents.IssuedDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The note is either a Spanish msgid written by the platform, with its values in
    # `status_note_params` (core.stored_text: translated when shown), or, when the params are
    # null, text as a person typed it (and every note written before the params existed).
    status_note = models.CharField(_("detalle del estado"), max_length=300, blank=True)
    status_note_params = models.JSONField(null=True, blank=True, default=None)
    # When the mail server accepted the letter (e-mail channel). A pending e-mail letter without
    # it is sent by the letter batch; the note is only for people to read.
    emailed_at = models.DateTimeField(_("enviada por correo electrónico el"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sent_on", "id"]
        verbose_name = _("envío")
        verbose_name_plural = _("envíos")

    def __str__(self) -> str:
        return f"{self.target_id} {self.sent_on} {self.channel} {self.status}"

    @staticmethod
    def note_fields(note: str | dict[str, Any]) -> dict[str, Any]:
        """The field values that store `note`: stored text (a msgid and its values) or text a
        person typed."""
        if isinstance(note, dict):
            return {"status_note": note["msgid"], "status_note_params": dict(note["params"])}
        return {"status_note": note[:300], "status_note_params": None}

    @property
    def status_note_text(self) -> str | dict[str, Any]:
        if self.status_note_params is None:
            return self.status_note
        return stored_text(self.status_note, **self.status_note_params)

    def get_status_note_display(self) -> str:
        """The note in the reader's language (typed notes as they were typed)."""
        return render(self.status_note_text)

    def status_note_spanish(self) -> str:
        """The note in Spanish, for the audit trail and exports."""
        return spanish(self.status_note_text)


class ResponseKind(models.TextChoices):
    REPLY = "reply", _("Respuesta")
    SELF_AUDIT = "self_audit", _("Autoauditoría de software")
    LICENCE_PROOF = "licence_proof", _("Prueba de licencias")
    DISPUTE = "dispute", _("Discrepancia")
    OTHER = "other", _("Otra")


class ResponseChannel(models.TextChoices):
    ONLINE = "online", _("En línea, con el código de respuesta")
    POST = "post", _("Por correo postal, registrada por el personal")
    EMAIL = "email", _("Por correo electrónico")
    BUNDLE = "bundle", _("Importada")


class Response(models.Model):
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="responses")
    responded_on = models.DateField(_("fecha de respuesta"))
    kind = models.CharField(_("tipo"), max_length=20, choices=ResponseKind.choices)
    channel = models.CharField(
        _("vía"), max_length=10, choices=ResponseChannel.choices, default=ResponseChannel.BUNDLE
    )
    message = models.TextField(_("mensaje"), blank=True)
    inventory = models.JSONField(_("inventario de software"), default=list, blank=True)
    attachment = models.FileField(_("adjunto"), upload_to="responses/%Y/%m/", blank=True)
    contact_name = models.CharField(_("persona de contacto"), max_length=200, blank=True)
    contact_email = models.EmailField(_("correo de contacto"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["responded_on", "id"]
        verbose_name = _("respuesta")
        verbose_name_plural = _("respuestas")

    def __str__(self) -> str:
        return f"{self.target_id} {self.responded_on} {self.kind}"


class LicenceReport(models.Model):
    """A file of licence sales that a rights holder reported (one upload or one bundle file)."""

    rights_holder = models.CharField(_("titular de derechos"), max_length=200)
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.CASCADE, related_name="licence_reports"
    )
    file_name = models.CharField(_("archivo"), max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("reporte de licencias")
        verbose_name_plural = _("reportes de licencias")

    def __str__(self) -> str:
        return f"{self.rights_holder} {self.file_name}"


class LinkMethod(models.TextChoices):
    RUC = "ruc", _("Por RUC")
    MATCHING = "matching", _("Por cruce probabilístico")
    MANUAL = "manual", _("Manual")
    NONE = "none", _("Sin vincular")


class LicencePurchase(models.Model):
    """A licence purchase as the rights holder reported it, linked (or not) to a target."""

    report = models.ForeignKey(LicenceReport, on_delete=models.CASCADE, related_name="purchases")
    line = models.PositiveIntegerField(_("línea"))
    rights_holder = models.CharField(_("titular de derechos"), max_length=200)
    ruc = models.CharField("RUC", max_length=11, blank=True, db_index=True)
    name = models.CharField(_("razón social"), max_length=250)
    address = models.CharField(_("dirección"), max_length=300, blank=True)
    district = models.CharField(_("distrito"), max_length=100, blank=True)
    department = models.CharField(_("departamento"), max_length=100, blank=True)
    purchased_on = models.DateField(_("fecha de compra"))
    seats = models.PositiveIntegerField(_("licencias (puestos)"))
    amount_usd = models.DecimalField(_("monto US$"), max_digits=14, decimal_places=2)
    target = models.ForeignKey(
        Target, null=True, blank=True, on_delete=models.SET_NULL, related_name="purchases"
    )
    firm = models.ForeignKey(
        Firm, null=True, blank=True, on_delete=models.SET_NULL, related_name="licence_purchases"
    )
    link_method = models.CharField(
        _("vinculación"), max_length=10, choices=LinkMethod.choices, default=LinkMethod.NONE
    )
    link_score = models.FloatField(_("probabilidad de coincidencia"), null=True, blank=True)

    class Meta:
        ordering = ["report", "line"]
        constraints = [
            models.UniqueConstraint(fields=["report", "line"], name="licence_purchase_unique_line")
        ]
        verbose_name = _("compra de licencias")
        verbose_name_plural = _("compras de licencias")

    def __str__(self) -> str:
        return f"{self.name} {self.purchased_on} {self.seats}"
