from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from ipenforce.core.immutable import ImmutableModel, ImmutableQuerySet


class Department(models.Model):
    """Departamento (region) with its two-digit INEI ubigeo code."""

    code = models.CharField(_("código"), max_length=2, primary_key=True)
    name = models.CharField(_("nombre"), max_length=60)

    class Meta:
        ordering = ["name"]
        verbose_name = _("departamento")
        verbose_name_plural = _("departamentos")

    def __str__(self) -> str:
        return self.name


class Province(models.Model):
    code = models.CharField(_("código"), max_length=4, primary_key=True)
    name = models.CharField(_("nombre"), max_length=60)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="provinces")

    class Meta:
        ordering = ["name"]
        verbose_name = _("provincia")
        verbose_name_plural = _("provincias")

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """Distrito; `code` is the six-digit ubigeo used by SUNAT and INEI."""

    code = models.CharField(_("ubigeo"), max_length=6, primary_key=True)
    name = models.CharField(_("nombre"), max_length=80)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="districts")

    class Meta:
        ordering = ["name"]
        verbose_name = _("distrito")
        verbose_name_plural = _("distritos")

    def __str__(self) -> str:
        return f"{self.name} ({self.province.name}, {self.province.department.name})"

    @property
    def department_code(self) -> str:
        return self.code[:2]


class AuditEntry(ImmutableModel):
    """One state change: who, what, on which object, the fields before and after, and when.

    Append-only: the model refuses updates and deletes, and no page or admin allows them.
    """

    created_at = models.DateTimeField(_("fecha y hora"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("actor"), max_length=150)
    action = models.CharField(_("acción"), max_length=80, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, on_delete=models.SET_NULL)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("objeto"), max_length=250, blank=True)
    changes = models.JSONField(_("cambios"), default=dict, blank=True)
    note = models.TextField(_("nota"), blank=True)

    immutable_message = "audit entries are append-only"
    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("entrada de auditoría")
        verbose_name_plural = _("registro de auditoría")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"
        )


class JobProgress(models.Model):
    """Progress of a background job, keyed by the django-tasks result id."""

    task_id = models.CharField(max_length=64, unique=True)
    # The label and the message are Spanish msgids with their values (core.stored_text),
    # translated when shown: the reader may have chosen another language than the requester.
    label = models.CharField(_("trabajo"), max_length=200)
    label_params = models.JSONField(default=dict, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    message_params = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("progreso de trabajo")
        permissions = [("view_jobs", _("Puede ver los trabajos en segundo plano"))]

    def __str__(self) -> str:
        return f"{self.label} {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        if not self.total:
            return 0
        return min(100, round(100 * self.done / self.total))
