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

import csv
import functools
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import polars as pl
from rapidfuzz import process
from rapidfuzz.distance import OSA

# Legal forms of Peruvian firms (Ley General de Sociedades, DL 21621 for the EIRL). Patterns are
# matched on the upper-cased, accent-free text after dots are removed ("S.A.C." -> "SAC",
# "S. A. C." -> "SAC", "Soc. Anónima Cerrada" -> "SOC ANONIMA CERRADA"), as the whole end of the
# name. Spelled-out forms may abbreviate their words (SOC., EMP. IND. RESP. LTDA.).
LEGAL_FORMS: dict[str, list[str]] = {
    "SACS": [
        r"SOC(?:IEDAD)? (?:POR )?ACC(?:IONES)? CERR(?:ADA)? SIMPL(?:IFICADA)?",
        r"S ?A ?C ?S",
    ],
    "SAC": [r"SOC(?:IEDAD)? ANON(?:IMA)? CERR(?:ADA)?", r"S ?A ?C"],
    "SAA": [r"SOC(?:IEDAD)? ANON(?:IMA)? ABIERTA", r"S ?A ?A"],
    "EIRL": [
        # EMPRESA INDIVIDUAL DE RESPONSABILIDAD LIMITADA, EMP. IND. DE RESP. LTDA.
        r"EMP(?:RESA)? IND(?:IVIDUAL)? (?:DE )?RESP(?:ONSABILIDAD)? (?:LTDA|LIMITADA)",
        r"E ?I ?R ?L(?:TDA)?",
    ],
    "SCRL": [
        r"SOC(?:IEDAD)? COM(?:ERCIAL)? (?:DE )?RESP(?:ONSABILIDAD)? (?:LTDA|LIMITADA)",
        r"S ?C ?R ?L(?:TDA)?",
    ],
    "SRL": [r"SOC(?:IEDAD)? (?:DE )?RESP(?:ONSABILIDAD)? (?:LTDA|LIMITADA)", r"S ?R ?L(?:TDA)?"],
    "SA": [r"SOC(?:IEDAD)? ANON(?:IMA)?", r"S ?A"],
}
# SCRL and SRL are the same legal form in practice (the "comercial" is often dropped).
LEGAL_FORM_ALIASES: dict[str, str] = {"SCRL": "SRL"}

# Abbreviations of words that appear in firm names, spelled out before comparison.
# Abbreviations (and plural / singular, or the -ORA / -CIONES forms of one trade, which an
# abbreviation such as DISTRIB. or IMPORT. cannot tell apart) of words that appear in firm names.
NAME_WORDS: dict[str, list[str]] = {
    "INVERSIONES": ["INV", "INVS", "INVERS", "INVERSION"],
    "COMERCIAL": ["COM", "COMERC", "CIAL"],
    "COMERCIALIZADORA": ["COMERCIALIZ", "COMERCIALIZAD", "COMERCIALIZACION"],
    "COMPANIA": ["CIA"],
    "DISTRIBUIDORA": [
        "DIST",
        "DISTR",
        "DISTRIB",
        "DISTRIBUID",
        "DISTRIBUC",
        "DISTRIBUCIONES",
        "DISTRIBUCION",
    ],
    "CORPORACION": ["CORP", "CORPORAC", "CORPORATION"],
    "SERVICIOS": ["SERV", "SERVS", "SERVIC", "SERVICIO"],
    "GENERALES": ["GRALES", "GRLES", "GRALS", "GNRLES", "GENER", "GRAL", "GENERAL"],
    "NEGOCIACIONES": ["NEG", "NEGOC", "NEGOCIACION"],
    "IMPORTADORA": ["IMP", "IMPOR", "IMPORT", "IMPORTAC", "IMPORTACIONES", "IMPORTACION"],
    "EXPORTADORA": ["EXP", "EXPOR", "EXPORT", "EXPORTAC", "EXPORTACIONES", "EXPORTACION"],
    "AGROEXPORTADORA": ["AGROEXPORT", "AGROEXP"],
    "CONSTRUCTORA": ["CONST", "CONSTRUCT", "CONSTR", "CONSTRUC", "CONSTRUCCIONES"],
    "CONTRATISTAS": ["CONTRAT", "CONTRATIST", "CONTRATISTA"],
    "INDUSTRIAS": ["IND", "INDUST", "INDUSTR", "INDUSTRIA", "INDS"],
    "AGROINDUSTRIAL": ["AGROIND", "AGROINDUST", "AGROINDUSTRIAS", "AGROINDUSTRIA"],
    "TRANSPORTES": ["TRANSP", "TRANS", "TRANSPORTE", "TRANSPTES", "TRANSPORT"],
    "REPRESENTACIONES": ["REPRES", "REPRESENT", "REPRESENTAC", "REPRESENTACION"],
    "MULTISERVICIOS": ["MULTISERV", "MULTISERVS", "MULTISERVIC", "MULTISERVICIO"],
    "EMPRESA": ["EMP", "EMPR"],
    "INGENIERIA": ["ING", "INGEN"],
    "HERMANOS": ["HNOS", "HMNOS"],
    "ASOCIADOS": ["ASOC", "ASOCS", "ASOCIADO"],
    "INTERNACIONAL": ["INTERNAC", "INTL", "INTERNAL"],
    "TECNOLOGIA": ["TECNOL", "TECNOLOG", "TECNOLOGIAS"],
    "PRODUCTOS": ["PROD", "PRODS", "PRODUCTO"],
    "LABORATORIOS": ["LAB", "LABS", "LABORAT", "LABORATORIO"],
    "TELECOMUNICACIONES": ["TELECOM", "TELECOMUNIC", "TELECOMUNICACION"],
    "CONSULTORES": ["CONSULT", "CONSULTS", "CONSULTOR"],
    "INMOBILIARIA": ["INMOB", "INMOBIL"],
    "ADMINISTRACION": ["ADM", "ADMIN", "ADMINIST"],
    "FERRETERIA": ["FERRET"],
    "CENTRO": ["CTRO", "CTR"],
    "MEDICO": ["MED"],
    "PARTICULAR": ["PARTIC"],
    "SANTA": ["STA"],
    "SANTO": ["STO"],
    "SAN": ["SN"],
    "SENOR": ["SENR", "SR DE"],
    "NUESTRA SENORA": ["NTRA SRA", "NTRA SENORA", "NUESTRA SRA"],
}
# Words of trade that start many firm names. A word of 8 letters or more one typo away from one
# of these, or from a word of ``NAME_WORDS`` (two typos from 10 letters on), is taken for it
# before the abbreviations are spelled out: such words say what a firm does, not which firm it
# is, and without this a typo in INVERSIONES hides that two copies have one name (and once
# IMPORTACIONES becomes IMPORTADORA, a typo in it would be five edits away, not one).
TRADE_WORDS: list[str] = [
    "INVERSIONES", "SERVICIOS", "GENERALES", "COMERCIAL", "COMERCIALIZADORA", "DISTRIBUIDORA",
    "DISTRIBUCIONES", "CORPORACION", "NEGOCIACIONES", "NEGOCIACION", "IMPORTADORA",
    "IMPORTACIONES", "EXPORTADORA", "EXPORTACIONES", "AGROEXPORTADORA", "CONSTRUCTORA",
    "CONSTRUCCIONES", "CONSTRUCCION", "CONTRATISTAS", "INDUSTRIAS", "INDUSTRIAL",
    "AGROINDUSTRIAS", "AGROINDUSTRIAL", "TRANSPORTES", "REPRESENTACIONES", "MULTISERVICIOS",
    "INGENIERIA", "INMOBILIARIA", "LABORATORIOS", "LABORATORIO", "TECNOLOGIA", "TECNOLOGIAS",
    "TELECOMUNICACIONES", "CONSULTORES", "CONSULTORA", "CONSULTORIA", "ASOCIADOS",
    "INTERNACIONAL", "PRODUCTOS", "PRODUCCIONES", "FERRETERIA", "PANADERIA", "PANIFICADORA",
    "PASTELERIA", "RESTAURANTE", "RESTAURANT", "CEVICHERIA", "POLLERIA", "LIBRERIA", "MUEBLERIA",
    "FARMACIA", "POLICLINICO", "CLINICA", "VETERINARIA", "CONFECCIONES", "TEXTILES", "CALZADOS",
    "ACADEMIA", "INSTITUTO", "COLEGIO", "EDUCATIVA", "UNIVERSIDAD", "LOGISTICA", "SOLUCIONES",
    "SISTEMAS", "ELECTRICIDAD", "SEGURIDAD", "LIMPIEZA", "ALIMENTOS", "MINIMARKET", "AGENCIA",
    "ESTUDIO", "CONTABLE", "JURIDICO", "CONSTRUCTORES", "EMPRESA", "COMPANIA", "HERMANOS",
    "ADMINISTRACION", "AGRICOLA", "AVICOLA", "GANADERA", "PESQUERA", "MINERA", "MOLINERA",
    "INDUSTRIA", "IMPRENTA", "GRAFICA", "PROYECTOS", "ASESORES", "ASESORIA", "MANTENIMIENTO",
    "TURISMO", "INMOBILIARIAS", "COMERCIALIZACION", "DISTRIBUCION", "IMPORTACION",
    "EXPORTACION", "REPRESENTACION", "CORPORATIVO", "CORPORATIVA", "NACIONAL", "PERUANA",
]  # fmt: skip
# Filler words that carry no identity.
NAME_STOPWORDS: list[str] = ["DE", "DEL", "LA", "LAS", "LOS", "EL", "Y", "E", "EN", "THE", "AND"]

# Street types and other address words: code <- spellings (after dots become spaces).
STREET_TYPES: dict[str, list[str]] = {
    "AV": ["AVENIDA", "AVDA", "AVEN", "AV"],
    "JR": ["JIRON", "JR", "JRN"],
    "CA": ["CALLE", "CAL", "CL", "CA", "CLL"],
    "PJ": ["PASAJE", "PSJE", "PSJ", "PJE", "PJ"],
    "PROL": ["PROLONGACION", "PROLONG", "PROL"],
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
    "ASOC": ["ASOCIACION", "ASOC"],
    "INT": ["INTERIOR", "INT"],
    "DPTO": ["DEPARTAMENTO", "DPTO", "DPT", "DEP"],
    "OF": ["OFICINA", "OF", "OFIC"],
    "TDA": ["TIENDA", "TDA"],
    "AAHH": ["ASENTAMIENTO HUMANO", "AAHH", "AA HH", "AH"],
    "SN": ["S N", "SN", "SIN NUMERO"],
}
# Markers before a street number, dropped: "NRO. 123", "N° 123", "# 123", "NUM 123".
NUMBER_MARKERS: list[str] = ["NRO", "NUMERO", "NUM", "NO", "N", "NR"]
# Months: "28 DE JULIO", "2 DE MAYO" are street names, not numbers.
_MONTHS = (
    "ENERO|FEBRERO|MARZO|ABRIL|MAYO|JUNIO|JULIO|AGOSTO|SETIEMBRE|SEPTIEMBRE|OCTUBRE|NOVIEMBRE"
    "|DICIEMBRE"
)
# Words after which a number is not the street number.
UNIT_WORDS: list[str] = ["INT", "DPTO", "OF", "TDA", "PISO", "STAND", "KM", "MZ", "LT", "URB"]

# Districts and departments (ubigeo names, accent-free) <- other names in use: initials, the
# short or old name, the city for its district.
DISTRICT_ALIASES: dict[str, list[str]] = {
    "LIMA": ["CERCADO DE LIMA", "LIMA CERCADO", "CERCADO", "LIMA METROPOLITANA"],
    "SANTIAGO DE SURCO": ["SURCO", "STGO DE SURCO", "SANTIAGO SURCO"],
    "SAN JUAN DE LURIGANCHO": ["SJL", "SJ DE LURIGANCHO", "S J DE LURIGANCHO"],
    "SAN MARTIN DE PORRES": ["SMP", "SAN MARTIN DE PORRAS"],
    "SAN JUAN DE MIRAFLORES": ["SJM", "SJ DE MIRAFLORES"],
    "VILLA EL SALVADOR": ["VES"],
    "VILLA MARIA DEL TRIUNFO": ["VMT"],
    "JOSE LUIS BUSTAMANTE Y RIVERO": [
        "J L BUSTAMANTE Y RIVERO",
        "JL BUSTAMANTE Y RIVERO",
        "JLB Y RIVERO",
        "JLBYR",
        "BUSTAMANTE Y RIVERO",
    ],
    "MAGDALENA DEL MAR": ["MAGDALENA"],
    "PUEBLO LIBRE": ["MAGDALENA VIEJA"],
    "ATE": ["ATE VITARTE", "VITARTE"],
    "CARMEN DE LA LEGUA REYNOSO": ["CARMEN DE LA LEGUA"],
    "VICTOR LARCO HERRERA": ["VICTOR LARCO"],
    "VEINTISEIS DE OCTUBRE": ["26 DE OCTUBRE"],
    "CORONEL GREGORIO ALBARRACIN LANCHIPA": [
        "GREGORIO ALBARRACIN LANCHIPA",
        "GREGORIO ALBARRACIN",
        "CRNEL GREGORIO ALBARRACIN",
        "CORONEL GREGORIO ALBARRACIN",
    ],
    "SAN VICENTE DE CANETE": ["CANETE"],
    "CHINCHA ALTA": ["CHINCHA"],
    "NASCA": ["NAZCA"],
    "CALLERIA": ["PUCALLPA"],
    "WANCHAQ": ["HUANCHAC", "HUANCHAQ", "WANCHAC"],
    "CUSCO": ["CUZCO"],
    "CALLAO": [
        "PROV CONST DEL CALLAO",
        "PROVINCIA CONSTITUCIONAL DEL CALLAO",
        "PROV CONSTITUCIONAL DEL CALLAO",
        "CALLAO CERCADO",
    ],
}


#: Peru's departments (and the constitutional province of Callao), accent-free.
DEPARTMENTS: list[str] = [
    "AMAZONAS", "ANCASH", "APURIMAC", "AREQUIPA", "AYACUCHO", "CAJAMARCA", "CALLAO", "CUSCO",
    "HUANCAVELICA", "HUANUCO", "ICA", "JUNIN", "LA LIBERTAD", "LAMBAYEQUE", "LIMA", "LORETO",
    "MADRE DE DIOS", "MOQUEGUA", "PASCO", "PIURA", "PUNO", "SAN MARTIN", "TACNA", "TUMBES",
    "UCAYALI",
]  # fmt: skip


def _words_re(words: list[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return r"(?-u:\b)(?:" + "|".join(ordered) + r")(?-u:\b)"


def _legal_form_re() -> str:
    alts = [p for pats in LEGAL_FORMS.values() for p in pats]
    alts.sort(key=len, reverse=True)
    return r"(?:^|\s)(" + "|".join(alts) + r")\s*$"


_LEGAL_FORM_RE = _legal_form_re()


def _legal_form_code(extracted: pl.Expr) -> pl.Expr:
    """The code of an extracted legal form (the first of ``LEGAL_FORMS`` whose spelling matches
    it whole), else null."""
    out: Any = pl
    for code, patterns in LEGAL_FORMS.items():
        whole = r"^(?:" + "|".join(patterns) + r")$"
        out = out.when(extracted.str.contains(whole)).then(
            pl.lit(LEGAL_FORM_ALIASES.get(code, code))
        )
    result: pl.Expr = out.otherwise(None)
    return result


def _word_map(table: dict[str, list[str]]) -> tuple[dict[str, str], dict[str, str]]:
    """Split a table into single-word spellings (a dict lookup per word) and multi-word ones
    (a regex each)."""
    single: dict[str, str] = {}
    multi: dict[str, str] = {}
    for code, spellings in table.items():
        for sp in spellings:
            (multi if " " in sp else single)[sp] = code
    return single, multi


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
# A run of two to six initials, each but the last with a dot: "S.A.C", "S. A. C.". After a space a
# lone Y or E is the conjunction, not an initial ("J.L.B. Y RIVERO").
_NEXT_INITIAL = r"\.(?:\s([A-DF-XZ])|([A-Z]))(?-u:\b)"
_INITIALS_RE = r"(?-u:\b)([A-Z])" + _NEXT_INITIAL + f"(?:{_NEXT_INITIAL})?" * 4 + r"\.?"
_INITIALS_OUT = "".join(f"${{{i}}}" for i in range(1, 12))
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
        # Initials run together: "S.A.C." / "S. A. C." -> "SAC", "S.J. DE LURIGANCHO" ->
        # "SJ DE LURIGANCHO", "E.I.R. LTDA." -> "EIR LTDA" (a word after them stays apart);
        # "AV.AREQUIPA" -> "AV AREQUIPA" below.
        .str.replace_all(_INITIALS_RE, _INITIALS_OUT)
        .str.replace_all(r"[^A-Z0-9]+", " ")
        .str.strip_chars()
    )
    return pl.when(e == "").then(None).otherwise(e)


def _map_words(e: pl.Expr, single: dict[str, str], multi: dict[str, str]) -> pl.Expr:
    for spelling, code in multi.items():
        e = e.str.replace_all(_words_re([spelling]), code)
    return e.str.split(" ").list.eval(pl.element().replace(single)).list.join(" ")


def _trade_vocabulary() -> tuple[list[str], list[str]]:
    """Words a typo is corrected to, and the code each stands for (words of one code are
    not told apart)."""
    vocab: dict[str, str] = {}
    for code, spellings in NAME_WORDS.items():
        for w in [code, *spellings]:
            if " " not in w and len(w) >= TRADE_WORD_MIN_LENGTH:
                vocab[w] = code
    for w in TRADE_WORDS:
        vocab.setdefault(w, _NAME_SINGLE.get(w, w))
    return list(vocab), list(vocab.values())


#: Shortest word corrected to a word of trade (shorter ones are as often another word).
TRADE_WORD_MIN_LENGTH = 8


_TRADE_VOCAB, _TRADE_CODES = _trade_vocabulary()


def _correct_trade_words(names: pl.Series) -> pl.Series:
    """Each word of 8 letters or more that is not a word of trade but one typo (OSA) from one
    (two from 10 letters on) becomes it; when it is as near to words of two codes, it stays."""
    words = names.str.split(" ").explode().drop_nulls().unique()
    known = pl.Series(_TRADE_VOCAB)
    words = words.filter(
        (words.str.len_chars() >= TRADE_WORD_MIN_LENGTH) & ~words.is_in(known.implode())
    )
    if words.is_empty():
        return names
    cands = words.to_list()
    dist = process.cdist(
        cands, _TRADE_VOCAB, scorer=OSA.distance, score_cutoff=2, workers=-1, dtype=np.int32
    )
    best = dist.min(axis=1)
    lengths = np.array([len(w) for w in cands])
    allowed = np.where(lengths >= 10, 2, 1)
    mapping: dict[str, str] = {}
    for i in np.nonzero(best <= allowed)[0]:
        hits = np.nonzero(dist[i] == best[i])[0]
        codes = {_TRADE_CODES[j] for j in hits}
        if len(codes) == 1:
            mapping[cands[i]] = _TRADE_VOCAB[int(hits[0])]
    if not mapping:
        return names
    return (
        names.str.split(" ")
        .list.eval(pl.element().replace(mapping))
        .list.join(" ")
        .alias(names.name)
    )


#: Shortest abbreviation (a word with a dot after it) spelled out as the word of trade it begins;
#: from this length on, also when one edit from such a beginning (CONSTRCU., KABORAT.).
ABBREVIATION_MIN_LENGTH = 4
ABBREVIATION_TYPO_MIN_LENGTH = 5


def _abbreviation_code(word: str) -> str | None:
    """The word of trade an abbreviation not in ``NAME_WORDS`` stands for: the words it begins
    (or, from 5 letters on, begins but for one edit) must all be one word, or that word and its
    longer forms (LABORAT. -> LABORATORIO, not LABORATORIOS)."""
    n = len(word)
    codes = {
        c
        for v, c in zip(_TRADE_VOCAB, _TRADE_CODES, strict=True)
        if len(v) > n and v.startswith(word)
    }
    if not codes and n >= ABBREVIATION_TYPO_MIN_LENGTH:
        codes = {
            c
            for v, c in zip(_TRADE_VOCAB, _TRADE_CODES, strict=True)
            if len(v) > n + 1 and min(OSA.distance(word, v[:k]) for k in (n - 1, n, n + 1)) <= 1
        }
    if not codes:
        return None
    shortest = min(codes, key=len)
    return shortest if all(c.startswith(shortest) for c in codes) else None


def _expand_abbreviations(pairs: pl.Series) -> pl.Series:
    """Words written with a dot after them (``dotted``, per name) that ``NAME_WORDS`` does not
    know are spelled out when they begin one word of trade (``_abbreviation_code``)."""
    bare = pairs.struct.field("bare")
    dotted = pairs.struct.field("dotted")
    known = set(_NAME_SINGLE) | set(_TRADE_VOCAB)
    mapping: dict[str, str] = {}
    for word in dotted.explode().drop_nulls().unique().to_list():
        if len(word) >= ABBREVIATION_MIN_LENGTH and word not in known:
            code = _abbreviation_code(word)
            if code is not None:
                mapping[word] = code
    if not mapping:
        return bare
    keys = pl.Series(list(mapping)).implode()
    hit = dotted.list.eval(pl.element().is_in(keys)).list.any().fill_null(False)
    out = bare.to_list()
    for i in hit.arg_true().to_list():
        row = out[i]
        if row is None:
            continue
        mine = set(dotted[i].to_list())
        out[i] = " ".join(mapping[w] if w in mine and w in mapping else w for w in row.split(" "))
    return pl.Series(bare.name, out, dtype=pl.String)


def add_name_columns(lf: pl.LazyFrame, col: str = "name") -> pl.LazyFrame:
    """Add columns derived from a firm name: ``name_norm`` (full text), ``legal_form`` (code or
    null), ``name_core`` (without legal form and filler words, abbreviations spelled out) and
    ``name_sorted`` (the core's words in alphabetical order)."""
    lf = lf.with_columns(basic(pl.col(col)).alias("name_norm"))
    norm = pl.col("name_norm")
    lf = lf.with_columns(
        _legal_form_code(norm.str.extract(_LEGAL_FORM_RE, 1)).alias("legal_form"),
        norm.str.replace(_LEGAL_FORM_RE, "").str.strip_chars().alias("_bare"),
    )
    # Words with a dot after them: abbreviations (accents removed as in ``basic``).
    dotted = (
        pl.col(col)
        .cast(pl.String)
        .str.to_uppercase()
        .str.replace_many(_ACCENT_FROM, _ACCENT_TO)
        .str.extract_all(r"(?-u:\b)[A-Z]{4,}\.")
        .list.eval(pl.element().str.strip_suffix("."))
    )
    expanded = pl.struct(pl.col("_bare").alias("bare"), dotted.alias("dotted")).map_batches(
        _expand_abbreviations, return_dtype=pl.String
    )
    lf = lf.with_columns(expanded.alias("_bare"))
    bare = pl.col("_bare")
    corrected = bare.map_batches(_correct_trade_words, return_dtype=pl.String)
    words = _map_words(corrected, _NAME_SINGLE, _NAME_MULTI).str.split(" ")
    lf = lf.with_columns(
        words.list.eval(
            # "LOZ", "LAZ": the filler word with the commonest misspelling of an S.
            pl.element().filter(~pl.element().str.replace("Z", "S").is_in(NAME_STOPWORDS))
        ).alias("_w")
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
    # A date in a street's name ("28 DE JULIO") is not its number: its digits are glued to it
    # while the number is looked for.
    main = pl.col("_main").str.replace_all(
        r"(?-u:\b)(\d+) DE (" + _MONTHS + r")(?-u:\b)", "${1}DE$2"
    )
    # The street number: the last number left ("JR 28 DE JULIO 456" -> 456), also when a
    # settlement or the district follows it ("AV GRAU 120 URB SAN JOSE", "... 120 SURQUILLO"),
    # or MZ and LT.
    mz_lt = pl.concat_str(
        [pl.lit("MZ") + pl.col("_mz"), pl.lit("LT") + pl.col("_lt").fill_null("")]
    )
    last = main.str.extract_all(r"(?-u:\b)\d+[A-Z]?(?-u:\b)").list.last().str.extract(r"^(\d+)")
    number = pl.when(pl.col("_mz").is_not_null()).then(mz_lt).otherwise(last)
    street = (
        pl.when(pl.col("_mz").is_null() & last.is_not_null())
        .then(main.str.replace(r"^(.*)(?-u:\b)\d+[A-Z]?(?-u:\b).*$", "$1"))
        .otherwise(main)
        .str.replace_all(r"(?-u:\b)(\d+)DE(" + _MONTHS + r")(?-u:\b)", "$1 DE $2")
        # A settlement after the street, and "S/N", are not part of its name.
        .str.replace(r"\s(?:URB|AAHH|ASOC)(?-u:\b).*$", "")
        .str.replace(r"\sSN$", "")
        .str.strip_chars()
    )
    street = pl.when(street == "").then(None).otherwise(street)
    lf = lf.with_columns(street.alias("addr_street"), number.alias("addr_number"))
    return lf.drop("_main", "_mz", "_lt")


def district_column(col: pl.Expr, alias: str = "district_norm") -> pl.Expr:
    """District (or department) name: accents, case and aliases normalised."""
    b = basic(col).str.replace(
        r"^(?:DISTRITO|DIST|DPTO|DEPARTAMENTO|PROVINCIA|REGION) (?:DE )?", ""
    )
    return b.replace(_DISTRICT_MAP).alias(alias)


def _correct_department(values: pl.Series) -> pl.Series:
    """A department that is none of Peru's is taken for the one it is a typo of (one edit, two
    from 8 letters on), when only one is that near; else it is missing (like a RUC with a wrong
    check digit: text that names no department must not keep two records apart)."""
    distinct = values.drop_nulls().unique()
    unknown = distinct.filter(~distinct.is_in(pl.Series(DEPARTMENTS).implode())).to_list()
    if not unknown:
        return values
    dist = process.cdist(
        unknown, DEPARTMENTS, scorer=OSA.distance, score_cutoff=2, workers=-1, dtype=np.int32
    )
    mapping: dict[str, str | None] = {}
    for i, name in enumerate(unknown):
        allowed = 2 if len(name) >= 8 else 1 if len(name) >= 3 else 0
        hits = np.nonzero(dist[i] <= allowed)[0]
        mapping[name] = DEPARTMENTS[int(hits[0])] if len(hits) == 1 else None
    return values.replace_strict(mapping, default=values, return_dtype=pl.String)


def department_column(col: pl.Expr, alias: str = "department_norm") -> pl.Expr:
    """Department: as a district (accents, case, aliases), then a typo corrected against the
    closed list of Peru's departments: two departments never merge in the clustering, so a
    misspelt one would keep a firm's records apart."""
    return (
        district_column(col).map_batches(_correct_department, return_dtype=pl.String).alias(alias)
    )


@functools.cache
def peru_districts() -> dict[str, frozenset[str]]:
    """Department -> its districts (``data/districts.csv``, INEI's ubigeo list, written by
    ``scripts/matching_districts.py``), spelled as ``basic`` spells them."""
    out: dict[str, set[str]] = {}
    text = resources.files("ipenforce.matching").joinpath("data/districts.csv").read_text("utf-8")
    for row in csv.DictReader(text.splitlines()):
        out.setdefault(row["department"], set()).add(row["district"])
    return {dept: frozenset(names) for dept, names in out.items()}


@functools.cache
def _district_targets() -> tuple[dict[str, list[str]], list[str]]:
    """Names a misspelt district may be corrected to: per department (its districts and the
    aliases of them of 5 letters or more), and all of them, for a record without a department."""
    aliases: dict[str, list[str]] = {}
    for code, spellings in DISTRICT_ALIASES.items():
        aliases[code] = [s for s in spellings if len(s) >= 5]
    per_dept: dict[str, list[str]] = {}
    for dept, names in peru_districts().items():
        targets = set(names)
        for name in names:
            targets.update(aliases.get(_DISTRICT_MAP.get(name, name), []))
        per_dept[dept] = sorted(targets)
    every = sorted({t for targets in per_dept.values() for t in targets} | set(_DISTRICT_MAP))
    return per_dept, every


def _nearest(name: str, targets: list[str]) -> str | None:
    """The one target one edit from ``name`` (OSA), or None when there are none or several."""
    hits = process.extract(name, targets, scorer=OSA.distance, score_cutoff=1, limit=2)
    return hits[0][0] if len(hits) == 1 else None


def _correct_district(pairs: pl.Series) -> pl.Series:
    """A district that is none of Peru's (nor a known alias) is taken for the one it is a typo
    of: one edit, 4 letters or more, the only name that near among the districts of the
    record's department (of all of Peru when the department is missing or unknown)."""
    district = pairs.struct.field("district")
    department = pairs.struct.field("department")
    per_dept, every = _district_targets()
    known = set(every) | set(_DISTRICT_MAP.values())
    distinct = pl.DataFrame({"d": district, "p": department}).drop_nulls("d").unique()
    distinct = distinct.filter(
        ~pl.col("d").is_in(pl.Series(sorted(known)).implode()) & (pl.col("d").str.len_chars() >= 4)
    )
    if distinct.is_empty():
        return district
    mapping: dict[tuple[str, str | None], str] = {}
    for name, dept in distinct.iter_rows():
        fixed = _nearest(name, per_dept.get(dept, every))
        if fixed is not None:
            mapping[(name, dept)] = _DISTRICT_MAP.get(fixed, fixed)
    if not mapping:
        return district
    fixes = pl.DataFrame(
        {
            "d": [k[0] for k in mapping],
            "p": [k[1] for k in mapping],
            "fixed": list(mapping.values()),
        },
        schema={"d": pl.String, "p": pl.String, "fixed": pl.String},
    )
    joined = pl.DataFrame({"d": district, "p": department}).join(
        fixes, on=["d", "p"], how="left", nulls_equal=True, maintain_order="left"
    )
    return joined.select(pl.coalesce("fixed", "d")).to_series().alias(district.name)


def corrected_district_column(
    district: pl.Expr, department: pl.Expr, alias: str = "district_norm"
) -> pl.Expr:
    """District normalised (``district_column``), then a typo corrected against Peru's districts
    (``_correct_district``), within the record's normalised department when it has one."""
    return (
        pl.struct(district.alias("district"), department.alias("department"))
        .map_batches(_correct_district, return_dtype=pl.String)
        .alias(alias)
    )


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
