"""The padrón reducido RUC file as SUNAT publishes it, read in blocks and validated with polars.

Format: ISO-8859-1 text, one taxpayer per line, fields separated by ``|``, every line (header
included) ending with ``|``; ``-`` means an empty field. Lines are read in blocks of a few
megabytes, so memory stays flat whatever the size of the file.

Structural problems (wrong header, wrong number of fields) raise `PadronFormatError` with the
line number: the import stops and writes nothing. Row problems (RUC check digit, missing
required field, malformed ubigeo, repeated RUC) reject the row only; `validate_block` returns
the rejected rows with their line number and reason.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import polars as pl
from django.utils.translation import gettext as _

ENCODING = "iso-8859-1"
SEPARATOR = "|"
EMPTY = "-"
HEADER = (
    "RUC",
    "NOMBRE O RAZÓN SOCIAL",
    "ESTADO DEL CONTRIBUYENTE",
    "CONDICIÓN DE DOMICILIO",
    "UBIGEO",
    "TIPO DE VÍA",
    "NOMBRE DE VÍA",
    "CÓDIGO DE ZONA",
    "TIPO DE ZONA",
    "NÚMERO",
    "INTERIOR",
    "LOTE",
    "DEPARTAMENTO",
    "MANZANA",
    "KILÓMETRO",
)
COLUMNS = (
    "ruc",
    "name",
    "state",
    "condition",
    "ubigeo",
    "via_type",
    "via_name",
    "zone_code",
    "zone_type",
    "number",
    "interior",
    "lot",
    "apartment",
    "block",
    "km",
)
ADDRESS_COLUMNS = COLUMNS[5:]
# Lengths of the mirror's columns (parties.SunatTaxpayer); longer values are rejected.
MAX_LENGTHS = {"name": 300, "state": 60, "condition": 60, "address": 500, "address_raw": 600}
# python-stdnum's RUC rules (stdnum.pe.ruc): 11 digits, these prefixes, weighted check digit.
RUC_PREFIXES = ("10", "15", "17", "20")
RUC_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
BLOCK_SIZE = 8 * 1024 * 1024

# Compared to decide whether a taxpayer changed; address_raw covers every street field.
COMPARED = ("name", "state", "condition", "ubigeo", "address", "address_raw")
# The columns handed to the loader, in this order.
STAGE_COLUMNS = (
    "ruc",
    "name",
    "state",
    "condition",
    "ubigeo",
    "district_id",
    "address",
    "address_raw",
    "row_hash",
)
# Seed of `row_hash`. Polars promises the same hash only within one version; the hash is just a
# filter (see `row_hash`), so a polars upgrade costs one slower import, never a missed change.
HASH_SEED = 0x5A4E4154


class ByteSource(Protocol):
    def readline(self) -> bytes: ...
    def read(self, size: int) -> bytes: ...


class PadronFormatError(ValueError):
    """The file is not a padrón reducido RUC; nothing is imported."""


def _fold(text: str) -> str:
    """Upper case without accents or surrounding blanks, to compare header names."""
    decomposed = unicodedata.normalize("NFKD", text.strip().upper())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def check_header(line: str) -> None:
    """Raise PadronFormatError naming the expected and found columns if `line` is not the header.

    Accents and case are not compared, so a header that lost its accents is still accepted.
    """
    found = line.rstrip("\r\n")
    if found.endswith(SEPARATOR):
        found = found[:-1]
    names = found.split(SEPARATOR)
    if "Ã" in found:
        hint = _(" (el archivo parece estar en UTF-8; SUNAT lo publica en ISO-8859-1)")
    else:
        hint = ""
    for position, expected in enumerate(HEADER, start=1):
        got = names[position - 1] if position <= len(names) else ""
        if _fold(got) != _fold(expected):
            raise PadronFormatError(
                _(
                    "línea 1: la cabecera no es la del padrón reducido RUC: la columna %(n)d "
                    "debería ser «%(expected)s» y es «%(found)s»%(hint)s"
                )
                % {"n": position, "expected": expected, "found": got, "hint": hint}
            )
    if len(names) > len(HEADER):
        raise PadronFormatError(
            _(
                "línea 1: la cabecera tiene %(found)d columnas y el padrón reducido RUC "
                "tiene %(expected)d; sobra «%(extra)s»"
            )
            % {"found": len(names), "expected": len(HEADER), "extra": names[len(HEADER)]}
        )


@dataclass
class Block:
    """Data lines of the file re-encoded as UTF-8, cut at a line end, without the last newline.

    `first_line` is the 1-based number of the first line, `lines` how many lines there are.
    """

    first_line: int
    data: bytes
    lines: int
    bytes_done: int


def read_blocks(
    stream: ByteSource, *, encoding: str = ENCODING, block_size: int | None = None
) -> Iterator[Block]:
    """Yield the data lines in blocks cut at line ends, after checking the header.

    `stream` is the file opened in binary mode; the header line is consumed here. Blocks are
    `BLOCK_SIZE` bytes unless `block_size` says otherwise.
    """
    block_size = block_size or BLOCK_SIZE
    header = stream.readline()
    if not header:
        raise PadronFormatError(_("el archivo está vacío"))
    check_header(header.decode(encoding))
    done = len(header)
    line_no = 2
    rest = b""
    while True:
        data = stream.read(block_size)
        if not data:
            break
        data = rest + data
        cut = data.rfind(b"\n")
        if cut < 0:
            rest = data
            continue
        chunk, rest = data[:cut], data[cut + 1 :]
        done += cut + 1
        lines = chunk.count(b"\n") + 1
        yield Block(line_no, chunk.decode(encoding).encode("utf-8"), lines, done)
        line_no += lines
    if rest.strip():
        done += len(rest)
        yield Block(line_no, rest.decode(encoding).encode("utf-8"), rest.count(b"\n") + 1, done)


def _nonempty(col: str) -> pl.Expr:
    return pl.when(pl.col(col) != "").then(pl.col(col))


def _address() -> pl.Expr:
    """The street fields as one line, the way SUNAT's own consultation page writes them."""

    def part(prefix: str, col: str) -> pl.Expr:
        return pl.when(pl.col(col) != "").then(pl.lit(prefix) + pl.col(col))

    return pl.concat_str(
        [
            _nonempty("via_type"),
            _nonempty("via_name"),
            part("NRO. ", "number"),
            part("INT. ", "interior"),
            part("MZA. ", "block"),
            part("LOTE ", "lot"),
            part("DPTO. ", "apartment"),
            part("KM. ", "km"),
            _nonempty("zone_code"),
            _nonempty("zone_type"),
        ],
        separator=" ",
        ignore_nulls=True,
    ).fill_null("")


def ruc_check_ok(ruc: pl.Expr) -> pl.Expr:
    """True when an 11-digit RUC's last digit is the stdnum.pe.ruc check digit."""
    number = ruc.cast(pl.Int64, strict=False)
    body = number // 10
    total = pl.sum_horizontal([(body // 10 ** (9 - i)) % 10 * w for i, w in enumerate(RUC_WEIGHTS)])
    return ((11 - total % 11) % 10) == number % 10


def ruc_reason() -> pl.Expr:
    """The same explanation as parties.validators.ruc_problem, null for a valid RUC."""
    ruc = pl.col("ruc")
    digits = ruc.str.contains(r"^\d{11}$")
    return (
        pl.when(ruc == "")
        .then(pl.lit(_("falta el RUC")))
        .when(ruc.str.len_chars() != 11)
        .then(pl.lit(_("el RUC debe tener 11 dígitos")))
        .when(~digits)
        .then(pl.lit(_("el RUC solo puede contener dígitos")))
        .when(~ruc.str.slice(0, 2).is_in(RUC_PREFIXES))
        .then(pl.lit(_("el RUC debe empezar por 10, 15, 16, 17 o 20")))
        .when(~ruc_check_ok(pl.when(digits).then(ruc).otherwise(pl.lit("00000000000"))))
        .then(pl.lit(_("el dígito verificador del RUC no es correcto")))
    )


def row_hash() -> pl.Expr:
    """A signed 64-bit hash of the compared fields (the mirror's `row_hash`).

    Equal hashes are taken as "unchanged" by the import without comparing the fields (a false
    match needs a 64-bit collision on the same RUC); different hashes only send the row to the
    database, which compares the fields themselves.
    """
    return pl.struct(COMPARED).hash(seed=HASH_SEED).reinterpret(signed=True)


def _row_ok() -> pl.Expr:
    """True for a row that passes every check (the cheap test run on all rows)."""
    ruc = pl.col("ruc")
    ubigeo = pl.col("ubigeo")
    ok = (
        ruc.str.contains("^(?:" + "|".join(RUC_PREFIXES) + r")\d{9}$")
        & ruc_check_ok(ruc)
        & (pl.col("name") != "")
        & (pl.col("state") != "")
        & (pl.col("condition") != "")
        & ((ubigeo == "") | ubigeo.str.contains(r"^\d{6}$"))
    )
    for col, limit in MAX_LENGTHS.items():
        ok = ok & (pl.col(col).str.len_chars() <= limit)
    return ok.fill_null(False)


def _too_long(col: str, label: str) -> pl.Expr:
    limit = MAX_LENGTHS[col]
    return pl.when(pl.col(col).str.len_chars() > limit).then(
        pl.lit(_("%(field)s de más de %(n)d caracteres") % {"field": label, "n": limit})
    )


class SeenRucs:
    """Which RUCs the file has already given, in a fixed 50 MB bitmap (flat memory).

    A valid RUC is determined by its first ten digits, and its prefix is one of four.
    """

    def __init__(self) -> None:
        self.bits = np.zeros(len(RUC_PREFIXES) * 10**8 // 8, dtype=np.uint8)

    @staticmethod
    def index(rucs: pl.Series) -> np.ndarray:
        prefix = rucs.str.slice(0, 2).replace_strict(
            {p: i for i, p in enumerate(RUC_PREFIXES)}, return_dtype=pl.Int64
        )
        body = rucs.str.slice(2, 8).cast(pl.Int64)
        return (prefix * 10**8 + body).to_numpy()

    def seen_then_add(self, rucs: pl.Series) -> np.ndarray:
        """For each (distinct, valid) RUC: was it seen before? Then mark all as seen."""
        idx = self.index(rucs)
        byte = idx >> 3
        bit = np.left_shift(1, idx & 7).astype(np.uint8)
        seen = (self.bits[byte] & bit) != 0
        np.bitwise_or.at(self.bits, byte, bit)
        return seen


@dataclass
class Validated:
    valid: pl.DataFrame  # STAGE_COLUMNS
    rejects: pl.DataFrame  # line, reason, ruc, record
    read: int
    unknown_ubigeo: int


def _parse_fast(block: Block) -> pl.DataFrame | None:
    """The block's fields with the CSV reader, or None when the block needs a closer look.

    Taken only when every line has exactly the 15 fields and trailing ``|`` and no line is
    blank: the reader refuses lines with more fields, and the total count of ``|`` proves
    that no line has fewer.
    """
    data = block.data
    if (
        data.count(b"|") != len(HEADER) * block.lines
        or b"\n\n" in data
        or b"\n\r\n" in data
        or data.startswith((b"\n", b"\r"))
    ):
        return None
    try:
        frame = pl.read_csv(
            data,
            separator=SEPARATOR,
            has_header=False,
            quote_char=None,
            infer_schema=False,
            new_columns=[*COLUMNS, "_trailing"],
        )
    except pl.exceptions.ComputeError:
        return None
    if frame.height != block.lines or frame.get_column("_trailing").null_count() != frame.height:
        return None
    return frame.drop("_trailing").with_row_index("line", offset=block.first_line)


def _parse_lines(block: Block) -> pl.DataFrame:
    """The block's fields line by line; raises PadronFormatError at the first malformed line."""
    lines = (
        pl.DataFrame({"record": [block.data.decode("utf-8")]})
        .select(pl.col("record").str.split("\n"))
        .explode("record")
        .with_row_index("line", offset=block.first_line)
        .with_columns(pl.col("record").str.strip_suffix("\r"))
        .filter(pl.col("record").str.strip_chars() != "")  # blank lines carry nothing
    )
    body = lines.get_column("record").str.strip_suffix(SEPARATOR)
    pipes = body.str.count_matches(SEPARATOR, literal=True)
    bad = (pipes != len(HEADER) - 1).arg_true()
    if len(bad):
        first = int(bad[0])
        raise PadronFormatError(
            _(
                "línea %(line)d: tiene %(found)d campos separados por «|» y el padrón "
                "reducido RUC tiene %(expected)d"
            )
            % {
                "line": lines.item(first, "line"),
                "found": int(pipes[first]) + 1,
                "expected": len(HEADER),
            }
        )
    fields = (
        body.str.split_exact(SEPARATOR, len(HEADER) - 1)
        .struct.rename_fields(list(COLUMNS))
        .struct.unnest()
    )
    return pl.concat([lines.select("line"), fields], how="horizontal")


def validate_block(block: Block, known_ubigeo: pl.Series, seen: SeenRucs) -> Validated:
    """Split a block into rows for the staging table and rejected rows with their reason."""
    raw = _parse_fast(block)
    if raw is None:
        raw = _parse_lines(block)
    raw = raw.with_columns(pl.col("line").cast(pl.Int64))
    ubigeo = pl.col("ubigeo")
    frame = (
        raw.lazy()
        .with_columns(pl.col(COLUMNS).fill_null("").str.strip_chars())
        .with_columns(
            pl.when(pl.col(c) == EMPTY).then(pl.lit("")).otherwise(pl.col(c)).alias(c)
            for c in COLUMNS
        )
        .with_columns(
            address=_address(),
            address_raw=pl.concat_str([pl.col(c) for c in ADDRESS_COLUMNS], separator=SEPARATOR),
            district_id=pl.when(ubigeo.is_in(known_ubigeo.implode())).then(ubigeo),
        )
        .with_columns(_ok=_row_ok())
        .collect()
    )
    # Reasons are spelled out only for the (few) rows that fail.
    failed = frame.filter(~pl.col("_ok")).with_columns(
        reason=pl.coalesce(
            ruc_reason(),
            pl.when(pl.col("name") == "").then(pl.lit(_("falta el nombre o razón social"))),
            pl.when(pl.col("state") == "").then(pl.lit(_("falta el estado del contribuyente"))),
            pl.when(pl.col("condition") == "").then(pl.lit(_("falta la condición de domicilio"))),
            pl.when((ubigeo != "") & ~ubigeo.str.contains(r"^\d{6}$")).then(
                pl.format(_("ubigeo mal formado: «{}» (deben ser 6 dígitos)"), ubigeo)
            ),
            _too_long("name", _("nombre o razón social")),
            _too_long("state", _("estado del contribuyente")),
            _too_long("condition", _("condición de domicilio")),
            _too_long("address", _("dirección")),
            _too_long("address_raw", _("dirección")),
        )
    )
    ok = frame.filter(pl.col("_ok"))
    # A RUC given twice: the first line wins, later ones are rejected.
    first_here = ok.get_column("ruc").is_first_distinct()
    seen_before = pl.Series(seen.seen_then_add(ok.get_column("ruc").filter(first_here)))
    repeated = (~first_here).scatter(first_here.arg_true(), seen_before)
    duplicate_reason = _("RUC repetido en el archivo (se conserva su primera línea)")
    rejected = pl.concat(
        [
            failed.select("line", "reason", "ruc"),
            ok.filter(repeated).select("line", pl.lit(duplicate_reason).alias("reason"), "ruc"),
        ]
    ).sort("line")
    records = raw.filter(pl.col("line").is_in(rejected.get_column("line").implode())).select(
        "line",
        record=pl.concat_str([pl.col(c).fill_null("") for c in COLUMNS], separator=SEPARATOR)
        + SEPARATOR,
    )
    rejects = rejected.join(records, on="line", how="left")
    valid = ok.filter(~repeated).with_columns(row_hash=row_hash()).select(STAGE_COLUMNS)
    unknown = valid.filter((pl.col("ubigeo") != "") & pl.col("district_id").is_null()).height
    return Validated(valid=valid, rejects=rejects, read=raw.height, unknown_ubigeo=unknown)
