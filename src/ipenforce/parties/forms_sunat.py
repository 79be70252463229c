"""Forms of the SUNAT register page: upload a padrón, or import one already in the folder."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PadronUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Padrón reducido RUC (.zip de SUNAT o .txt)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,.txt"}),
    )
    start = forms.BooleanField(
        label=_("Importarlo en cuanto se suba"), required=False, initial=True
    )


class PadronImportForm(forms.Form):
    name = forms.ChoiceField(label=_("Archivo de la carpeta del padrón"))

    def __init__(self, *args: object, names: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["name"].choices = [(n, n) for n in names]  # type: ignore[attr-defined]
