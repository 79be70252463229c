"""Number and date formats of the fine pages (Peruvian usage: 260,693.00; S/ before amounts)."""

from __future__ import annotations

from django import template

from ipenforce.cases import memo, wording

register = template.Library()


@register.filter
def num(value: object) -> str:
    """A number as the memo prints it (thousands with commas)."""
    if value is None or value == "":
        return ""
    try:
        return memo.number_es(value)
    except (ArithmeticError, ValueError):
        return str(value)


@register.filter
def soles(value: object) -> str:
    if value is None or value == "":
        return ""
    return memo.soles(value)


@register.filter
def step_value(step: dict[str, object]) -> str:
    value = step.get("value")
    if step.get("step") in memo.SOLES_STEPS:
        return soles(value)
    return num(value)


@register.filter
def step_label(step: dict[str, object], uit_year: object = "") -> str:
    return wording.step_label(step, uit_year)


@register.filter
def param_value(param: dict[str, object]) -> str:
    return wording.value_with_unit(param.get("value"), str(param.get("unit") or ""))


@register.filter
def param_label(param: dict[str, object]) -> str:
    return wording.parameter_label(str(param.get("name", "")))


@register.filter
def long_date(value: object) -> str:
    """A date in words in the reader's language (``7 de octubre de 2024``, ``7 October 2024``)."""
    if not value:
        return ""
    return wording.long_date(str(value))


@register.filter
def field_label(form: object, name: str) -> str:
    """The label of field ``name`` of ``form`` (for error lists that link to the field)."""
    fields = getattr(form, "fields", {})
    field = fields.get(name)
    return str(field.label) if field is not None and field.label else name
