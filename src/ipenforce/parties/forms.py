from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ipenforce.core.models import Department, District
from ipenforce.parties.models import Firm
from ipenforce.parties.services import EDITABLE_FIELDS


class FirmSearchForm(forms.Form):
    q = forms.CharField(label=_("RUC o nombre"), required=False, max_length=100)
    departamento = forms.ModelChoiceField(
        label=_("Departamento"),
        queryset=Department.objects.all(),
        required=False,
        empty_label=_("Todos"),
    )


class FirmForm(forms.ModelForm):
    district = forms.ModelChoiceField(
        label=_("Distrito (ubigeo)"),
        queryset=District.objects.select_related("province__department"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]{6}"}),
        to_field_name="code",
        help_text=_("Código ubigeo INEI de 6 dígitos, por ejemplo 150101 (Lima)."),
    )

    class Meta:
        model = Firm
        fields = list(EDITABLE_FIELDS)
