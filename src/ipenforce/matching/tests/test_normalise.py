import polars as pl
import pytest

from ipenforce.matching.normalise import (
    corrected_district_column,
    department_column,
    district_column,
    normalise_address,
    normalise_district,
    normalise_name,
)


@pytest.mark.parametrize(
    ("raw", "core", "form"),
    [
        ("INVERSIONES SAN MARTIN S.A.C.", "INVERSIONES SAN MARTIN", "SAC"),
        ("Inversiones San Martín Sociedad Anónima Cerrada", "INVERSIONES SAN MARTIN", "SAC"),
        ("inversiones san martin sac", "INVERSIONES SAN MARTIN", "SAC"),
        ("Inversiones San Martin, S. A. C.", "INVERSIONES SAN MARTIN", "SAC"),
        ("Serv. Grales. Tapia S.R.L.", "SERVICIOS GENERALES TAPIA", "SRL"),
        (
            "Comercial García Sociedad Comercial de Responsabilidad Limitada",
            "COMERCIAL GARCIA",
            "SRL",
        ),
        ("COMERCIAL MAMANI E.I.R.L.", "COMERCIAL MAMANI", "EIRL"),
        ("Distribuidora & Cía S.R.Ltda.", "DISTRIBUIDORA COMPANIA", "SRL"),
        ("Corp. Los Andes S.A.A.", "CORPORACION ANDES", "SAA"),
        ("BANCO DEL SUR S.A.", "BANCO SUR", "SA"),
        ("GRUPO ABC", "GRUPO ABC", None),
        # Spelled-out forms with their words abbreviated, and initials with a space or a word
        # after them.
        ("Cevicheria Kallpa Soc. Anónima Cerrada", "CEVICHERIA KALLPA", "SAC"),
        ("GRIFO CHANG Emp. Ind. Resp. Ltda", "GRIFO CHANG", "EIRL"),
        ("Textiles Sur Soc. Com. de Resp. Ltda.", "TEXTILES SUR", "SRL"),
        ("Molinera Wari E.I.R. Ltda.", "MOLINERA WARI", "EIRL"),
        ("Botica Pena S.A.C", "BOTICA PENA", "SAC"),
        ("Botica Pena SAC.", "BOTICA PENA", "SAC"),
        ("TEXTILES SANCHEZ Soc. Anonima", "TEXTILES SANCHEZ", "SA"),
        ("CORP. J. L. ORTIZ S.A.", "CORPORACION JL ORTIZ", "SA"),
        ("Importaciones Quispe", "IMPORTADORA QUISPE", None),
        ("IMPORT. QUISPE", "IMPORTADORA QUISPE", None),
        ("Telecom. Arévalo EIRL", "TELECOMUNICACIONES AREVALO", "EIRL"),
        ("AGROEXPORT. SANCHEZ", "AGROEXPORTADORA SANCHEZ", None),
    ],
)
def test_it_normalises_names_and_legal_forms(raw: str, core: str, form: str | None) -> None:
    n = normalise_name(raw)
    assert (n.core, n.legal_form) == (core, form)


@pytest.mark.parametrize(
    ("raw", "core"),
    [
        ("INVERSINES SAN MARTIN", "INVERSIONES SAN MARTIN"),
        ("SERVICOS GENERALES TAPIA", "SERVICIOS GENERALES TAPIA"),
        ("ARGOINDUSTRIAS ROMERO", "AGROINDUSTRIAL ROMERO"),
        ("IMPORTACIONEZ QUICANO", "IMPORTADORA QUICANO"),
        ("REPRESEBTACOINES ANDINA", "REPRESENTACIONES ANDINA"),  # two typos, 16 letters
        ("FERETERIAS QUISPE", "FERRETERIA QUISPE"),  # two typos, 10 letters
        ("INARITUTO TUANAMA", "INARITUTO TUANAMA"),  # two typos in 9 letters: left alone
        ("INVERSIONES GARCIAS", "INVERSIONES GARCIAS"),  # only words of trade are corrected
        ("TRANSPORTE ROJAS", "TRANSPORTES ROJAS"),
    ],
)
def test_it_corrects_a_typo_in_a_word_of_trade(raw: str, core: str) -> None:
    assert normalise_name(raw).core == core


@pytest.mark.parametrize(
    ("raw", "core"),
    [
        ("PANAD. SAN JOSE", "PANADERIA SAN JOSE"),  # begins one word of trade
        ("FERRET. LOS ANDES", "FERRETERIA ANDES"),
        ("CONSTRCU. SAN JOSE SAC", "CONSTRUCTORA SAN JOSE"),  # one edit from its beginning
        ("TRSNSP. BENAVIDES", "TRANSPORTES BENAVIDES"),
        ("Negco. H Y L S.A.C", "NEGOCIACIONES H L"),
        ("PANAD SAN JOSE", "PANAD SAN JOSE"),  # no dot: a word, not an abbreviation
        ("CORDOV. HNOS.", "CORDOV HERMANOS"),  # begins no word of trade
    ],
)
def test_it_spells_out_an_abbreviation_that_begins_a_word_of_trade(raw: str, core: str) -> None:
    assert normalise_name(raw).core == core


def test_it_sorts_words_so_order_does_not_matter() -> None:
    a = normalise_name("GARCIA QUISPE INVERSIONES")
    b = normalise_name("Inversiones Quispe García S.A.C.")
    assert a.sorted == b.sorted == "GARCIA INVERSIONES QUISPE"


def test_it_keeps_a_word_that_looks_like_a_legal_form_inside_a_name() -> None:
    assert normalise_name("SASA SAC").core == "SASA"
    assert normalise_name("SAN ANTONIO SA").core == "SAN ANTONIO"


def test_it_treats_empty_as_missing() -> None:
    assert normalise_name("  ").core is None
    assert normalise_name(None).core is None
    assert normalise_address("").number is None
    assert normalise_district("") is None


@pytest.mark.parametrize(
    ("raw", "street", "number"),
    [
        ("AV. AREQUIPA NRO. 1234 INT. 5", "AV AREQUIPA", "1234"),
        ("Avenida Arequipa 1234", "AV AREQUIPA", "1234"),
        ("Av.Arequipa N° 1234", "AV AREQUIPA", "1234"),
        ("JIRÓN HUALLAGA # 89", "JR HUALLAGA", "89"),
        ("Jr. 28 de Julio 456", "JR 28 DE JULIO", "456"),
        ("CALLE LOS ÁLAMOS NUM. 12 OF. 3", "CA LOS ALAMOS", "12"),
        ("Ca. Los Alamos 12", "CA LOS ALAMOS", "12"),
        ("MZ. B LT. 30 URB. SAN JOSE", "URB SAN JOSE", "MZBLT30"),
        ("Mza B Lote 30 Urbanización San José", "URB SAN JOSE", "MZBLT30"),
        # A settlement, the district or S/N after the number; a date in the street's name.
        ("AV. GRAU 120 URB. SAN JOSE", "AV GRAU", "120"),
        ("Calle Los Lirios # 72, Miraflores", "CA LOS LIRIOS", "72"),
        ("Jr. Dos de Mayo N° 15 - A.H. Los Jardines", "JR DOS DE MAYO", "15"),
        ("AV 28 DE JULIO", "AV 28 DE JULIO", None),
        ("Avda. Los Cedros S/N Asoc. El Pinar", "AV LOS CEDROS", None),
        ("Prolong. Huánuco Nº 75 Int. 2", "PROL HUANUCO", "75"),
        ("AV SN. MARTIN NRO. 91", "AV SN MARTIN", "91"),
    ],
)
def test_it_normalises_street_types_and_numbers(raw: str, street: str, number: str) -> None:
    a = normalise_address(raw)
    assert (a.street, a.number) == (street, number)


@pytest.mark.parametrize(
    ("raw", "district"),
    [
        ("Jesús María", "JESUS MARIA"),
        ("Cercado de Lima", "LIMA"),
        ("SURCO", "SANTIAGO DE SURCO"),
        ("Distrito de Miraflores", "MIRAFLORES"),
        ("BREÑA", "BRENA"),
        ("S.J. DE LURIGANCHO", "SAN JUAN DE LURIGANCHO"),
        ("J.L.B. y Rivero", "JOSE LUIS BUSTAMANTE Y RIVERO"),
        ("ATE-VITARTE", "ATE"),
        ("Prov. Const. del Callao", "CALLAO"),
        ("San Martín de Porras", "SAN MARTIN DE PORRES"),
    ],
)
def test_it_normalises_districts(raw: str, district: str) -> None:
    assert normalise_district(raw) == district


@pytest.mark.parametrize(
    ("raw", "department"),
    [
        ("Arequipa", "AREQUIPA"),
        ("AREQIPA", "AREQUIPA"),
        ("La Liberta", "LA LIBERTAD"),
        ("Región Piura", "PIURA"),
        ("Prov. Const. del Callao", "CALLAO"),
        ("Lima Metropolitana", "LIMA"),
        ("LIM", "LIMA"),
        ("Lma", "LIMA"),
        ("ICO", "ICA"),
        ("IMA", None),  # one edit from LIMA and from ICA: no department rather than a guess
        ("XYZ", None),  # names no department: missing, so it cannot keep two records apart
        ("Cañete", None),  # a province
    ],
)
def test_it_corrects_a_typo_in_a_department(raw: str, department: str | None) -> None:
    out = pl.select(department_column(pl.lit(raw, dtype=pl.String))).item()
    assert out == department


@pytest.mark.parametrize(
    ("district", "department", "out"),
    [
        ("Mirafloers", "Lima", "MIRAFLORES"),
        ("MIRAFLORE", None, "MIRAFLORES"),
        ("Surquilo", None, "SURQUILLO"),
        ("Cayma", "Arekipa", "CAYMA"),
        ("Comzs", "Lima", "COMAS"),
        ("SURKO", "Lima", "SANTIAGO DE SURCO"),  # a typo of an alias
        ("Breña", "Lima", "BRENA"),
        ("CANETE", "Lima", "SAN VICENTE DE CANETE"),
        # Within the record's department; without one, only when one name of Peru is that near.
        ("LAMA", "San Martin", "LAMAS"),
        ("LAMA", None, "LAMA"),  # LAMAS, LAMAY, LAMPA: left alone
        ("SAN JUAM", None, "SAN JUAN"),
        ("SAN JUAM", "Lima", "SAN JUAM"),  # no district of Lima is one edit away
        ("XYZW", None, "XYZW"),
        ("ICA", "Ica", "ICA"),
    ],
)
def test_it_corrects_a_typo_in_a_district(district: str, department: str | None, out: str) -> None:
    df = pl.DataFrame(
        {"district": [district], "department": [department]},
        schema={"district": pl.String, "department": pl.String},
    )
    got = df.select(
        corrected_district_column(
            district_column(pl.col("district")), department_column(pl.col("department"))
        )
    ).item()
    assert got == out
