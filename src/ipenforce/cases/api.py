"""HTTP API of the fine engine: ``POST /api/fines/calculate``, ``GET /api/fines/bodies``,
``GET /api/fines/catalogue``.

The body of ``calculate`` is the JSON case of the command line (contract ``fine-calculation.md``)
and the answer is byte-for-byte the JSON of ``ipenforce fine calculate``: the body is read with
the same JSON reader (numbers as decimals), not through a pydantic model, so no number is rounded
on the way in. An invalid case is HTTP 422 with ``{"errors": [{path, message, message_es}]}``,
the same problems the command line prints.

Authentication: a staff session (``django_auth``; POST also needs the CSRF token) of a user with
``cases.view_finecalculation`` (legal officers and directors). The calculation itself is pure and
public law, but the tool is for the authority's staff and keeping it behind the session avoids an
anonymous endpoint that would need its own rate limits.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.security import django_auth

from ipenforce.fines import CaseError, ParameterFileError, calculate, parse_case
from ipenforce.fines.base_fine import BETA_BASES, DETECTION_LEVELS, METHODS
from ipenforce.fines.catalogue import bodies_in_force, catalogue, circumstances
from ipenforce.fines.params import default_parameters
from ipenforce.fines.size import SIZES

PERMISSION = "cases.view_finecalculation"

router = Router(tags=["multas / fines"], auth=django_auth)


class ProblemOut(Schema):
    path: str
    message: str
    message_es: str


class ErrorsOut(Schema):
    errors: list[ProblemOut]


class DetailOut(Schema):
    detail: str


class TraceStepOut(Schema):
    step: str
    value: float | str
    formula: str
    reference: str
    label_es: str


class ParameterOut(Schema):
    name: str
    value: float | str
    in_force_from: str
    reference: str
    status: str
    unit: str
    note: str | None


class FineResultOut(Schema):
    """The contract's result (documentation only: the answer is the engine's JSON as is)."""

    body: str
    method: str
    resolution_date: str
    uit_year: int
    uit_pen: float
    base_fine_uit: float
    factor_f: float
    fine_before_cap_uit: float
    legal_max_uit: float
    sales_share_cap_uit: float | None
    capped_by: str | None
    fine_uit: float
    fine_pen: float
    size: str | None
    detection: str | None
    trace: list[TraceStepOut]
    parameters: list[ParameterOut]
    warnings: list[dict[str, str]]
    methodology: str
    engine_version: str
    inputs_sha256: str
    inputs: dict[str, Any]


def _reason() -> dict[str, Any]:
    return {"type": "string", "maxLength": 4000}


def _case_schema() -> dict[str, Any]:
    """JSON schema of the case (inline: the reader is the engine's, not pydantic)."""
    ids = [c.id for c in circumstances()]
    return {
        "type": "object",
        "required": ["body", "resolution_date", "method"],
        "additionalProperties": False,
        "properties": {
            "body": {"type": "string", "enum": list(default_parameters().bodies())},
            "resolution_date": {"type": "string", "format": "date"},
            "proceeding_started_on": {"type": "string", "format": "date"},
            "method": {"type": "string", "enum": list(METHODS)},
            "case_reference": {"type": "string"},
            "annual_sales_pen": {"type": "number", "minimum": 0},
            "ad_hoc": {
                "type": "object",
                "required": ["beta_pen", "beta_basis", "detection"],
                "properties": {
                    "beta_pen": {"type": "number", "minimum": 0},
                    "beta_basis": {"type": "string", "enum": list(BETA_BASES)},
                    "detection": {"type": "string", "enum": list(DETECTION_LEVELS)},
                    "detection_reason": _reason(),
                    "beta_reason": _reason(),
                },
            },
            "pre_established": {
                "type": "object",
                "required": ["affectation"],
                "properties": {
                    "affectation": {"type": "string", "enum": ["very_low"]},
                    "size": {"type": "string", "enum": list(SIZES)},
                    "reason": _reason(),
                },
            },
            "sales_percentage": {
                "type": "object",
                "properties": {
                    "affected_sales_pen": {"type": "number", "minimum": 0},
                    "reason": _reason(),
                },
            },
            "circumstances": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "percent"],
                    "properties": {
                        "id": {"type": "string", "enum": ids},
                        "percent": {"type": "number", "exclusiveMinimum": 0, "maximum": 100},
                        "reason": _reason(),
                    },
                },
            },
        },
        "example": {
            "body": "copyright",
            "resolution_date": "2024-10-07",
            "proceeding_started_on": "2023-11-20",
            "method": "ad_hoc",
            "ad_hoc": {
                "beta_pen": 36000,
                "beta_basis": "illicit_benefit_avoided_cost",
                "detection": "medium",
            },
            "annual_sales_pen": 2400000,
            "circumstances": [
                {"id": "recidivism", "percent": 25},
                {"id": "written_acknowledgement", "percent": 10},
            ],
        },
    }


def _json(data: object, status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), status=status, content_type="application/json"
    )


def _problem(path: str, message: str, message_es: str) -> dict[str, str]:
    return {"path": path, "message": message, "message_es": message_es}


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a valid JSON number")


def _forbidden() -> HttpResponse:
    return _json({"detail": "Permiso denegado / permission denied"}, 403)


@router.post(
    "/calculate",
    summary="Calcular una multa (DS 032-2021-PCM) / calculate a fine",
    description=(
        "El mismo caso JSON y el mismo resultado que `ipenforce fine calculate`. "
        "Same JSON case and result as `ipenforce fine calculate`; an invalid case is 422 with "
        "every problem (JSON path, English and Spanish message)."
    ),
    response={200: FineResultOut, 403: DetailOut, 422: ErrorsOut},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _case_schema()}},
        }
    },
)
def calculate_fine(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(PERMISSION):
        return _forbidden()
    try:
        data = json.loads(
            request.body.decode("utf-8"), parse_float=Decimal, parse_constant=_reject_constant
        )
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}: {exc.msg}"
        where_es = f"línea {exc.lineno}, columna {exc.colno}: {exc.msg}"
        return _json(
            {
                "errors": [
                    _problem("$", f"invalid JSON at {where}", f"JSON no válido en la {where_es}")
                ]
            },
            422,
        )
    except (ValueError, UnicodeDecodeError) as exc:
        return _json({"errors": [_problem("$", f"invalid JSON: {exc}", "JSON no válido")]}, 422)
    params = default_parameters()
    try:
        result = calculate(parse_case(data, bodies=tuple(params.bodies())), params)
    except CaseError as exc:
        return _json({"errors": [p.as_dict() for p in exc.problems]}, 422)
    except ParameterFileError as exc:  # a deployment problem, not the caller's
        return _json({"detail": f"parameter files are invalid: {exc}"}, 500)
    return _json(result.as_dict())


@router.get(
    "/bodies",
    summary="Órganos resolutivos y parámetros vigentes / deciding bodies and parameters in force",
    response={200: dict[str, Any], 403: DetailOut, 422: ErrorsOut},
)
def bodies(request: HttpRequest, date: dt.date | None = None) -> HttpResponse:
    """The same listing as `ipenforce fine bodies [--date]` (default date: today)."""
    if not request.user.has_perm(PERMISSION):
        return _forbidden()
    on = date or dt.date.today()
    return _json({"date": on.isoformat(), "bodies": bodies_in_force(on)})


@router.get(
    "/catalogue",
    summary="Métodos, niveles de detección y circunstancias / choice lists",
    response={200: dict[str, Any], 403: DetailOut},
)
def fine_catalogue(request: HttpRequest) -> HttpResponse:
    """The same lists as `ipenforce fine catalogue`, with Spanish and English wording."""
    if not request.user.has_perm(PERMISSION):
        return _forbidden()
    return _json(catalogue())
