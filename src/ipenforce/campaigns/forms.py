"""Forms of the campaign-operations pages and of the public reply pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ipenforce.campaigns.models import Campaign, DispatchStatus, ResponseKind
from ipenforce.campaigns.targeting import TargetFilters, sunat_states
from ipenforce.core.models import Department, Province
from ipenforce.parties.models import FirmSize

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_CSV_BYTES = 20 * 1024 * 1024
PROOF_TYPES = {  # extension -> magic bytes
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "name",
            "programme",
            "programme_name",
            "description",
            "start_date",
            "outcome_window_days",
            "avg_pcs_per_firm",
            "avg_licence_value_usd",
            "assumptions_note",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "assumptions_note": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"start_date": _("Inicio del periodo (envío de cartas)")}
        help_texts = {
            "outcome_window_days": _(
                "Días desde el inicio en los que se cuentan respuestas y licencias."
            ),
            "avg_pcs_per_firm": _(
                "Supuesto para estimar puestos licenciados; se muestra donde se usa."
            ),
        }


class TargetFilterForm(forms.Form):
    departments = forms.ModelMultipleChoiceField(
        label=_("Departamentos"), queryset=Department.objects.all(), required=False
    )
    provinces = forms.ModelMultipleChoiceField(
        label=_("Provincias"),
        queryset=Province.objects.select_related("department"),
        required=False,
    )
    sizes = forms.MultipleChoiceField(label=_("Tamaño"), choices=FirmSize.choices, required=False)
    sunat_states = forms.MultipleChoiceField(
        label=_("Estado del contribuyente (SUNAT)"), choices=(), required=False
    )
    text = forms.CharField(label=_("RUC o nombre contiene"), required=False, max_length=100)
    exclude_licensed = forms.BooleanField(
        label=_("Excluir empresas que ya compraron licencias"), required=False, initial=True
    )
    exclude_open_cases = forms.BooleanField(
        label=_("Excluir empresas con un caso abierto"), required=False, initial=True
    )
    contacted_from = forms.DateField(
        label=_("Excluir empresas contactadas desde"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    contacted_to = forms.DateField(
        label=_("hasta"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    limit = forms.IntegerField(
        label=_("Como máximo (muestra aleatoria reproducible)"),
        required=False,
        min_value=1,
        max_value=1_000_000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sunat_states"].choices = [(s, s) for s in sunat_states()]  # type: ignore[attr-defined]

    def filters(self) -> TargetFilters:
        data = self.cleaned_data
        return TargetFilters(
            departments=tuple(d.code for d in data["departments"]),
            provinces=tuple(p.code for p in data["provinces"]),
            sizes=tuple(data["sizes"]),
            sunat_states=tuple(data["sunat_states"]),
            text=data["text"],
            exclude_licensed=data["exclude_licensed"],
            exclude_open_cases=data["exclude_open_cases"],
            contacted_from=data["contacted_from"],
            contacted_to=data["contacted_to"],
        )


class ArmsForm(forms.Form):
    letter_arms = forms.CharField(
        label=_("Brazos con carta"),
        max_length=300,
        help_text=_(
            "Separados por comas: «letter» o «letter_<texto>», p. ej. letter, letter_disuasiva."
        ),
    )
    control_share = forms.DecimalField(
        label=_("Proporción del grupo de control"),
        min_value=Decimal("0"),
        max_value=Decimal("0.9"),
        decimal_places=3,
        help_text=_("Entre 0 y 0,9; por defecto 0,2 (20 %)."),
    )
    seed = forms.IntegerField(
        label=_("Semilla"),
        required=False,
        min_value=0,
        max_value=2**63 - 1,
        help_text=_("Vacía: se sortea una nueva. La misma semilla repite la misma asignación."),
    )

    def arm_names(self) -> list[str]:
        return [n.strip() for n in self.cleaned_data["letter_arms"].split(",") if n.strip()]


class BaselineForm(forms.Form):
    baseline = forms.DecimalField(
        label=_("Tasa de licenciamiento esperada sin carta (%)"),
        min_value=Decimal("0"),
        max_value=Decimal("99"),
        decimal_places=2,
        initial=Decimal("10"),
        required=False,
    )


class LetterForm(forms.Form):
    letter_subject = forms.CharField(label=_("Asunto"), max_length=300, required=False)
    letter_body = forms.CharField(
        label=_("Texto de la carta"),
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "true"}),
        max_length=20_000,
    )


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Observaciones"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CsvUploadForm(forms.Form):
    file = forms.FileField(label=_("Archivo CSV"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise ValidationError(_("El archivo supera los 20 MB."))
        return upload


class LicenceUploadForm(CsvUploadForm):
    campaign = forms.ModelChoiceField(label=_("Campaña"), queryset=Campaign.objects.none())

    def __init__(self, *args: Any, campaigns: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
        self.order_fields(["campaign", "file"])


class DispatchStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Estado"), choices=DispatchStatus.choices)
    note = forms.CharField(label=_("Detalle"), required=False, max_length=300)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Código de respuesta"),
        max_length=20,
        help_text=_("Figura al pie de la carta que recibió, p. ej. ABCDE23456."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


PUBLIC_KINDS = [
    (ResponseKind.REPLY, _("Responder a la carta")),
    (ResponseKind.SELF_AUDIT, _("Enviar una autoauditoría de software")),
    (ResponseKind.LICENCE_PROOF, _("Adjuntar pruebas de licencias")),
    (ResponseKind.DISPUTE, _("Indicar una discrepancia (la carta no corresponde)")),
]
INVENTORY_ROWS = 8


def check_proof(upload: Any) -> Any:
    name = (upload.name or "").lower()
    ext = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if ext not in PROOF_TYPES:
        raise ValidationError(_("Solo se aceptan archivos PDF, JPG o PNG."))
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("El archivo supera los 5 MB."))
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in PROOF_TYPES[ext]):
        raise ValidationError(_("El contenido del archivo no es un PDF, JPG o PNG válido."))
    return upload


class ReplyForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("¿Qué desea hacer?"), choices=PUBLIC_KINDS, widget=forms.RadioSelect
    )
    message = forms.CharField(
        label=_("Mensaje"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    contact_name = forms.CharField(label=_("Persona de contacto"), max_length=200)
    contact_email = forms.EmailField(label=_("Correo electrónico de contacto"))
    attachment = forms.FileField(
        label=_("Prueba de licencias (PDF, JPG o PNG, hasta 5 MB)"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(INVENTORY_ROWS):
            self.fields[f"inv_{i}_product"] = forms.CharField(
                label=_("Programa, fila %(n)s") % {"n": i + 1}, required=False, max_length=200
            )
            self.fields[f"inv_{i}_version"] = forms.CharField(
                label=_("Versión, fila %(n)s") % {"n": i + 1}, required=False, max_length=100
            )
            self.fields[f"inv_{i}_installed"] = forms.IntegerField(
                label=_("Instalaciones, fila %(n)s") % {"n": i + 1},
                required=False,
                min_value=0,
                max_value=100_000,
            )
            self.fields[f"inv_{i}_licensed"] = forms.IntegerField(
                label=_("Licencias, fila %(n)s") % {"n": i + 1},
                required=False,
                min_value=0,
                max_value=100_000,
            )

    def inventory_rows(self) -> list[list[Any]]:
        return [
            [self[f"inv_{i}_{col}"] for col in ("product", "version", "installed", "licensed")]
            for i in range(INVENTORY_ROWS)
        ]

    def inventory(self) -> list[dict[str, Any]]:
        rows = []
        for i in range(INVENTORY_ROWS):
            product = self.cleaned_data.get(f"inv_{i}_product") or ""
            if product.strip():
                rows.append(
                    {
                        "product": product,
                        "version": self.cleaned_data.get(f"inv_{i}_version") or "",
                        "installed": self.cleaned_data.get(f"inv_{i}_installed") or 0,
                        "licensed": self.cleaned_data.get(f"inv_{i}_licensed") or 0,
                    }
                )
        return rows

    def clean_attachment(self) -> Any:
        upload = self.cleaned_data.get("attachment")
        return check_proof(upload) if upload else upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind in (ResponseKind.REPLY, ResponseKind.DISPUTE) and not data.get("message"):
            self.add_error("message", _("Escriba su mensaje."))
        if kind == ResponseKind.SELF_AUDIT and not self.inventory():
            self.add_error(None, _("Indique al menos un programa en el inventario."))
        if kind == ResponseKind.LICENCE_PROOF and not data.get("attachment"):
            self.add_error("attachment", _("Adjunte la prueba de sus licencias."))
        return data


class StaffResponseForm(forms.Form):
    code = forms.CharField(label=_("Código de respuesta o identificador"), max_length=64)
    kind = forms.ChoiceField(label=_("Tipo"), choices=ResponseKind.choices)
    responded_on = forms.DateField(
        label=_("Fecha de la respuesta"), widget=forms.DateInput(attrs={"type": "date"})
    )
    message = forms.CharField(
        label=_("Resumen"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attachment = forms.FileField(label=_("Escaneo (PDF, JPG o PNG)"), required=False)

    def clean_attachment(self) -> Any:
        upload = self.cleaned_data.get("attachment")
        return check_proof(upload) if upload else upload
