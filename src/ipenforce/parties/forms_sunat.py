"""Forms of the SUNAT register pages: upload a padrón, import one already in the folder, and
choose the taxpayers that become firms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ipenforce.core.models import Department, District, Province
from ipenforce.parties.sunat.promote import TaxpayerFilter, values_present


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


class PromoteFilterForm(forms.Form):
    """Which taxpayers of the mirror become firms (a GET form: the filter is in the URL)."""

    department = forms.ChoiceField(label=_("Departamento"), required=False)
    province = forms.ChoiceField(label=_("Provincia"), required=False)
    district = forms.ChoiceField(label=_("Distrito"), required=False)
    states = forms.MultipleChoiceField(
        label=_("Estado del contribuyente"), required=False, widget=forms.CheckboxSelectMultiple
    )
    conditions = forms.MultipleChoiceField(
        label=_("Condición de domicilio"), required=False, widget=forms.CheckboxSelectMultiple
    )
    kinds = forms.MultipleChoiceField(
        label=_("Tipo de RUC"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("20", _("20: personas jurídicas (empresas)")),
            ("10", _("10: personas naturales con negocio")),
            ("other", _("15 y 17: otros contribuyentes")),
        ],
    )
    name = forms.CharField(label=_("El nombre contiene"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everywhere = [("", _("Todos"))]
        departments = list(Department.objects.order_by("name").values_list("code", "name"))
        provinces: dict[str, list[tuple[str, str]]] = {}
        for code, name, department in Province.objects.order_by(
            "department__name", "name"
        ).values_list("code", "name", "department__name"):
            provinces.setdefault(department, []).append((code, name))
        districts: dict[str, list[tuple[str, str]]] = {}
        for code, name, province, department in District.objects.order_by(
            "province__department__name", "province__name", "name"
        ).values_list("code", "name", "province__name", "province__department__name"):
            districts.setdefault(f"{department} / {province}", []).append((code, name))
        states, conditions = values_present()
        self.fields["department"].choices = everywhere + departments  # type: ignore[attr-defined]
        self.fields["province"].choices = everywhere + list(provinces.items())  # type: ignore[attr-defined]
        self.fields["district"].choices = everywhere + list(districts.items())  # type: ignore[attr-defined]
        self.fields["states"].choices = [(s, s) for s in states]  # type: ignore[attr-defined]
        self.fields["conditions"].choices = [(c, c) for c in conditions]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        department = data.get("department") or ""
        province = data.get("province") or ""
        district = data.get("district") or ""
        if province and department and not province.startswith(department):
            self.add_error("province", _("La provincia no es del departamento elegido."))
        if district and province and not district.startswith(province):
            self.add_error("district", _("El distrito no es de la provincia elegida."))
        elif district and department and not district.startswith(department):
            self.add_error("district", _("El distrito no es del departamento elegido."))
        return data

    def selection(self) -> TaxpayerFilter:
        data = self.cleaned_data
        return TaxpayerFilter(
            department=data["department"],
            province=data["province"],
            district=data["district"],
            states=tuple(data["states"]),
            conditions=tuple(data["conditions"]),
            kinds=tuple(data["kinds"]),
            name=data["name"].strip(),
        )
