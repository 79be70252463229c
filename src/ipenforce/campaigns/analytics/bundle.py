"""Reading and validating a campaign bundle folder (contract: `contracts/campaign-bundle.md`).

`read_bundle(folder)` returns a `Bundle` or raises `BundleError` carrying every problem found, each
with file, line, column and message, e.g. `targets.csv:14: ruc: check digit is wrong (20123456788)`.
All files are checked even when one is broken, so one run lists everything to fix.

Decisions beyond the contract:

- `ruc` may be empty in targets.csv as in licences.csv: a firm from a rights holder's list can be
  written to without a RUC; its purchases are then linked by the matching engine. A RUC that is
  present must be valid (length, SUNAT prefix, check digit) and belong to one target only.
- `arm`, when the column is present, must be filled on every row with `control`, `letter` or
  `letter_<wording>`; a bundle whose arms are all of one kind is valid (the report says what it
  cannot measure).
- Dates are ISO `YYYY-MM-DD` only. Amounts, seats and campaign numbers must not be negative.
- Extra columns and extra campaign.json keys are ignored; a UTF-8 byte-order mark is tolerated.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from stdnum import exceptions as stdnum_exceptions
from stdnum.pe import ruc as pe_ruc

from .model import (
    CHANNELS,
    DISPATCH_STATUSES,
    RESPONSE_KINDS,
    Bundle,
    Campaign,
    Dispatch,
    Licence,
    Problem,
    Response,
    Target,
    is_known_arm,
    is_letter_arm,
)

CAMPAIGN_FILE = "campaign.json"
BUNDLE_FILES = (CAMPAIGN_FILE, "targets.csv", "dispatch.csv", "responses.csv", "licences.csv")
CAMPAIGN_KEYS = (
    "name",
    "start_date",
    "outcome_window_days",
    "avg_pcs_per_firm",
    "avg_licence_value_usd",
)
TARGET_COLUMNS = ("target_id", "name", "ruc", "address", "district", "department", "size")
DISPATCH_COLUMNS = ("target_id", "sent_on", "channel", "status")
RESPONSE_COLUMNS = ("target_id", "responded_on", "kind")
LICENCE_COLUMNS = (
    "rights_holder",
    "ruc",
    "name",
    "address",
    "district",
    "department",
    "purchased_on",
    "seats",
    "amount_usd",
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class BundleError(Exception):
    """The bundle is invalid; `problems` lists everything wrong, in file and line order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def bundle_fingerprint(folder: Path | str) -> str:
    """SHA-256 over the names, sizes and contents of the bundle's five files, in a fixed order.

    The same files give the same fingerprint wherever the folder is, so loading a bundle twice is
    detected. A missing file counts as absent (not as empty).
    """
    digest = hashlib.sha256()
    for name in BUNDLE_FILES:
        path = Path(folder) / name
        if not path.is_file():
            digest.update(f"{name}\0absent\0".encode())
            continue
        data = path.read_bytes()
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def read_bundle(folder: Path | str) -> Bundle:
    """Read and validate a bundle folder; raise `BundleError` with all problems if anything is
    wrong."""
    folder = Path(folder)
    problems: list[Problem] = []
    if not folder.is_dir():
        raise BundleError([Problem(str(folder), None, None, "not a folder")])
    campaign = _read_campaign(folder / CAMPAIGN_FILE, problems)
    targets, has_arm, known = _read_targets(folder / "targets.csv", problems)
    dispatch = _read_rows(folder / "dispatch.csv", DISPATCH_COLUMNS, problems, _dispatch_row(known))
    responses = _read_rows(
        folder / "responses.csv", RESPONSE_COLUMNS, problems, _response_row(known)
    )
    licences = _read_rows(folder / "licences.csv", LICENCE_COLUMNS, problems, _licence_row)
    if problems or campaign is None:
        raise BundleError(problems)
    return Bundle(
        campaign=campaign,
        targets=tuple(targets),
        dispatch=tuple(dispatch),
        responses=tuple(responses),
        licences=tuple(licences),
        has_arm_column=has_arm,
        fingerprint=bundle_fingerprint(folder),
    )


def validate_bundle(folder: Path | str) -> list[Problem]:
    """All problems of a bundle folder (empty when it is valid)."""
    try:
        read_bundle(folder)
    except BundleError as error:
        return error.problems
    return []


# --- campaign.json ------------------------------------------------------------------------------


def _read_campaign(path: Path, problems: list[Problem]) -> Campaign | None:
    name = path.name
    if not path.is_file():
        problems.append(Problem(name, None, None, "file is missing"))
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(Problem(name, line, None, "not UTF-8 text"))
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        problems.append(Problem(name, error.lineno, None, f"not valid JSON: {error.msg}"))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(name, 1, None, "must be a JSON object"))
        return None
    before = len(problems)

    def bad(key: str, message: str) -> None:
        problems.append(Problem(name, _json_key_line(text, key), key, message))

    for key in CAMPAIGN_KEYS:
        if key not in data:
            problems.append(Problem(name, None, key, "required key is missing"))
    title = data.get("name")
    if "name" in data and (not isinstance(title, str) or not title.strip()):
        bad("name", "must be a non-empty text")
    start = None
    if "start_date" in data:
        start = _parse_date(data["start_date"]) if isinstance(data["start_date"], str) else None
        if start is None:
            bad("start_date", f"not an ISO date YYYY-MM-DD ({data['start_date']!r})")
    days = data.get("outcome_window_days")
    if "outcome_window_days" in data and (
        not isinstance(days, int) or isinstance(days, bool) or days <= 0
    ):
        bad("outcome_window_days", f"must be a whole number of days above 0 ({days!r})")
    numbers: dict[str, float] = {}
    for key in ("avg_pcs_per_firm", "avg_licence_value_usd"):
        if key in data:
            value = data[key]
            if not _is_number(value) or value < 0:
                bad(key, f"must be a number, 0 or more ({value!r})")
            else:
                numbers[key] = float(value)
    stated = _stated(data.get("stated"), "stated", bad)
    programme_name: str | None = None
    programme_stated: dict[str, float] = {}
    programme = data.get("programme")
    if isinstance(programme, str) and programme.strip():
        programme_name = programme.strip()
    elif isinstance(programme, dict) and isinstance(programme.get("name"), str):
        programme_name = str(programme["name"]).strip() or None
        programme_stated = _stated(programme.get("stated"), "programme", bad)
    elif programme is not None:
        bad("programme", "must be a name or an object with a name")
    seed = data.get("assignment_seed")
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool) or seed < 0):
        bad("assignment_seed", f"must be a whole number, 0 or more ({seed!r})")
    letter_arms = data.get("letter_arms", ["letter"])
    if not (
        isinstance(letter_arms, list)
        and letter_arms
        and all(isinstance(a, str) and is_letter_arm(a) for a in letter_arms)
        and len(set(letter_arms)) == len(letter_arms)
    ):
        bad("letter_arms", "must be a list of distinct names letter or letter_<wording>")
    share = data.get("control_share", 0.20)
    if not _is_number(share) or not 0 <= share < 1:
        bad("control_share", f"must be a number from 0 to below 1 ({share!r})")
    if len(problems) > before or start is None or not isinstance(days, int):
        return None
    return Campaign(
        name=str(title).strip(),
        start_date=start,
        outcome_window_days=days,
        avg_pcs_per_firm=numbers["avg_pcs_per_firm"],
        avg_licence_value_usd=numbers["avg_licence_value_usd"],
        stated=stated,
        programme=programme_name,
        programme_stated=programme_stated,
        assignment_seed=seed,
        letter_arms=tuple(letter_arms),
        control_share=float(share),
    )


def _stated(value: Any, key: str, bad: Callable[[str, str], None]) -> dict[str, float]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(_is_number(v) for v in value.values()):
        bad(key, "stated figures must be an object of numbers")
        return {}
    return {str(k): float(v) for k, v in value.items()}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _json_key_line(text: str, key: str) -> int | None:
    match = re.search(rf'"{re.escape(key)}"\s*:', text)
    return text.count("\n", 0, match.start()) + 1 if match else None


# --- CSV files ----------------------------------------------------------------------------------

RowParser = Callable[[Mapping[str, str], "_RowProblems"], Any]


@dataclass(slots=True)
class _RowProblems:
    file: str
    line: int
    problems: list[Problem]

    def add(self, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, self.line, column, message))


def _csv_records(
    path: Path,
    required: tuple[str, ...],
    problems: list[Problem],
    header_out: list[str] | None = None,
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line, row) for each data record; report file-level problems and bad rows.

    `header_out`, when given, receives the header's column names once they are read."""
    name = path.name
    if not path.is_file():
        problems.append(Problem(name, None, None, "file is missing"))
        return
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(
            Problem(name, line, None, f"not UTF-8 text (byte 0x{raw[error.start]:02x})")
        )
        return
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        problems.append(Problem(name, 1, None, "file is empty (a header row is required)"))
        return
    except csv.Error as error:
        problems.append(Problem(name, 1, None, f"not valid CSV: {error}"))
        return
    if header_out is not None:
        header_out.extend(header)
    missing = [c for c in required if c not in header]
    for column in missing:
        problems.append(Problem(name, 1, column, "required column is missing"))
    duplicated = sorted({c for c in header if header.count(c) > 1})
    for column in duplicated:
        problems.append(Problem(name, 1, column, "column appears more than once"))
    if missing or duplicated:
        return
    previous_end = reader.line_num
    while True:
        line = previous_end + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.append(Problem(name, line, None, f"not valid CSV: {error}"))
            return
        previous_end = reader.line_num
        if not values or (len(values) == 1 and not values[0].strip()):
            continue  # blank line
        if len(values) != len(header):
            problems.append(
                Problem(name, line, None, f"has {len(values)} fields, the header has {len(header)}")
            )
            continue
        yield line, {h: v.strip() for h, v in zip(header, values, strict=True)}


def _read_rows(
    path: Path, required: tuple[str, ...], problems: list[Problem], parse: RowParser
) -> list[Any]:
    rows = []
    for line, row in _csv_records(path, required, problems):
        sink = _RowProblems(path.name, line, problems)
        before = len(problems)
        value = parse(row, sink)
        if len(problems) == before and value is not None:
            rows.append(value)
    return rows


def _read_targets(path: Path, problems: list[Problem]) -> tuple[list[Target], bool, set[str]]:
    """Valid targets, whether the arm column is present, and every target_id named (valid row or
    not, so other files' rows are not reported again for a target whose own row is wrong)."""
    targets: list[Target] = []
    first_line: dict[str, int] = {}
    ruc_line: dict[str, tuple[str, int]] = {}
    header: list[str] = []
    for line, row in _csv_records(path, TARGET_COLUMNS, problems, header):
        has_arm = "arm" in header
        sink = _RowProblems(path.name, line, problems)
        before = len(problems)
        target_id = row["target_id"]
        if not target_id:
            sink.add("target_id", "is empty")
        elif target_id in first_line:
            sink.add("target_id", f"duplicate {target_id} (first on line {first_line[target_id]})")
        else:
            first_line[target_id] = line
        if not row["name"]:
            sink.add("name", "is empty")
        ruc = _check_ruc(row["ruc"], sink, required=False)
        if ruc:
            if ruc in ruc_line:
                other, other_line = ruc_line[ruc]
                sink.add("ruc", f"{ruc} is already the RUC of {other} (line {other_line})")
            else:
                ruc_line[ruc] = (target_id, line)
        arm: str | None = None
        if has_arm:
            arm = row["arm"]
            if not arm:
                sink.add("arm", "is empty (control, letter or letter_<wording>)")
            elif not is_known_arm(arm):
                sink.add(
                    "arm", f"unknown arm {arm!r} (expected control, letter or letter_<wording>)"
                )
        if len(problems) == before:
            targets.append(
                Target(
                    target_id=target_id,
                    name=row["name"],
                    ruc=ruc,
                    address=row["address"],
                    district=row["district"],
                    department=row["department"],
                    size=row["size"],
                    arm=arm,
                )
            )
    return targets, "arm" in header, set(first_line)


def _dispatch_row(known: set[str]) -> RowParser:
    def parse(row: Mapping[str, str], sink: _RowProblems) -> Dispatch | None:
        target_id = _check_target(row["target_id"], known, sink)
        sent_on = _check_date(row, "sent_on", sink)
        channel = _check_choice(row, "channel", CHANNELS, sink)
        status = _check_choice(row, "status", DISPATCH_STATUSES, sink)
        if target_id is None or sent_on is None or channel is None or status is None:
            return None
        return Dispatch(target_id, sent_on, channel, status)

    return parse


def _response_row(known: set[str]) -> RowParser:
    def parse(row: Mapping[str, str], sink: _RowProblems) -> Response | None:
        target_id = _check_target(row["target_id"], known, sink)
        responded_on = _check_date(row, "responded_on", sink)
        kind = _check_choice(row, "kind", RESPONSE_KINDS, sink)
        if target_id is None or responded_on is None or kind is None:
            return None
        return Response(target_id, responded_on, kind)

    return parse


def _licence_row(row: Mapping[str, str], sink: _RowProblems) -> Licence | None:
    ruc = _check_ruc(row["ruc"], sink, required=False)
    if not ruc and not row["name"]:
        sink.add("name", "is empty and so is ruc: the purchase cannot be linked to a firm")
    purchased_on = _check_date(row, "purchased_on", sink)
    seats = _check_whole(row, "seats", sink)
    amount = _check_amount(row, "amount_usd", sink)
    if purchased_on is None or seats is None or amount is None:
        return None
    return Licence(
        rights_holder=row["rights_holder"],
        ruc=ruc,
        name=row["name"],
        address=row["address"],
        district=row["district"],
        department=row["department"],
        purchased_on=purchased_on,
        seats=seats,
        amount_usd=amount,
        line=sink.line,
    )


# --- field checks -------------------------------------------------------------------------------


def _parse_date(value: str) -> date | None:
    if not _ISO_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _check_date(row: Mapping[str, str], column: str, sink: _RowProblems) -> date | None:
    value = row[column]
    parsed = _parse_date(value)
    if parsed is None:
        sink.add(column, f"not an ISO date YYYY-MM-DD ({value!r})")
    return parsed


def _check_choice(
    row: Mapping[str, str], column: str, allowed: tuple[str, ...], sink: _RowProblems
) -> str | None:
    value = row[column]
    if value in allowed:
        return value
    sink.add(column, f"unknown value {value!r} (expected {' | '.join(allowed)})")
    return None


def _check_target(value: str, known: set[str], sink: _RowProblems) -> str | None:
    if not value:
        sink.add("target_id", "is empty")
        return None
    if value not in known:
        sink.add("target_id", f"unknown target {value} (not in targets.csv)")
        return None
    return value


def _check_ruc(value: str, sink: _RowProblems, *, required: bool) -> str:
    """The compact RUC, or "" (empty, or invalid and reported)."""
    if not value:
        if required:
            sink.add("ruc", "is empty")
        return ""
    try:
        return str(pe_ruc.validate(value))
    except stdnum_exceptions.InvalidChecksum:
        sink.add("ruc", f"check digit is wrong ({value})")
    except stdnum_exceptions.InvalidLength:
        sink.add("ruc", f"must have 11 digits ({value})")
    except stdnum_exceptions.InvalidFormat:
        sink.add("ruc", f"must contain only digits ({value})")
    except stdnum_exceptions.InvalidComponent:
        sink.add("ruc", f"must start with 10, 15, 17 or 20 ({value})")
    except stdnum_exceptions.ValidationError:
        sink.add("ruc", f"not a valid RUC ({value})")
    return ""


def _check_whole(row: Mapping[str, str], column: str, sink: _RowProblems) -> int | None:
    value = row[column]
    if not re.fullmatch(r"-?\d+", value):
        sink.add(column, f"must be a whole number ({value!r})")
        return None
    number = int(value)
    if number < 0:
        sink.add(column, f"must not be negative ({value})")
        return None
    return number


def _check_amount(row: Mapping[str, str], column: str, sink: _RowProblems) -> Decimal | None:
    value = row[column]
    try:
        amount = Decimal(value)
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        sink.add(column, f"must be a number such as 1250.50 ({value!r})")
        return None
    if amount < 0:
        sink.add(column, f"must not be negative ({value})")
        return None
    return amount
