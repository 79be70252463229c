from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.pe import ruc as stdnum_ruc


def ruc_problem_msgid(value: str) -> str | None:
    """Why `value` is not a valid RUC as a Spanish msgid (to store and translate when shown),
    or None if it is valid."""
    try:
        stdnum_ruc.validate(value)
    except InvalidLength:
        return gettext_noop("el RUC debe tener 11 dígitos")
    except InvalidFormat:
        return gettext_noop("el RUC solo puede contener dígitos")
    except InvalidComponent:
        return gettext_noop("el RUC debe empezar por 10, 15, 16, 17 o 20")
    except InvalidChecksum:
        return gettext_noop("el dígito verificador del RUC no es correcto")
    return None


def ruc_problem(value: str) -> str | None:
    """Plain-words reason why `value` is not a valid RUC, or None if it is valid."""
    msgid = ruc_problem_msgid(value)
    return gettext(msgid) if msgid else None


def validate_ruc(value: str) -> None:
    problem = ruc_problem(value)
    if problem:
        raise ValidationError(problem, code="invalid_ruc", params={"value": value})
