from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.pe import ruc as stdnum_ruc


def ruc_problem(value: str) -> str | None:
    """Plain-words reason why `value` is not a valid RUC, or None if it is valid."""
    try:
        stdnum_ruc.validate(value)
    except InvalidLength:
        return str(_("el RUC debe tener 11 dígitos"))
    except InvalidFormat:
        return str(_("el RUC solo puede contener dígitos"))
    except InvalidComponent:
        return str(_("el RUC debe empezar por 10, 15, 16, 17 o 20"))
    except InvalidChecksum:
        return str(_("el dígito verificador del RUC no es correcto"))
    return None


def validate_ruc(value: str) -> None:
    problem = ruc_problem(value)
    if problem:
        raise ValidationError(problem, code="invalid_ruc", params={"value": value})
