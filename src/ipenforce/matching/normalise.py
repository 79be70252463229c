"""Normalisation of firm names, legal forms, addresses and districts.

One implementation, written as Polars expressions so that a list of 200,000 firms is normalised in
vectorised Rust code; the scalar functions (``normalise_name`` ...) run the same expressions on a
one-row frame, so what the unit tests check is exactly what the batch runs.

Rules are data (the tables below), read as: every spelling on the right becomes the code on the
left. Names lose accents, punctuation, the legal form (kept apart as a code: SAC, SRL, EIRL, SA,
SAA, SACS, SCRL) and filler words (DE, LA, Y ...); common abbreviations of name words are spelled
out (CORP. -> CORPORACION). Addresses get one spelling per street type (AVENIDA -> AV), lose the
number markers (NRO., N°, #) and are split into street, number and the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl

# Legal forms of Peruvian firms (Ley General de Sociedades, DL 21621 for the EIRL). Patterns are
# matched on the upper-cased, accent-free text after dots are removed ("S.A.C." -> "SAC",
# "S. A. C." -> "S A C"). Longest spellings first.
LEGAL_FORMS: dict[str, list[str]] = {
    "SACS": [r"SOCIEDAD POR ACCIONES CERRADA SIMPLIFICADA", r"S ?A ?C ?S"],
    "SAC": [r"SOCIEDAD ANONIMA CERRADA", r"S ?A ?C"],
    "SAA": [r"SOCIEDAD ANONIMA ABIERTA", r"S ?A ?A"],
    "EIRL": [
        r"EMPRESA INDIVIDUAL DE RESPONSABILIDAD LIMITADA",
        r"E ?I ?R ?L(?:TDA)?",
    ],
    "SCRL": [r"SOCIEDAD COMERCIAL DE RESPONSABILIDAD LIMITADA", r"S ?C ?R ?L(?:TDA)?"],
    "SRL": [r"SOCIEDAD DE RESPONSABILIDAD LIMITADA", r"S ?R ?L(?:TDA)?"],
    "SA": [r"SOCIEDAD ANONIMA", r"S ?A"],
}
# SCRL and SRL are the same legal form in practice (the "comercial" is often dropped).
LEGAL_FORM_ALIASES: dict[str, str] = {"SCRL": "SRL"}

# Abbreviations of words that appear in firm names, spelled out before comparison.
NAME_WORDS: dict[str, list[str]] = {
    "INVERSIONES": ["INV", "INVS", "INVERS", "INVERSION"],
    "COMERCIAL": ["COM", "COMERC", "CIAL"],
    "COMPANIA": ["CIA"],
    "DISTRIBUIDORA": ["DIST", "DISTRIB", "DISTRIBUID", "DISTRIBUCIONES"],
    "CORPORACION": ["CORP", "CORPORAC", "CORPORATION"],
    "SERVICIOS": ["SERV", "SERVS", "SERVIC", "SERVICIO"],
    "GENERALES": ["GRALES", "GRLES", "GENER", "GRAL", "GENERAL"],
    "NEGOCIACIONES": ["NEG", "NEGOC", "NEGOCIACION"],
    "IMPORTADORA": ["IMP", "IMPORT"],
    "EXPORTADORA": ["EXP", "EXPORT"],
    "CONSTRUCTORA": ["CONST", "CONSTRUCT", "CONSTR"],
    "INDUSTRIAS": ["IND", "INDUST", "INDUSTRIA", "INDS"],
    "TRANSPORTES": ["TRANSP", "TRANS", "TRANSPORTE"],
    "REPRESENTACIONES": ["REPRES", "REPRESENT", "REPRESENTACION"],
    "MULTISERVICIOS": ["MULTISERV"],
    "EMPRESA": ["EMP"],
    "INGENIERIA": ["ING"],
    "HERMANOS": ["HNOS", "HMNOS"],
    "SANTA": ["STA"],
    "SANTO": ["STO"],
    "SAN": ["SN"],
    "NUESTRA SENORA": ["NTRA SRA"],
}
# Filler words that carry no identity.
NAME_STOPWORDS: list[str] = ["DE", "DEL", "LA", "LAS", "LOS", "EL", "Y", "E", "EN", "THE", "AND"]

# Street types and other address words: code <- spellings (after dots become spaces).
STREET_TYPES: dict[str, list[str]] = {
    "AV": ["AVENIDA", "AVDA", "AVEN", "AV"],
    "JR": ["JIRON", "JR", "JRN"],
    "CA": ["CALLE", "CAL", "CL", "CA", "CLL"],
    "PJ": ["PASAJE", "PSJE", "PSJ", "PJE", "PJ"],
    "PROL": ["PROLONGACION", "PROL"],
    "CARR": ["CARRETERA", "CARR", "CTRA"],
    "ALAM": ["ALAMEDA", "ALAM"],
    "MLC": ["MALECON", "MLC"],
    "OVAL": ["OVALO"],
    "PZA": ["PLAZA", "PZA"],
}
ADDRESS_WORDS: dict[str, list[str]] = {
    "MZ": ["MANZANA", "MZA", "MZ"],
    "LT": ["LOTE", "LT", "LTE"],
    "URB": ["URBANIZACION", "URB"],
    "INT": ["INTERIOR", "INT"],
    "DPTO": ["DEPARTAMENTO", "DPTO", "DPT", "DEP"],
    "OF": ["OFICINA", "OF", "OFIC"],
    "TDA": ["TIENDA", "TDA"],
    "AAHH": ["ASENTAMIENTO HUMANO", "AAHH", "AA HH", "AH"],
    "SN": ["S N", "SN", "SIN NUMERO"],
}
# Markers before a street number, dropped: "NRO. 123", "N° 123", "# 123", "NUM 123".
NUMBER_MARKERS: list[str] = ["NRO", "NUMERO", "NUM", "NO", "N", "NR"]
# Words after which a number is not the street number.
UNIT_WORDS: list[str] = ["INT", "DPTO", "OF", "TDA", "PISO", "STAND", "KM", "MZ", "LT", "URB"]

DISTRICT_ALIASES: dict[str, list[str]] = {
    "LIMA": ["CERCADO DE LIMA", "LIMA CERCADO", "CERCADO"],
    "SANTIAGO DE SURCO": ["SURCO"],
    "SAN JUAN DE LURIGANCHO": ["SJL"],
    "SAN MARTIN DE PORRES": ["SMP"],
    "SAN JUAN DE MIRAFLORES": ["SJM"],
    "VILLA EL SALVADOR": ["VES"],
    "VILLA MARIA DEL TRIUNFO": ["VMT"],
    "JOSE LUIS BUSTAMANTE Y RIVERO": ["J L BUSTAMANTE Y RIVERO", "BUSTAMANTE Y RIVERO"],
    "MAGDALENA DEL MAR": ["MAGDALENA"],
    "CUSCO": ["CUZCO"],
}


def _words_re(words: list[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return r"(?-u:\b)(?:" + "|".join(ordered) + r")(?-u:\b)"


def _legal_form_re() -> str:
    alts = [p for pats in LEGAL_FORMS.values() for p in pats]
    alts.sort(key=len, reverse=True)
    return r"(?:^|\s)(" + "|".join(alts) + r")\s*$"


_LEGAL_FORM_RE = _legal_form_re()


def _legal_form_keys() -> dict[str, str]:
    """Every spelling of a legal form with its spaces removed -> its code."""
    keys: dict[str, str] = {}
    for code, patterns in LEGAL_FORMS.items():
        for p in patterns:
            bare = p.replace(" ?", "").replace(" ", "")
            for suffix in ("", "TDA"):
                keys[bare.replace("(?:TDA)?", suffix)] = LEGAL_FORM_ALIASES.get(code, code)
    return keys


def _word_map(table: dict[str, list[str]]) -> tuple[dict[str, str], dict[str, str]]:
    """Split a table into single-word spellings (a dict lookup per word) and multi-word ones
    (a regex each)."""
    single: dict[str, str] = {}
    multi: dict[str, str] = {}
    for code, spellings in table.items():
        for sp in spellings:
            (multi if " " in sp else single)[sp] = code
    return single, multi


_LEGAL_FORM_KEYS = _legal_form_keys()
_NAME_SINGLE, _NAME_MULTI = _word_map(NAME_WORDS)
_ADDR_SINGLE, _ADDR_MULTI = _word_map({**STREET_TYPES, **ADDRESS_WORDS})
_DISTRICT_MAP = {s: code for code, spellings in DISTRICT_ALIASES.items() for s in spellings}
_ACCENTS = {
    "ÁÀÂÄÃÅ": "A",
    "ÉÈÊË": "E",
    "ÍÌÎÏ": "I",
    "ÓÒÔÖÕ": "O",
    "ÚÙÛÜ": "U",
    "Ñ": "N",
    "Ç": "C",
    "Ý": "Y",
}
_ACCENT_FROM = [c for group in _ACCENTS for c in group]
_ACCENT_TO = [base for group, base in _ACCENTS.items() for _ in group]


def basic(col: pl.Expr) -> pl.Expr:
    """Upper case, accents removed, dots dropped inside abbreviations, other punctuation turned
    into spaces, spaces collapsed. Empty text becomes null."""
    e = (
        col.cast(pl.String)
        .str.to_uppercase()
        .str.replace_many(_ACCENT_FROM, _ACCENT_TO)
        .str.replace_all(r"N?\s*[°º]", " NRO ")
        .str.replace_all("&", " Y ", literal=True)
        # "S.A.C." -> "SAC"; "AV.AREQUIPA" -> "AV AREQUIPA"
        .str.replace_all(r"(?-u:\b)([A-Z])\.\s*", "$1")
        .str.replace_all(r"[^A-Z0-9]+", " ")
        .str.strip_chars()
    )
    return pl.when(e == "").then(None).otherwise(e)


def _map_words(e: pl.Expr, single: dict[str, str], multi: dict[str, str]) -> pl.Expr:
    for spelling, code in multi.items():
        e = e.str.replace_all(_words_re([spelling]), code)
    return e.str.split(" ").list.eval(pl.element().replace(single)).list.join(" ")


def add_name_columns(lf: pl.LazyFrame, col: str = "name") -> pl.LazyFrame:
    """Add columns derived from a firm name: ``name_norm`` (full text), ``legal_form`` (code or
    null), ``name_core`` (without legal form and filler words, abbreviations spelled out) and
    ``name_sorted`` (the core's words in alphabetical order)."""
    lf = lf.with_columns(basic(pl.col(col)).alias("name_norm"))
    norm = pl.col("name_norm")
    lf = lf.with_columns(
        norm.str.extract(_LEGAL_FORM_RE, 1)
        .str.replace_all(" ", "", literal=True)
        .replace(_LEGAL_FORM_KEYS)
        .alias("legal_form"),
        norm.str.replace(_LEGAL_FORM_RE, "").str.strip_chars().alias("_bare"),
    )
    bare = pl.col("_bare")
    words = _map_words(bare, _NAME_SINGLE, _NAME_MULTI).str.split(" ")
    lf = lf.with_columns(
        words.list.eval(pl.element().filter(~pl.element().is_in(NAME_STOPWORDS))).alias("_w")
    )
    w = pl.col("_w")
    # A name made only of filler words (or of a legal form) keeps what it has.
    w = pl.when(w.list.len() > 0).then(w).otherwise(bare.str.split(" "))
    w = pl.when(bare == "").then(norm.str.split(" ")).otherwise(w)
    lf = lf.with_columns(
        w.list.join(" ").alias("name_core"), w.list.sort().list.join(" ").alias("name_sorted")
    )
    return lf.drop("_bare", "_w")


def add_address_columns(lf: pl.LazyFrame, col: str = "address") -> pl.LazyFrame:
    """Add columns derived from an address: ``addr_norm`` (canonical text), ``addr_street``
    (street type and name, without numbers and units) and ``addr_number`` (the street number,
    or manzana and lote)."""
    a = _map_words(basic(pl.col(col)), _ADDR_SINGLE, _ADDR_MULTI)
    markers = "|".join(NUMBER_MARKERS)
    a = a.str.replace_all(r"(?:^|\s)(?:" + markers + r")\s*(\d)", " $1").str.strip_chars()
    lf = lf.with_columns(a.alias("addr_norm"))
    a = pl.col("addr_norm")
    # Units (INT 5, OF 3 ...) and everything after them are not part of the street.
    units = "|".join(UNIT_WORDS[:-3])
    main = a.str.replace(r"(?-u:\b)(?:" + units + r")(?-u:\b).*$", "")
    main = main.str.replace_all(r"(?-u:\b)(?:MZ|LT) [A-Z0-9]+(?-u:\b)", " ").str.strip_chars()
    lf = lf.with_columns(
        main.alias("_main"),
        a.str.extract(r"(?-u:\b)MZ ([A-Z0-9]+)", 1).alias("_mz"),
        a.str.extract(r"(?-u:\b)LT ([A-Z0-9]+)", 1).alias("_lt"),
    )
    main = pl.col("_main")
    # The street number: the last number left ("JR 28 DE JULIO 456" -> 456), or MZ and LT.
    mz_lt = pl.concat_str(
        [pl.lit("MZ") + pl.col("_mz"), pl.lit("LT") + pl.col("_lt").fill_null("")]
    )
    number = (
        pl.when(pl.col("_mz").is_not_null())
        .then(mz_lt)
        .otherwise(main.str.extract(r"(?-u:\b)(\d+)[A-Z]*\s*$", 1))
    )
    street = main.str.replace(r"(?-u:\b)\d+[A-Z]*\s*$", "").str.strip_chars()
    street = pl.when(street == "").then(None).otherwise(street)
    lf = lf.with_columns(street.alias("addr_street"), number.alias("addr_number"))
    return lf.drop("_main", "_mz", "_lt")


def district_column(col: pl.Expr, alias: str = "district_norm") -> pl.Expr:
    """District (or department) name: accents, case and aliases normalised."""
    b = basic(col).str.replace(r"^(?:DISTRITO|DIST|DPTO|DEPARTAMENTO|PROVINCIA) (?:DE )?", "")
    return b.replace(_DISTRICT_MAP).alias(alias)


@dataclass(frozen=True)
class NormalisedName:
    norm: str | None
    legal_form: str | None
    core: str | None
    sorted: str | None


@dataclass(frozen=True)
class NormalisedAddress:
    norm: str | None
    street: str | None
    number: str | None


def _one(value: str | None, add: Callable[[pl.LazyFrame, str], pl.LazyFrame]) -> dict[str, Any]:
    lf = pl.LazyFrame({"v": [value]}, schema={"v": pl.String})
    return {k: v[0] for k, v in add(lf, "v").collect().to_dict(as_series=False).items()}


def normalise_name(value: str | None) -> NormalisedName:
    """``'Inversiones San Martín S.A.C.'`` -> core ``'INVERSIONES SAN MARTIN'``, form ``'SAC'``."""
    r = _one(value, add_name_columns)
    return NormalisedName(r["name_norm"], r["legal_form"], r["name_core"], r["name_sorted"])


def normalise_address(value: str | None) -> NormalisedAddress:
    """``'Av. Arequipa Nro. 1234 Int. 5'`` -> street ``'AV AREQUIPA'``, number ``'1234'``."""
    r = _one(value, add_address_columns)
    return NormalisedAddress(r["addr_norm"], r["addr_street"], r["addr_number"])


def normalise_district(value: str | None) -> str | None:
    """``'Jesús María'`` -> ``'JESUS MARIA'``; ``'Cercado de Lima'`` -> ``'LIMA'``."""
    out: str | None = pl.select(district_column(pl.lit(value, dtype=pl.String))).item()
    return out
