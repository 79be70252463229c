"""Reading an uploaded list (CSV in UTF-8 or XLSX) into a header and numbered rows.

Line numbers are those a person sees: the CSV line where the record starts, or the spreadsheet
row. A CSV line that is not UTF-8 is read with replacement characters and reported by line, so
the preview can name it instead of refusing the whole file (the report is stored text, see
core.stored_text: each reader sees it in their own language).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ipenforce.core.stored_text import render, stored_text

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000


class UnreadableList(ValueError):
    """The file cannot be read as a list at all (no header, wrong format, too big)."""


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    #: first line of a record -> a message (stored text) per line of it not in UTF-8
    bad_lines: dict[int, list[dict[str, Any]]] = field(default_factory=dict)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_format(file_name: str, data: bytes) -> str:
    """'xlsx' or 'csv' from the content (an XLSX file is a ZIP archive) and the name."""
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    if file_name.lower().endswith((".xlsx", ".xlsm")):
        raise UnreadableList(_("El archivo no es un libro de Excel (.xlsx) válido."))
    if file_name.lower().endswith(".xls"):
        raise UnreadableList(
            _("El formato .xls antiguo no se admite: guarde el archivo como .xlsx o CSV.")
        )
    return "csv"


def read_table(data: bytes, fmt: str) -> Table:
    if len(data) > MAX_BYTES:
        raise UnreadableList(_("El archivo supera el tamaño máximo de 20 MB."))
    table = _read_xlsx(data) if fmt == "xlsx" else _read_csv(data)
    if not any(h for h in table.headers):
        raise UnreadableList(_("La primera fila debe tener los nombres de las columnas."))
    if len(table.rows) > MAX_ROWS:
        raise UnreadableList(_("La lista tiene más de 100 000 filas: divídala en varias."))
    return table


def _unique_headers(raw: list[str]) -> list[str]:
    headers: list[str] = []
    for index, value in enumerate(raw, start=1):
        name = " ".join(value.split()) or _("Columna %(n)s") % {"n": index}
        base, n = name, 2
        while name in headers:
            name, n = f"{base} ({n})", n + 1
        headers.append(name)
    return headers


def _decode(data: bytes) -> tuple[str, dict[int, dict[str, Any]]]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), {}
    except UnicodeDecodeError:
        pass
    lines: list[str] = []
    bad: dict[int, dict[str, Any]] = {}
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError as exc:
            lines.append(line.decode("utf-8", errors="replace"))
            bad[number] = stored_text(
                gettext_noop(
                    "la línea %(line)s no está en UTF-8 (byte 0x%(byte)02X en la posición "
                    "%(pos)s): guarde el archivo como «CSV UTF-8»"
                ),
                line=number,
                byte=line[exc.start],
                pos=exc.start + 1,
            )
    return "\n".join(lines), bad


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(data: bytes) -> Table:
    text, bad = _decode(data)
    if 1 in bad:
        raise UnreadableList(render(bad[1]))
    if "\x00" in text:
        raise UnreadableList(_("El archivo no es un CSV de texto (contiene bytes nulos)."))
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first))
    try:
        header = next(reader, None)
        if header is None:
            raise UnreadableList(_("El archivo está vacío."))
        headers = _unique_headers(header)
        table = Table(headers)
        start = reader.line_num + 1
        for values in reader:
            end = reader.line_num
            if any(v.strip() for v in values):
                row = {
                    h: (values[i].strip() if i < len(values) else "") for i, h in enumerate(headers)
                }
                extra = [v for v in values[len(headers) :] if v.strip()]
                if extra:
                    row["_extra"] = " | ".join(extra)
                table.rows.append((start, row))
                messages = [bad[n] for n in range(start, end + 1) if n in bad]
                if messages:
                    table.bad_lines[start] = messages
            start = end + 1
    except csv.Error as exc:
        raise UnreadableList(
            _("CSV mal formado en la línea %(line)s: %(error)s")
            % {"line": reader.line_num, "error": exc}
        ) from exc
    return table


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise UnreadableList(_("El archivo no es un libro de Excel (.xlsx) válido.")) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise UnreadableList(_("La primera hoja del libro está vacía."))
        headers = _unique_headers([_cell(v) for v in header])
        table = Table(headers)
        for line, values in enumerate(rows, start=2):
            cells = [_cell(v) for v in values]
            if any(cells):
                table.rows.append(
                    (line, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(headers)})
                )
        return table
    finally:
        workbook.close()
