"""Dated legal parameters, read from the YAML files under ``parameters/``.

One file per legal value, in the style of openfisca-france::

    description: Unidad Impositiva Tributaria (UIT)
    values:
      2024-01-01:
        value: 5150
    metadata:
      unit: currency-PEN
      reference:
        - title: DS 309-2023-EF
          href: https://...
      last_value_still_valid_on: 2024-12-31
      status: confirmed          # or unconfirmed
      note: free text

A value is a number, a table (mapping of row key to number) or, when ``unit`` is ``date``, an ISO
date. A value entry may carry its own ``reference``, ``status`` and ``note``, which take precedence
over the file's metadata. The loader rejects unknown keys, dates that are not ``YYYY-MM-DD`` and
duplicate keys, with messages naming the file. Lookup returns the latest value on or before the
date; a date before the first value is a :class:`~ipenforce.fines.errors.MissingParameterError`
naming the parameter.

``bodies.yaml`` is the register of deciding bodies (labels, law, which sales-share cap applies).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ipenforce.fines.errors import MissingParameterError, ParameterFileError

#: Where the shipped parameter files live.
DEFAULT_ROOT = Path(__file__).resolve().parent / "parameters"

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FILE_KEYS = {"description", "values", "metadata", "documentation"}
_REQUIRED_FILE_KEYS = {"description", "values", "metadata"}
_VALUE_KEYS = {"value", "reference", "status", "note"}
_METADATA_KEYS = {"unit", "reference", "last_value_still_valid_on", "status", "note"}
_REFERENCE_KEYS = {"title", "href"}
_STATUSES = ("confirmed", "unconfirmed")
_BODIES_FILE_KEYS = {"description", "bodies", "metadata"}
_BODY_KEYS = {"name_es", "name_en", "law", "sales_share_cap", "note"}

ParamValue = Decimal | dt.date | dict[str, Decimal]

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe YAML loader: duplicate keys are errors, floats are Decimals, dates stay text."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            line = key_node.start_mark.line + 1
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (line {line})", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
    return result


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    return Decimal(text)


def _construct_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_text)


@dataclass(frozen=True, slots=True)
class Reference:
    title: str
    href: str | None = None

    def text(self) -> str:
        return f"{self.title} ({self.href})" if self.href else self.title


@dataclass(frozen=True, slots=True)
class DatedValue:
    """One value of a parameter, in force from ``in_force_from``."""

    name: str
    value: ParamValue
    in_force_from: dt.date
    unit: str
    references: tuple[Reference, ...]
    status: str
    note: str | None = None

    @property
    def reference_text(self) -> str:
        return "; ".join(r.text() for r in self.references)

    def number(self) -> Decimal:
        if not isinstance(self.value, Decimal):
            raise TypeError(f"parameter {self.name} is not a number")
        return self.value

    def row(self, key: str) -> DatedValue:
        """The row ``key`` of a table value, as a value of its own named ``name[key]``."""
        full = f"{self.name}[{key}]"
        if not isinstance(self.value, dict) or key not in self.value:
            raise MissingParameterError(
                full,
                f"missing parameter {full} (no row {key!r} in force on {self.in_force_from})",
                f"falta el parámetro {full} (no hay fila {key!r} vigente)",
            )
        return DatedValue(
            full,
            self.value[key],
            self.in_force_from,
            self.unit,
            self.references,
            self.status,
            self.note,
        )


@dataclass(frozen=True, slots=True)
class Parameter:
    """A legal value with its history."""

    name: str
    description: str
    unit: str
    values: tuple[DatedValue, ...]  # sorted by date
    last_value_still_valid_on: dt.date | None
    status: str
    note: str | None
    path: Path

    def at(self, when: dt.date) -> DatedValue:
        """The latest value on or before ``when``."""
        found: DatedValue | None = None
        for value in self.values:
            if value.in_force_from <= when:
                found = value
            else:
                break
        if found is None:
            first = self.values[0].in_force_from
            raise MissingParameterError(
                self.name,
                f"parameter {self.name} has no value on {when.isoformat()} "
                f"(its first value is in force from {first.isoformat()})",
                f"el parámetro {self.name} no tiene valor al {when.isoformat()} "
                f"(su primer valor rige desde {first.isoformat()})",
            )
        return found


@dataclass(frozen=True, slots=True)
class Body:
    """A deciding body of INDECOPI, from ``bodies.yaml``."""

    id: str
    name_es: str
    name_en: str
    law: str
    sales_share_cap: str | None
    note: str | None = None


def _err(path: Path, root: Path, message: str) -> ParameterFileError:
    try:
        shown = path.relative_to(root.parent)
    except ValueError:
        shown = path
    return ParameterFileError(f"{shown}: {message}")


def _parse_date(raw: object, path: Path, root: Path, where: str) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    if not isinstance(raw, str) or not _ISO_DATE.match(raw):
        raise _err(path, root, f"{where}: {raw!r} is not an ISO date (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise _err(path, root, f"{where}: {raw!r} is not a valid date ({exc})") from None


def _check_keys(
    data: object, allowed: set[str], required: set[str], path: Path, root: Path, where: str
) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise _err(path, root, f"{where}: expected a mapping")
    unknown = sorted(str(k) for k in data if k not in allowed)
    if unknown:
        raise _err(path, root, f"{where}: unknown key(s) {', '.join(unknown)}")
    missing = sorted(required - set(data))
    if missing:
        raise _err(path, root, f"{where}: missing key(s) {', '.join(missing)}")
    return data


def _parse_references(raw: object, path: Path, root: Path, where: str) -> tuple[Reference, ...]:
    if not isinstance(raw, list) or not raw:
        raise _err(path, root, f"{where}: reference must be a non-empty list of {{title, href}}")
    refs = []
    for i, item in enumerate(raw):
        entry = _check_keys(item, _REFERENCE_KEYS, {"title"}, path, root, f"{where}[{i}]")
        title, href = entry["title"], entry.get("href")
        if not isinstance(title, str) or not title.strip():
            raise _err(path, root, f"{where}[{i}].title: must be non-empty text")
        if href is not None and not isinstance(href, str):
            raise _err(path, root, f"{where}[{i}].href: must be text")
        refs.append(Reference(title.strip(), href))
    return tuple(refs)


def _parse_status(raw: object, path: Path, root: Path, where: str) -> str:
    if raw not in _STATUSES:
        raise _err(path, root, f"{where}: status must be one of {', '.join(_STATUSES)}")
    return str(raw)


def _parse_number(raw: object, path: Path, root: Path, where: str) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal):
        raise _err(path, root, f"{where}: expected a number, got {raw!r}")
    return Decimal(raw)


def _read_yaml(path: Path, root: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise _err(path, root, f"cannot read ({exc.strerror})") from None
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise _err(path, root, f"invalid YAML: {exc}") from None


def load_parameter_file(path: Path, name: str, root: Path = DEFAULT_ROOT) -> Parameter:
    """Read and validate one parameter file."""
    data = _check_keys(_read_yaml(path, root), _FILE_KEYS, _REQUIRED_FILE_KEYS, path, root, "file")
    if not isinstance(data["description"], str) or not data["description"].strip():
        raise _err(path, root, "description: must be non-empty text")
    meta = _check_keys(
        data["metadata"], _METADATA_KEYS, {"unit", "reference", "status"}, path, root, "metadata"
    )
    unit = meta["unit"]
    if not isinstance(unit, str) or not unit:
        raise _err(path, root, "metadata.unit: must be text")
    file_refs = _parse_references(meta["reference"], path, root, "metadata.reference")
    file_status = _parse_status(meta["status"], path, root, "metadata.status")
    note = meta.get("note")
    if note is not None and not isinstance(note, str):
        raise _err(path, root, "metadata.note: must be text")
    last_valid = None
    if meta.get("last_value_still_valid_on") is not None:
        last_valid = _parse_date(
            meta["last_value_still_valid_on"], path, root, "metadata.last_value_still_valid_on"
        )
    raw_values = data["values"]
    if not isinstance(raw_values, dict) or not raw_values:
        raise _err(path, root, "values: must be a non-empty mapping of dates")
    values = []
    for raw_date, raw_entry in raw_values.items():
        when = _parse_date(raw_date, path, root, f"values.{raw_date}")
        where = f"values.{when.isoformat()}"
        entry = _check_keys(raw_entry, _VALUE_KEYS, {"value"}, path, root, where)
        raw = entry["value"]
        value: ParamValue
        if unit == "date":
            value = _parse_date(raw, path, root, f"{where}.value")
        elif isinstance(raw, dict):
            if not raw:
                raise _err(path, root, f"{where}.value: empty table")
            value = {
                str(k): _parse_number(v, path, root, f"{where}.value.{k}") for k, v in raw.items()
            }
        else:
            value = _parse_number(raw, path, root, f"{where}.value")
        refs = (
            _parse_references(entry["reference"], path, root, f"{where}.reference")
            if "reference" in entry
            else file_refs
        )
        status = (
            _parse_status(entry["status"], path, root, f"{where}.status")
            if "status" in entry
            else file_status
        )
        value_note = entry.get("note", note)
        if value_note is not None and not isinstance(value_note, str):
            raise _err(path, root, f"{where}.note: must be text")
        values.append(DatedValue(name, value, when, unit, refs, status, value_note))
    values.sort(key=lambda v: v.in_force_from)
    return Parameter(
        name=name,
        description=data["description"].strip(),
        unit=unit,
        values=tuple(values),
        last_value_still_valid_on=last_valid,
        status=file_status,
        note=note,
        path=path,
    )


def load_bodies_file(path: Path, root: Path = DEFAULT_ROOT) -> dict[str, Body]:
    """Read and validate ``bodies.yaml``."""
    data = _check_keys(
        _read_yaml(path, root), _BODIES_FILE_KEYS, _BODIES_FILE_KEYS, path, root, "file"
    )
    meta = _check_keys(
        data["metadata"], _METADATA_KEYS, {"reference", "status"}, path, root, "metadata"
    )
    _parse_references(meta["reference"], path, root, "metadata.reference")
    _parse_status(meta["status"], path, root, "metadata.status")
    raw = data["bodies"]
    if not isinstance(raw, dict) or not raw:
        raise _err(path, root, "bodies: must be a non-empty mapping")
    bodies: dict[str, Body] = {}
    for body_id, entry in raw.items():
        where = f"bodies.{body_id}"
        item = _check_keys(entry, _BODY_KEYS, {"name_es", "name_en", "law"}, path, root, where)
        for key in ("name_es", "name_en", "law"):
            if not isinstance(item[key], str) or not item[key].strip():
                raise _err(path, root, f"{where}.{key}: must be non-empty text")
        cap = item.get("sales_share_cap")
        if cap is not None and not isinstance(cap, str):
            raise _err(path, root, f"{where}.sales_share_cap: must be a parameter name or null")
        body_note = item.get("note")
        if body_note is not None and not isinstance(body_note, str):
            raise _err(path, root, f"{where}.note: must be text")
        bodies[str(body_id)] = Body(
            str(body_id), item["name_es"], item["name_en"], item["law"], cap, body_note
        )
    return bodies


@dataclass
class ParameterSet:
    """The parameter files under ``root``, read lazily and cached."""

    root: Path = DEFAULT_ROOT
    _cache: dict[str, Parameter] = field(default_factory=dict, repr=False)
    _bodies: dict[str, Body] | None = field(default=None, repr=False)

    def path_of(self, name: str) -> Path:
        return self.root / f"{name}.yaml"

    def has(self, name: str) -> bool:
        return self.path_of(name).is_file()

    def get(self, name: str) -> Parameter:
        """The parameter ``name`` (e.g. ``"uit"``, ``"legal_maximum/copyright"``)."""
        if name not in self._cache:
            path = self.path_of(name)
            if not path.is_file():
                raise MissingParameterError(
                    name,
                    f"missing parameter {name} (no file parameters/{name}.yaml)",
                    f"falta el parámetro {name} (no existe parameters/{name}.yaml)",
                )
            self._cache[name] = load_parameter_file(path, name, self.root)
        return self._cache[name]

    def at(self, name: str, when: dt.date) -> DatedValue:
        return self.get(name).at(when)

    def bodies(self) -> Mapping[str, Body]:
        if self._bodies is None:
            self._bodies = load_bodies_file(self.root / "bodies.yaml", self.root)
        return self._bodies

    def names(self) -> list[str]:
        """Every parameter name under ``root`` (``bodies.yaml`` excluded)."""
        found = []
        for path in sorted(self.root.rglob("*.yaml")):
            rel = path.relative_to(self.root).with_suffix("").as_posix()
            if rel != "bodies":
                found.append(rel)
        return found

    def load_all(self) -> Iterator[Parameter]:
        """Every parameter, validated (raises on the first bad file)."""
        self.bodies()
        for name in self.names():
            yield self.get(name)


_DEFAULT: ParameterSet | None = None


def default_parameters() -> ParameterSet:
    """The shipped parameters (one shared, lazily filled instance)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = ParameterSet()
    return _DEFAULT
