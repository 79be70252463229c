"""Errors of the fine engine.

Every problem with a case names the field as a JSON path (``$.ad_hoc.detection``) and says what is
wrong in plain words, in English and in Spanish, so the command line, the HTTP API and the staff
form can show the same messages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a case: where (JSON path) and what (English and Spanish)."""

    path: str
    message: str
    message_es: str

    def line(self, lang: str = "en") -> str:
        """The problem as one line of text: ``$.field: message``."""
        text = self.message_es if lang == "es" else self.message
        return f"{self.path}: {text}"

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message, "message_es": self.message_es}


class CaseError(ValueError):
    """A case cannot be calculated; ``problems`` lists every reason found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("; ".join(p.line() for p in self.problems))


class ParameterFileError(ValueError):
    """A parameter file is malformed (unknown key, bad date, duplicate key...). Names the file."""


class MissingParameterError(LookupError):
    """A legal value the calculation needs is missing (or not in force on the date).

    ``name`` is the parameter's name (its path under ``parameters/`` without ``.yaml``,
    plus ``[key]`` for a row of a table), so the message says exactly which value is missing.
    """

    def __init__(self, name: str, message: str, message_es: str) -> None:
        self.name = name
        self.message = message
        self.message_es = message_es
        super().__init__(message)
