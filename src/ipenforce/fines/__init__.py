"""Fines of INDECOPI's deciding bodies under Supreme Decree 032-2021-PCM, as rules as code.

A pure package: it imports nothing from Django. Public API::

    from ipenforce.fines import parse_case, calculate, calculate_json, render_memo, catalogue

* ``parse_case(data) -> Case`` validates a JSON case (raises ``CaseError`` with every problem);
* ``calculate(case) -> FineResult``; ``FineResult.as_dict()`` is the contract's JSON result;
* ``calculate_json(data) -> dict`` does both;
* ``render_memo(result) -> str`` is the Spanish calculation memo;
* ``catalogue()``, ``circumstances()``, ``choices(kind)``, ``bodies_in_force(date)`` give the choice
  lists with Spanish and English wording.
"""

from __future__ import annotations

from ipenforce.fines.case import Case, parse_case
from ipenforce.fines.catalogue import bodies_in_force, catalogue, choices, circumstances
from ipenforce.fines.engine import ENGINE_VERSION, calculate, calculate_json
from ipenforce.fines.errors import CaseError, MissingParameterError, ParameterFileError, Problem
from ipenforce.fines.memo import render_memo
from ipenforce.fines.params import ParameterSet, default_parameters
from ipenforce.fines.result import FineResult

__all__ = [
    "ENGINE_VERSION",
    "Case",
    "CaseError",
    "FineResult",
    "MissingParameterError",
    "ParameterFileError",
    "ParameterSet",
    "Problem",
    "bodies_in_force",
    "calculate",
    "calculate_json",
    "catalogue",
    "choices",
    "circumstances",
    "default_parameters",
    "parse_case",
    "render_memo",
]
