"""Text written now and read later, in the reader's language.

A job's progress, a list row's problems or a system note are stored in the database and read
later by people who each chose their own language, so they are stored as the Spanish msgid and
its values (``{"msgid": ..., "params": {...}}``, JSON-ready) and translated when shown. Mark the
msgid with ``gettext_noop`` where it is written so that ``makemessages`` extracts it:

    problem = stored_text(gettext_noop("ubigeo desconocido: %(code)s"), code=code)
    ...
    render(problem)  # "unknown ubigeo: 1501" for a reader who chose English

A value may itself be stored text (translated too). Plain strings (rows written before this
existed, or data such as file names) are shown as they are.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext


def stored_text(msgid: str, **params: Any) -> dict[str, Any]:
    return {"msgid": msgid, "params": params}


def is_stored_text(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("msgid"), str)


def _format(text: str, params: dict[str, Any], translate: bool) -> str:
    values = {k: _render(v, translate) for k, v in params.items()}
    if not values:
        return text
    try:
        return text % values
    except (KeyError, TypeError, ValueError):  # a translation that lost a placeholder
        return text


def _render(value: Any, translate: bool) -> Any:
    if is_stored_text(value):
        msgid = value["msgid"]
        text = gettext(msgid) if translate and msgid else msgid
        return _format(text, dict(value.get("params") or {}), translate)
    return value


def render(value: Any) -> str:
    """The text in the active language (stored text), or the value itself as a string."""
    shown = _render(value, translate=True)
    return "" if shown is None else str(shown)


def spanish(value: Any) -> str:
    """The text in Spanish, the source language (for exports, logs and the audit trail)."""
    shown = _render(value, translate=False)
    return "" if shown is None else str(shown)
