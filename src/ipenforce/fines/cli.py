"""``ipenforce fine ...``: the fine engine on the command line (contract ``fine-calculation.md``).

    fine calculate FILE|- [--format json|text] [--lang en|es]
    fine bodies [--date YYYY-MM-DD]
    fine catalogue

Exit 0 with the result on standard output; exit 2 for an invalid case, with one line per problem
on standard error (JSON path and plain words) and nothing on standard output. This module imports
no Django and nothing heavy, so the command starts quickly:
``python -m ipenforce.fines.cli calculate case.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from decimal import Decimal
from typing import IO, Any

EXIT_OK = 0
EXIT_CONFIG = 1
EXIT_INVALID = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # usage errors: exit 2, one line
        self.exit(EXIT_INVALID, f"fine: {message}\n")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="ipenforce fine", description="Fines under DS 032-2021-PCM.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    calc = sub.add_parser("calculate", help="calculate the fine of a JSON case")
    calc.add_argument("file", metavar="FILE", help='the JSON case; "-" reads standard input')
    calc.add_argument("--format", choices=("json", "text"), default="json")
    calc.add_argument("--lang", choices=("en", "es"), default="en", help="language of errors")
    bodies = sub.add_parser("bodies", help="list deciding bodies and their parameters in force")
    bodies.add_argument("--date", help="date for the parameters in force (default: today)")
    sub.add_parser("catalogue", help="list methods, detection levels and circumstances (JSON)")
    return parser


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a valid JSON number")


def _write(stream: IO[str], text: str) -> None:
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(encoding="utf-8")
    stream.write(text)


def _read_case(path: str) -> tuple[object | None, str | None]:
    """The JSON case from ``path`` (or stdin), or an error line naming what is wrong."""
    where = "standard input" if path == "-" else path
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
    except FileNotFoundError:
        return None, f"{where}: file not found"
    except (OSError, UnicodeDecodeError) as exc:
        return None, f"{where}: cannot read the file ({exc})"
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_reject_constant), None
    except json.JSONDecodeError as exc:
        return None, (
            f"$: invalid JSON in {where} at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        )
    except ValueError as exc:
        return None, f"$: invalid JSON in {where}: {exc}"


def _calculate(args: argparse.Namespace) -> int:
    from ipenforce.fines.case import parse_case
    from ipenforce.fines.engine import calculate
    from ipenforce.fines.errors import CaseError, ParameterFileError
    from ipenforce.fines.params import default_parameters

    data, error = _read_case(args.file)
    if error is not None:
        _write(sys.stderr, error + "\n")
        return EXIT_INVALID
    params = default_parameters()
    try:
        case = parse_case(data, bodies=tuple(params.bodies()))
        result = calculate(case, params)
    except CaseError as exc:
        _write(sys.stderr, "".join(p.line(args.lang) + "\n" for p in exc.problems))
        return EXIT_INVALID
    except ParameterFileError as exc:
        _write(sys.stderr, f"parameter files are invalid: {exc}\n")
        return EXIT_CONFIG
    if args.format == "text":
        from ipenforce.fines.memo import render_memo

        _write(sys.stdout, render_memo(result, params))
    else:
        _write(sys.stdout, json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def _bodies(args: argparse.Namespace) -> int:
    from ipenforce.fines.catalogue import bodies_in_force

    on = None
    if args.date is not None:
        try:
            on = dt.date.fromisoformat(args.date)
        except ValueError:
            _write(sys.stderr, f"--date: must be a date as YYYY-MM-DD (got {args.date!r})\n")
            return EXIT_INVALID
    listing = {"date": (on or dt.date.today()).isoformat(), "bodies": bodies_in_force(on)}
    _write(sys.stdout, json.dumps(listing, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def _catalogue(args: argparse.Namespace) -> int:
    from ipenforce.fines.catalogue import catalogue

    _write(sys.stdout, json.dumps(catalogue(), ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run ``fine <argv>`` (``argv`` without the leading ``fine``); return the exit status."""
    parser = _build_parser()
    try:
        args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:  # --help (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else EXIT_INVALID
    handlers = {"calculate": _calculate, "bodies": _bodies, "catalogue": _catalogue}
    return handlers[args.command](args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
