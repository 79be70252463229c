"""The fine calculator form: builds the engine's JSON case and maps the engine's problems back
to the fields. The engine (``ipenforce.fines``) is the single source of the legal rules; this form
adds only what the page requires on top: a written reason for every choice before saving."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ipenforce.cases.models import FineCalculation
from ipenforce.cases.services import run_engine
from ipenforce.fines import CaseError
from ipenforce.fines.catalogue import choices, circumstances
from ipenforce.fines.params import default_parameters
from ipenforce.parties.models import Firm

REASON_MAX = 4000
REASON_REQUIRED = _("Escriba la motivación: es obligatoria para guardar el cálculo.")

# JSON path of the engine -> form field.
PATHS = {
    "$.case_reference": "case_reference",
    "$.body": "body",
    "$.resolution_date": "resolution_date",
    "$.proceeding_started_on": "proceeding_started_on",
    "$.method": "method",
    "$.annual_sales_pen": "annual_sales_pen",
    "$.ad_hoc": "beta_pen",
    "$.ad_hoc.beta_pen": "beta_pen",
    "$.ad_hoc.beta_basis": "beta_basis",
    "$.ad_hoc.detection": "detection",
    "$.ad_hoc.detection_reason": "detection_reason",
    "$.ad_hoc.beta_reason": "beta_reason",
    "$.pre_established": "affectation",
    "$.pre_established.affectation": "affectation",
    "$.pre_established.size": "size",
    "$.pre_established.reason": "pre_reason",
    "$.sales_percentage": "affected_sales_pen",
    "$.sales_percentage.affected_sales_pen": "affected_sales_pen",
    "$.sales_percentage.reason": "sales_reason",
}


def _english() -> bool:
    return (get_language() or "es").startswith("en")


def _label(choice: Any) -> str:
    return str(choice.label_en if _english() else choice.label_es)


def _description(choice: Any) -> str:
    return str(choice.description_en if _english() else choice.description_es)


def json_number(value: Decimal) -> int | float:
    """A form Decimal as the JSON number the command line would read."""
    return int(value) if value == value.to_integral_value() else float(value)


def _reason_field(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=REASON_MAX,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _money_field(label: Any, help_text: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=16,
        decimal_places=2,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"min": "0", "step": "0.01", "inputmode": "decimal"}),
    )


class FineCalculationForm(forms.Form):
    """The calculator. ``require_reasons`` (saving) makes every choice's reason mandatory."""

    case_reference = forms.CharField(
        label=_("Expediente"),
        max_length=100,
        help_text=_("Número del expediente, por ejemplo 0123-2024/DDA."),
    )
    firm_ruc = forms.CharField(
        label=_("RUC de la empresa (opcional)"),
        required=False,
        max_length=11,
        help_text=_("Vincula el cálculo con la ficha de la empresa."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    body = forms.ChoiceField(label=_("Órgano resolutivo"))
    resolution_date = forms.DateField(
        label=_("Fecha de la resolución"),
        help_text=_("Determina los parámetros vigentes y la UIT del año."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    proceeding_started_on = forms.DateField(
        label=_("Fecha de inicio del procedimiento (opcional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    method = forms.ChoiceField(label=_("Método de la multa base"), widget=forms.RadioSelect)
    beta_pen = _money_field(_("β en soles"), _("Beneficio ilícito o daño económico estimado."))
    beta_basis = forms.ChoiceField(label=_("Base de β"), required=False, widget=forms.RadioSelect)
    beta_reason = _reason_field(
        _("Motivación de β"), _("Cómo se estimó β: fuentes, cifras y folios del expediente.")
    )
    detection = forms.ChoiceField(
        label=_("Probabilidad de detección"), required=False, widget=forms.RadioSelect
    )
    detection_reason = _reason_field(
        _("Motivación del nivel de detección"), _("Por qué corresponde el nivel elegido.")
    )
    affectation = forms.ChoiceField(label=_("Afectación"), required=False)
    size = forms.ChoiceField(
        label=_("Tamaño del infractor"),
        required=False,
        help_text=_("Déjelo en blanco para derivarlo de las ventas anuales."),
    )
    pre_reason = _reason_field(_("Motivación de la afectación y el tamaño"))
    affected_sales_pen = _money_field(_("Ventas afectadas (S/)"))
    sales_reason = _reason_field(_("Motivación del porcentaje de ventas"))
    annual_sales_pen = _money_field(
        _("Ventas anuales del infractor (S/, opcional)"),
        _("Se convierten a UIT del año de la resolución para el tamaño de empresa."),
    )

    def __init__(
        self,
        *args: Any,
        require_reasons: bool = False,
        fixed_reference: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.require_reasons = require_reasons
        self.result: dict[str, Any] | None = None
        self.firm: Firm | None = None
        self.fixed_reference = fixed_reference
        if fixed_reference is not None:
            field = self.fields["case_reference"]
            field.initial = fixed_reference
            field.widget.attrs["readonly"] = True
            field.help_text = _("Una nueva versión conserva el expediente de la anterior.")
        english = _english()
        self._set_choices(
            "body",
            [
                (b.id, b.name_en if english else b.name_es)
                for b in default_parameters().bodies().values()
            ],
        )
        for kind in ("method", "beta_basis", "detection", "affectation"):
            self._set_choices(kind, [(c.id, _label(c)) for c in choices(kind)])
        self._set_choices(
            "size",
            [
                ("", _("Derivar de las ventas anuales")),
                *((c.id, _label(c)) for c in choices("size")),
            ],
        )
        self.circumstance_rows: list[dict[str, Any]] = []
        for c in circumstances():
            on, pct, why = (f"circ_{c.id}", f"circ_{c.id}_percent", f"circ_{c.id}_reason")
            self.fields[on] = forms.BooleanField(
                label=_label(c),
                required=False,
                widget=forms.CheckboxInput(
                    attrs={
                        "aria-describedby": f"id_{on}_desc",
                        "aria-controls": f"id_{on}_details",
                        "class": "circumstance-toggle",
                    }
                ),
            )
            self.fields[pct] = forms.DecimalField(
                label=_("Porcentaje"),
                required=False,
                max_digits=6,
                decimal_places=2,
                widget=forms.NumberInput(
                    attrs={"min": "0", "max": str(int(c.max_percent)), "step": "any"}
                ),
            )
            self.fields[why] = _reason_field(_("Motivación"))
            self.circumstance_rows.append(
                {"spec": c, "on": on, "percent": pct, "reason": why, "label": _label(c)}
            )

    def _set_choices(self, name: str, options: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = options

    # -- pieces for the template ---------------------------------------------------------------

    def described(self, kind: str) -> list[dict[str, str]]:
        return [
            {"id": c.id, "label": _label(c), "description": _description(c)} for c in choices(kind)
        ]

    def circumstance_fields(self) -> list[dict[str, Any]]:
        rows = []
        for row in self.circumstance_rows:
            spec = row["spec"]
            rows.append(
                {
                    "id": spec.id,
                    "aggravating": spec.direction == "aggravating",
                    "max_percent": int(spec.max_percent),
                    "needs_reason": spec.needs_reason,
                    "description": _description(spec),
                    "on": self[row["on"]],
                    "percent": self[row["percent"]],
                    "reason": self[row["reason"]],
                }
            )
        return rows

    # -- validation ----------------------------------------------------------------------------

    def clean_firm_ruc(self) -> str:
        ruc = str(self.cleaned_data.get("firm_ruc") or "").strip()
        if ruc:
            firm = Firm.objects.filter(ruc=ruc).select_related("merged_into").first()
            if firm is None:
                raise forms.ValidationError(_("No hay una empresa registrada con ese RUC."))
            while firm.merged_into is not None:
                firm = firm.merged_into
            self.firm = firm
        return ruc

    def case_data(self) -> dict[str, Any]:
        """The JSON case of the command line, from the cleaned fields."""
        d = self.cleaned_data
        case: dict[str, Any] = {
            "body": d.get("body"),
            "resolution_date": d["resolution_date"].isoformat()
            if d.get("resolution_date")
            else None,
            "method": d.get("method") or None,
        }
        reference = self.fixed_reference or d.get("case_reference")
        if reference:
            case["case_reference"] = reference.strip()
        if d.get("proceeding_started_on"):
            case["proceeding_started_on"] = d["proceeding_started_on"].isoformat()
        method = case["method"]
        if method == "ad_hoc":
            block: dict[str, Any] = {
                "beta_pen": None if d.get("beta_pen") is None else json_number(d["beta_pen"]),
                "beta_basis": d.get("beta_basis") or None,
                "detection": d.get("detection") or None,
            }
            for name in ("detection_reason", "beta_reason"):
                if (d.get(name) or "").strip():
                    block[name] = d[name].strip()
            case["ad_hoc"] = {k: v for k, v in block.items() if v is not None}
        elif method == "pre_established":
            pblock: dict[str, Any] = {"affectation": d.get("affectation") or "very_low"}
            if d.get("size"):
                pblock["size"] = d["size"]
            if (d.get("pre_reason") or "").strip():
                pblock["reason"] = d["pre_reason"].strip()
            case["pre_established"] = pblock
        elif method == "sales_percentage":
            sblock: dict[str, Any] = {}
            if d.get("affected_sales_pen") is not None:
                sblock["affected_sales_pen"] = json_number(d["affected_sales_pen"])
            if (d.get("sales_reason") or "").strip():
                sblock["reason"] = d["sales_reason"].strip()
            case["sales_percentage"] = sblock
        if d.get("annual_sales_pen") is not None:
            case["annual_sales_pen"] = json_number(d["annual_sales_pen"])
        applied = []
        for row in self.circumstance_rows:
            if not d.get(row["on"]):
                continue
            item: dict[str, Any] = {"id": row["spec"].id}
            if d.get(row["percent"]) is not None:
                item["percent"] = json_number(d[row["percent"]])
            if (d.get(row["reason"]) or "").strip():
                item["reason"] = d[row["reason"]].strip()
            applied.append(item)
        case["circumstances"] = applied
        return {k: v for k, v in case.items() if v is not None}

    def _field_for(self, path: str, applied: list[str]) -> str | None:
        if path in PATHS:
            return PATHS[path]
        if path.startswith("$.circumstances["):
            index_text, _sep, rest = path[len("$.circumstances[") :].partition("]")
            if index_text.isdigit() and int(index_text) < len(applied):
                cid = applied[int(index_text)]
                return f"circ_{cid}_reason" if rest == ".reason" else f"circ_{cid}_percent"
        return None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        case = self.case_data()
        applied = [c["id"] for c in case.get("circumstances", [])]
        english = _english()
        try:
            self.result = run_engine(case)
        except CaseError as error:
            for problem in error.problems:
                field = self._field_for(problem.path, applied)
                message = problem.message if english else problem.message_es
                if field is None or field not in self.fields:
                    self.add_error(None, f"{problem.path}: {message}")
                elif field not in self.errors:
                    self.add_error(field, message)
        if self.require_reasons:
            self._require_reasons(case)
        return cleaned

    def _require_reasons(self, case: dict[str, Any]) -> None:
        needed: list[str] = []
        if case.get("method") == "ad_hoc":
            needed += ["beta_reason", "detection_reason"]
        elif case.get("method") == "pre_established":
            needed.append("pre_reason")
        elif case.get("method") == "sales_percentage":
            needed.append("sales_reason")
        for row in self.circumstance_rows:
            if self.cleaned_data.get(row["on"]):
                needed.append(row["reason"])
        for name in needed:
            if not (self.cleaned_data.get(name) or "").strip() and name not in self.errors:
                self.add_error(name, REASON_REQUIRED)
        if needed and any(name in self.errors for name in needed):
            self.result = None


def initial_from_calculation(calc: FineCalculation) -> dict[str, Any]:
    """Form values that reproduce a saved calculation (for "recalcular")."""
    case = calc.inputs
    initial: dict[str, Any] = {
        "case_reference": calc.case_reference,
        "firm_ruc": (calc.firm.ruc or "") if calc.firm else "",
        "body": case.get("body"),
        "resolution_date": case.get("resolution_date"),
        "proceeding_started_on": case.get("proceeding_started_on"),
        "method": case.get("method"),
        "annual_sales_pen": case.get("annual_sales_pen"),
    }
    ad_hoc = case.get("ad_hoc") or {}
    initial.update(
        {
            "beta_pen": ad_hoc.get("beta_pen"),
            "beta_basis": ad_hoc.get("beta_basis"),
            "detection": ad_hoc.get("detection"),
            "beta_reason": ad_hoc.get("beta_reason", ""),
            "detection_reason": ad_hoc.get("detection_reason", ""),
        }
    )
    pre = case.get("pre_established") or {}
    initial.update(
        {
            "affectation": pre.get("affectation"),
            "size": pre.get("size", ""),
            "pre_reason": pre.get("reason", ""),
        }
    )
    sales = case.get("sales_percentage") or {}
    initial.update(
        {"affected_sales_pen": sales.get("affected_sales_pen"), "sales_reason": sales.get("reason")}
    )
    for item in case.get("circumstances") or []:
        cid = item.get("id")
        initial[f"circ_{cid}"] = True
        initial[f"circ_{cid}_percent"] = item.get("percent")
        initial[f"circ_{cid}_reason"] = item.get("reason", "")
    return {k: v for k, v in initial.items() if v is not None}


def as_post_data(initial: dict[str, Any]) -> dict[str, str]:
    """``initial`` as the POST data a browser would send (to preview a pre-filled form)."""
    data: dict[str, str] = {}
    for key, value in initial.items():
        if value is True:
            data[key] = "on"
        elif value not in (None, False):
            data[key] = str(value)
    return data
