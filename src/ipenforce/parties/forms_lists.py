from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ipenforce.parties.lists.validation import FIELD_NAMES
from ipenforce.parties.models_lists import LIST_FIELDS, RightsHolder


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Archivo (CSV en UTF-8 o Excel .xlsx)"),
        help_text=_("La primera fila debe tener los nombres de las columnas."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    rights_holder = forms.ModelChoiceField(
        label=_("Titular de derechos"),
        queryset=RightsHolder.objects.all(),
        required=False,
        empty_label=_("— elija uno o escriba uno nuevo —"),
    )
    new_rights_holder = forms.CharField(
        label=_("Nuevo titular de derechos"), max_length=200, required=False
    )

    def __init__(self, *args: Any, holders: Any = None, staff: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = staff
        if not staff:
            del self.fields["new_rights_holder"]
            holder_field = self.fields["rights_holder"]
            assert isinstance(holder_field, forms.ModelChoiceField)
            holder_field.queryset = holders
            holder_field.required = True
            holder_field.empty_label = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.staff and not data.get("rights_holder") and not data.get("new_rights_holder"):
            raise forms.ValidationError(_("Elija el titular de derechos o escriba uno nuevo."))
        return data


class MappingForm(forms.Form):
    """One select per field, offering the file's headers."""

    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— no usar —")), *[(h, h) for h in headers]]
        for name, label in LIST_FIELDS:
            self.fields[name] = forms.ChoiceField(
                label=label, choices=choices, required=(name == "name")
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        used: dict[str, str] = {}
        for name in FIELD_NAMES:
            header = data.get(name)
            if not header:
                continue
            if header in used:
                self.add_error(name, _("La columna «%(h)s» ya está asignada.") % {"h": header})
            used[header] = name
        return data

    def mapping(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[name] for name in FIELD_NAMES if self.cleaned_data.get(name)
        }


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decisión"),
        choices=[
            ("accept", _("Es la misma empresa")),
            ("reject", _("Es una empresa distinta (crear nueva)")),
        ],
    )
    firm = forms.IntegerField(required=False, widget=forms.HiddenInput)


class MergeForm(forms.Form):
    other = forms.CharField(
        label=_("Empresa que se fusiona en esta (RUC o número de empresa)"), max_length=20
    )
    reason = forms.CharField(
        label=_("Motivo"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )
    force = forms.BooleanField(
        label=_("Forzar aunque tengan RUC válidos distintos (explique el motivo)"), required=False
    )


class SplitForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
