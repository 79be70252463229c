"""A second, independent generator of Peruvian firm lists with duplicates.

Written from the matching contract (``/work/shared/contracts/company-matching.md``), not from the
engine's normalisation tables nor from ``companies.py``: other name vocabularies, other spellings
of legal forms, name abbreviations, street types, number and unit markers, districts. It is a
stand-in for the acceptance test's unseen generator "with the same kinds of variation": typos,
abbreviations (S.A.C. / SOCIEDAD ANONIMA CERRADA, AV. / AVENIDA), missing RUC, accents or not,
upper, title or mixed case, different firms sharing a name (the address and district matter), RUCs
with a bad check digit.

Differences from ``companies.py`` on purpose:

- no record is "the clean one": every record of a firm, the first included, is rendered with a
  randomly chosen style (legal form, abbreviations, case, accents, street type, markers, units);
- name patterns: activity + surname(s), activity + saint / place / Quechua word, fantasy words
  ("GLOBAL", "ESTRELLA"), initials ("J & M"), "QUISPE & MAMANI ASOCIADOS", a first name and two
  surnames (a one-person EIRL), names with a number ("TRANSPORTES ESTRELLA 2000"), "... DEL PERU";
- the legal form is sometimes missing in a copy, or written ``- S.A.C.`` / ``, SAC``;
- addresses: Av. / Avda. / Avenida, Jr. / Jirón, Calle / Ca. / Cal., Psje. / Pasaje, Prolongación,
  Carretera ... Km; Nro. / N° / Nº / # / No.; Int. / Of. / Dpto. / Piso / Tda. / Stand; Urb. and
  A.H. names; Mz. X Lt. Y; S/N; units dropped in copies, a district appended to the address;
- districts: 12 departments, districts with the same name in two departments (MIRAFLORES,
  LA VICTORIA, INDEPENDENCIA, SAN JUAN BAUTISTA), aliases (S.J.L., SURCO, CERCADO DE LIMA,
  ATE VITARTE, SAN MARTIN DE PORRAS, J.L.B. Y RIVERO, CUZCO, NAZCA, PUCALLPA ...), "DISTRITO DE";
- namesakes: the same name in another district (or, rarely, the same district at another
  address), and near-namesakes ("... DEL NORTE", "... E HIJOS", another activity word).

    uv run python -m bench.generators.companies_alt 20000 --seed 1 --out /tmp/alt.csv \
        --truth /tmp/alt_truth.csv
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from stdnum.pe import ruc as ruc_mod

# ---- vocabularies (canonical spellings, with accents where Spanish has them) -------------------

ACTIVITIES = [
    "INVERSIONES",
    "INVERSIONES Y SERVICIOS",
    "SERVICIOS GENERALES",
    "SERVICIOS E INVERSIONES",
    "COMERCIAL",
    "COMERCIALIZADORA",
    "DISTRIBUIDORA",
    "DISTRIBUCIONES",
    "CORPORACIÓN",
    "GRUPO",
    "NEGOCIACIONES",
    "IMPORTACIONES",
    "IMPORTADORA Y EXPORTADORA",
    "AGROEXPORTADORA",
    "AGROINDUSTRIAL",
    "CONSTRUCTORA",
    "CONSTRUCTORA E INMOBILIARIA",
    "INMOBILIARIA",
    "CONTRATISTAS GENERALES",
    "TRANSPORTES",
    "TRANSPORTES Y TURISMO",
    "EMPRESA DE TRANSPORTES",
    "LOGÍSTICA",
    "MINERA",
    "PESQUERA",
    "FERRETERÍA",
    "BOTICA",
    "FARMACIA",
    "CLÍNICA",
    "POLICLÍNICO",
    "CENTRO MÉDICO",
    "LABORATORIO",
    "PANADERÍA",
    "PASTELERÍA",
    "RESTAURANTE",
    "POLLERÍA",
    "CEVICHERÍA",
    "HOSTAL",
    "AGENCIA DE VIAJES",
    "GRIFO",
    "TALLER MECÁNICO",
    "MUEBLERÍA",
    "CONFECCIONES",
    "TEXTILES",
    "CALZADOS",
    "ACADEMIA",
    "INSTITUTO",
    "COLEGIO PARTICULAR",
    "CONSULTORES",
    "ASESORES",
    "ESTUDIO JURÍDICO",
    "INDUSTRIAS",
    "MOLINERA",
    "AVÍCOLA",
    "GRÁFICA",
    "IMPRENTA",
    "TECNOLOGÍAS",
    "SISTEMAS",
    "TELECOMUNICACIONES",
    "ELECTRICIDAD",
    "MULTISERVICIOS",
    "REPRESENTACIONES",
    "PRODUCTOS",
    "ALIMENTOS",
    "SEGURIDAD",
    "LIMPIEZA",
    "MINIMARKET",
    "BAZAR",
    "LIBRERÍA",
    "ÓPTICA",
    "VETERINARIA",
    "CONSTRUCCIONES",
    "INGENIERÍA Y CONSTRUCCIÓN",
    "PROYECTOS",
    "COMPAÑÍA",
    "EMPRESA",
    "LABORATORIOS",
]

SURNAMES = [
    "QUISPE", "HUAMANÍ", "MAMANI", "CONDORI", "CHOQUEHUANCA", "TTITO", "HUILLCA", "CCORI",
    "PUMA", "YUPANQUI", "ATAUCUSI", "HUARCAYA", "QUINTANILLA", "PARIONA", "ÑAUPARI", "LLACTA",
    "SULLCA", "CUTIPA", "COAQUIRA", "MACHACA", "ARPASI", "CHAMBI", "PARI", "INCACUTIPA",
    "GARCÍA", "RODRÍGUEZ", "FERNÁNDEZ", "GONZÁLEZ", "SÁNCHEZ", "PÉREZ", "GÓMEZ", "DÍAZ",
    "MARTÍNEZ", "LÓPEZ", "RAMÍREZ", "TORRES", "VÁSQUEZ", "CHÁVEZ", "ROJAS", "CASTILLO",
    "MENDOZA", "ESPINOZA", "SALAZAR", "CÁRDENAS", "ZEVALLOS", "VALDIVIA", "BENAVIDES",
    "PALOMINO", "VILLANUEVA", "ARÉVALO", "BUSTAMANTE", "CÓRDOVA", "SOTOMAYOR", "ALARCÓN",
    "VELÁSQUEZ", "OLIVERA", "PAREDES", "ZAPATA", "CORNEJO", "DELGADO", "BACA", "MEZA",
    "ALVARADO", "LOAYZA", "NÚÑEZ", "IBÁÑEZ", "MUÑOZ", "PEÑA", "CARREÑO", "URQUIZO",
    "CHÁVARRY", "GUEVARA", "SAAVEDRA", "TALAVERA", "ARANÍBAR", "LINARES", "MONTOYA", "OSORIO",
    "CHUNG", "WONG", "LEÓN", "CHANG", "LAU", "LAM", "YI", "KOO", "TANAKA", "YAMASHIRO",
    "HIGA", "NAKAMURA", "KAMIYA", "FUJIMORI", "ODRÍA", "BRESCIA", "PIAGGIO", "DAMMERT",
    "ROMERO", "BELMONT", "ARIAS", "SCHIANTARELLI", "VALDEZ", "CABALLERO", "ESCOBAR", "MIRANDA",
    "VILLALOBOS", "TRUJILLO", "HERRERA", "REÁTEGUI", "PINEDO", "TUANAMA", "SAJAMI", "SANGAMA",
    "AYALA", "CAHUANA", "HUAYHUA", "QUICAÑO", "ORTIZ", "GUZMÁN", "SALAS", "REYES", "CUEVA",
]  # fmt: skip

FIRST_NAMES = [
    "JUAN", "JOSÉ", "LUIS", "CARLOS", "JORGE", "VÍCTOR", "CÉSAR", "RAÚL", "ÓSCAR", "WILFREDO",
    "ROSA", "MARÍA", "CARMEN", "JULIA", "ELENA", "FLOR", "NÉLIDA", "YOLANDA", "EDITH", "MARLENI",
    "PERCY", "WILBER", "EDGAR", "FREDY", "ROGER", "HÉCTOR", "ÁNGEL", "ROCÍO", "MILAGROS", "INÉS",
]  # fmt: skip

PLACES = [
    "SAN MARTÍN", "SANTA ROSA", "SAN JOSÉ", "SEÑOR DE LOS MILAGROS", "VIRGEN DE LA PUERTA",
    "SANTA ROSA DE LIMA", "SAN PEDRO", "SAN JUDAS TADEO", "SANTA CATALINA", "SAN FRANCISCO",
    "NUESTRA SEÑORA DE GUADALUPE", "SEÑOR DE MURUHUAY", "VIRGEN DE CHAPI", "SANTA ÚRSULA",
    "LOS ANDES", "EL SOL", "LA ESPERANZA", "EL PACÍFICO", "AMAZÓNICA", "ANDINA", "INCA",
    "TAWANTINSUYO", "MACHU PICCHU", "TITICACA", "HUASCARÁN", "MISTI", "CHAVÍN", "PARACAS",
    "NAZCA", "MOCHE", "CHAN CHAN", "KUÉLAP", "SIPÁN", "VILCANOTA", "RÍMAC", "MANTARO",
    "UCAYALI", "MARAÑÓN", "AMAUTA", "WARI", "PACHACÚTEC", "ATAHUALPA", "MANCO CÁPAC",
    "CÓNDOR", "ALPAMAYO", "COLCA", "SACSAYHUAMÁN", "LOS ÁNGELES", "EL ROSARIO", "LA UNIÓN",
    "VIRGEN DEL CARMEN", "SAN CRISTÓBAL", "SANTA MARÍA", "LOS INCAS", "EL MILAGRO",
]  # fmt: skip

FANTASY = [
    "GLOBAL", "PREMIUM", "TOTAL", "MASTER", "EXPRESS", "PLUS", "STAR", "GOLD", "SMART",
    "NOVA", "VISIÓN", "FUTURO", "PROGRESO", "ÉXITO", "UNIVERSAL", "INTEGRAL", "NACIONAL",
    "INTERNACIONAL", "CONTINENTAL", "ESTRELLA", "LÍDER", "DORADO", "IMPERIO", "FÉNIX",
    "HORIZONTE", "AURORA", "PRIMAVERA", "DIAMANTE", "CRISTAL", "ALFA", "OMEGA", "DELTA",
    "GÉNESIS", "TRIUNFO", "VICTORIA", "CENTURIÓN", "KALLPA", "INTI", "KILLA", "WAYRA",
    "SUMAQ", "ALLIN", "MUNAY", "TIKA", "PACHAMAMA", "ILLARI", "YACHAY", "QORI",
]  # fmt: skip

QUALIFIERS = ["DEL PERÚ", "PERÚ", "DEL SUR", "DEL NORTE", "DEL CENTRO", "E HIJOS", "HERMANOS"]
# Near-namesakes: a different firm whose name differs by one of these.
NEAR_QUALIFIERS = [
    "DEL SUR", "DEL NORTE", "DEL CENTRO", "DEL ORIENTE", "PERÚ", "E HIJOS", "HERMANOS",
    "II", "2000", "PLUS", "EXPRESS", "GROUP", "& ASOCIADOS",
]  # fmt: skip

# Abbreviations of name words seen in Peruvian lists (several spellings each).
NAME_ABBREVIATIONS: dict[str, list[str]] = {
    "INVERSIONES": ["INV.", "INVERS.", "INVS.", "INV"],
    "SERVICIOS": ["SERV.", "SERVS.", "SERVIC.", "SERV"],
    "GENERALES": ["GRALES.", "GRAL.", "GRLES.", "GRALES"],
    "COMERCIAL": ["COM.", "CIAL.", "COMERC."],
    "COMERCIALIZADORA": ["COMERCIALIZ."],
    "DISTRIBUIDORA": ["DIST.", "DISTRIB.", "DISTRIBUID.", "DISTR."],
    "DISTRIBUCIONES": ["DISTRIB.", "DIST."],
    "CORPORACIÓN": ["CORP.", "CORPORAC.", "CORP"],
    "COMPAÑÍA": ["CIA.", "CÍA.", "CIA", "CÍA"],
    "NEGOCIACIONES": ["NEG.", "NEGOC."],
    "IMPORTACIONES": ["IMPORT.", "IMP."],
    "IMPORTADORA": ["IMPORT.", "IMP."],
    "EXPORTADORA": ["EXPORT.", "EXP."],
    "CONSTRUCTORA": ["CONST.", "CONSTR."],
    "CONSTRUCCIONES": ["CONSTRUC.", "CONST."],
    "CONTRATISTAS": ["CONTRAT.", "CONTRATIST."],
    "TRANSPORTES": ["TRANSP.", "TRANS.", "TRANSPTES.", "TRANSPORT."],
    "INDUSTRIAS": ["IND.", "INDUST.", "INDS."],
    "AGROINDUSTRIAL": ["AGROIND.", "AGROINDUST."],
    "REPRESENTACIONES": ["REPRES.", "REPRESENT.", "REPRESENTAC."],
    "MULTISERVICIOS": ["MULTISERV.", "MULTISERVIC."],
    "EMPRESA": ["EMP.", "EMPR."],
    "INGENIERÍA": ["ING.", "INGEN."],
    "HERMANOS": ["HNOS.", "HMNOS.", "HNOS"],
    "ASOCIADOS": ["ASOC.", "ASOCS."],
    "SANTA": ["STA."],
    "SEÑOR": ["SR.", "SEÑ."],
    "NUESTRA": ["NTRA."],
    "SEÑORA": ["SRA."],
    "INTERNACIONAL": ["INTERNAC.", "INTL.", "INTERNAL."],
    "TECNOLOGÍAS": ["TECNOL.", "TEC."],
    "PRODUCTOS": ["PROD.", "PRODS."],
    "LABORATORIO": ["LAB.", "LABORAT."],
    "LABORATORIOS": ["LABS.", "LAB."],
    "TELECOMUNICACIONES": ["TELECOM.", "TELECOMUNIC."],
    "CONSULTORES": ["CONSULT.", "CONSULTS."],
    "INMOBILIARIA": ["INMOB.", "INMOBIL."],
    "AGROEXPORTADORA": ["AGROEXPORT."],
    "CENTRO": ["CTRO."],
    "MÉDICO": ["MED.", "MÉD."],
    "PARTICULAR": ["PART.", "PARTIC."],
}

# Legal forms: (code, share of firms, spellings).
LEGAL_FORMS: list[tuple[str, float, list[str]]] = [
    (
        "SAC",
        0.50,
        [
            "S.A.C.", "SAC", "S.A.C", "SAC.", "S. A. C.", "S.A.C.", "SOCIEDAD ANONIMA CERRADA",
            "SOCIEDAD ANÓNIMA CERRADA", "Soc. Anónima Cerrada", "SOC. ANONIMA CERRADA", "S.A.C.",
        ],
    ),
    (
        "EIRL",
        0.24,
        [
            "E.I.R.L.", "EIRL", "E.I.R.L", "E.I.R.LTDA.", "E.I.R. LTDA.", "Emp. Ind. Resp. Ltda",
            "EMPRESA INDIVIDUAL DE RESPONSABILIDAD LIMITADA", "E. I. R. L.", "E.I.R.L.",
        ],
    ),
    (
        "SRL",
        0.12,
        [
            "S.R.L.", "SRL", "S.R.L", "S.R.LTDA.", "S.C.R.L.", "SCRL", "S.R. LTDA.",
            "SOCIEDAD COMERCIAL DE RESPONSABILIDAD LIMITADA", "SOC. COM. DE RESP. LTDA.",
            "SOCIEDAD DE RESPONSABILIDAD LIMITADA",
        ],
    ),
    ("SA", 0.08, ["S.A.", "SA", "S.A", "SOCIEDAD ANONIMA", "SOCIEDAD ANÓNIMA", "Soc. Anónima"]),
    ("SAA", 0.01, ["S.A.A.", "SAA", "SOCIEDAD ANONIMA ABIERTA"]),
    ("", 0.05, [""]),  # a person's business: no legal form, a RUC starting with 10
]  # fmt: skip

# Departments and their districts (canonical spellings). Some district names exist in two
# departments.
DEPARTMENTS: dict[str, tuple[float, list[str]]] = {
    "LIMA": (
        0.52,
        [
            "LIMA", "MIRAFLORES", "SAN ISIDRO", "SANTIAGO DE SURCO", "LA VICTORIA",
            "SAN JUAN DE LURIGANCHO", "SAN MARTÍN DE PORRES", "LOS OLIVOS", "COMAS", "ATE",
            "SAN JUAN DE MIRAFLORES", "VILLA EL SALVADOR", "VILLA MARÍA DEL TRIUNFO",
            "CHORRILLOS", "SURQUILLO", "SAN BORJA", "LA MOLINA", "JESÚS MARÍA", "LINCE", "BREÑA",
            "PUEBLO LIBRE", "MAGDALENA DEL MAR", "SAN MIGUEL", "RÍMAC", "INDEPENDENCIA",
            "EL AGUSTINO", "SANTA ANITA", "CARABAYLLO", "PUENTE PIEDRA", "BARRANCO", "LURÍN",
            "CHACLACAYO", "ANCÓN", "SAN LUIS", "HUACHO", "HUARAL", "SAN VICENTE DE CAÑETE",
        ],
    ),
    "CALLAO": (
        0.06,
        ["CALLAO", "BELLAVISTA", "LA PERLA", "VENTANILLA", "CARMEN DE LA LEGUA REYNOSO", "MI PERÚ"],
    ),
    "AREQUIPA": (
        0.08,
        [
            "AREQUIPA", "CAYMA", "CERRO COLORADO", "YANAHUARA", "JOSÉ LUIS BUSTAMANTE Y RIVERO",
            "MIRAFLORES", "PAUCARPATA", "SACHACA", "SOCABAYA", "MARIANO MELGAR",
            "ALTO SELVA ALEGRE", "CAMANÁ", "MOLLENDO",
        ],
    ),
    "LA LIBERTAD": (
        0.06,
        [
            "TRUJILLO", "VÍCTOR LARCO HERRERA", "LA ESPERANZA", "EL PORVENIR",
            "FLORENCIA DE MORA", "HUANCHACO", "PACASMAYO", "CHEPÉN",
        ],
    ),
    "LAMBAYEQUE": (
        0.05,
        ["CHICLAYO", "JOSÉ LEONARDO ORTIZ", "LA VICTORIA", "LAMBAYEQUE", "FERREÑAFE", "PIMENTEL"],
    ),
    "PIURA": (0.04, ["PIURA", "CASTILLA", "VEINTISÉIS DE OCTUBRE", "SULLANA", "PAITA"]),
    "CUSCO": (0.04, ["CUSCO", "WANCHAQ", "SANTIAGO", "SAN SEBASTIÁN", "SAN JERÓNIMO", "SICUANI"]),
    "JUNÍN": (0.04, ["HUANCAYO", "EL TAMBO", "CHILCA", "TARMA", "LA OROYA", "JAUJA", "SATIPO"]),
    "ICA": (0.03, ["ICA", "PARCONA", "LA TINGUIÑA", "CHINCHA ALTA", "PISCO", "NASCA"]),
    "ÁNCASH": (0.03, ["CHIMBOTE", "NUEVO CHIMBOTE", "HUARAZ", "INDEPENDENCIA", "CASMA"]),
    "LORETO": (0.02, ["IQUITOS", "PUNCHANA", "BELÉN", "SAN JUAN BAUTISTA", "YURIMAGUAS"]),
    "PUNO": (0.02, ["PUNO", "JULIACA", "AZÁNGARO", "ILAVE"]),
    "TACNA": (0.02, ["TACNA", "GREGORIO ALBARRACÍN LANCHIPA", "ALTO DE LA ALIANZA", "POCOLLAY"]),
    "UCAYALI": (0.01, ["CALLERÍA", "YARINACOCHA", "MANANTAY"]),
    "AYACUCHO": (0.01, ["AYACUCHO", "SAN JUAN BAUTISTA", "CARMEN ALTO", "HUANTA"]),
}  # fmt: skip

# Other spellings of a district seen in lists (besides accents and case).
DISTRICT_VARIANTS: dict[str, list[str]] = {
    "LIMA": ["CERCADO DE LIMA", "LIMA CERCADO", "CERCADO"],
    "SANTIAGO DE SURCO": ["SURCO", "STGO. DE SURCO"],
    "SAN JUAN DE LURIGANCHO": ["S.J.L.", "SJL", "S.J. DE LURIGANCHO"],
    "SAN MARTÍN DE PORRES": ["S.M.P.", "SMP", "SAN MARTIN DE PORRAS"],
    "SAN JUAN DE MIRAFLORES": ["S.J.M.", "SJM"],
    "VILLA EL SALVADOR": ["V.E.S.", "VES"],
    "VILLA MARÍA DEL TRIUNFO": ["V.M.T.", "VMT"],
    "MAGDALENA DEL MAR": ["MAGDALENA"],
    "ATE": ["ATE VITARTE", "ATE-VITARTE"],
    "JOSÉ LUIS BUSTAMANTE Y RIVERO": [
        "J.L.B. Y RIVERO", "BUSTAMANTE Y RIVERO", "J.L. BUSTAMANTE Y RIVERO",
    ],
    "CARMEN DE LA LEGUA REYNOSO": ["CARMEN DE LA LEGUA"],
    "VÍCTOR LARCO HERRERA": ["VICTOR LARCO"],
    "CUSCO": ["CUZCO"],
    "NASCA": ["NAZCA"],
    "CALLERÍA": ["PUCALLPA"],
    "VEINTISÉIS DE OCTUBRE": ["26 DE OCTUBRE"],
    "JOSÉ LEONARDO ORTIZ": ["J.L. ORTIZ", "JOSE L. ORTIZ"],
    "GREGORIO ALBARRACÍN LANCHIPA": ["CRNEL. GREGORIO ALBARRACIN", "GREGORIO ALBARRACIN"],
    "CHINCHA ALTA": ["CHINCHA"],
    "SAN VICENTE DE CAÑETE": ["CAÑETE"],
    "WANCHAQ": ["HUANCHAC"],
}  # fmt: skip
DEPARTMENT_VARIANTS: dict[str, list[str]] = {"CALLAO": ["PROV. CONST. DEL CALLAO"]}

STREET_NAMES = [
    "AREQUIPA", "JAVIER PRADO ESTE", "LA MARINA", "BRASIL", "TACNA", "ABANCAY", "CAMANÁ",
    "HUALLAGA", "GAMARRA", "28 DE JULIO", "DOS DE MAYO", "GRAU", "BOLOGNESI", "ALFONSO UGARTE",
    "TÚPAC AMARU", "JOSÉ GÁLVEZ", "LOS OLIVOS", "LAS BEGONIAS", "LOS PINOS", "LAS GARDENIAS",
    "SANTA ROSA", "SAN MARTÍN", "PETIT THOUARS", "CÉSAR VALLEJO", "RICARDO PALMA",
    "MARISCAL CASTILLA", "MANCO CÁPAC", "INDEPENDENCIA", "NICOLÁS DE PIÉROLA", "AYACUCHO",
    "CUSCO", "LAMPA", "CARABAYA", "UNIVERSITARIA", "PRÓCERES DE LA INDEPENDENCIA", "EJÉRCITO",
    "BENAVIDES", "ANGAMOS OESTE", "PANAMERICANA NORTE", "NARANJAL", "CANTA CALLAO",
    "SÁNCHEZ CERRO", "ESPAÑA", "MARIÁTEGUI", "JOSÉ OLAYA", "MIGUEL GRAU", "SÁENZ PEÑA",
    "HUÁNUCO", "JUNÍN", "PERÚ", "LOS CEDROS", "LAS ORQUÍDEAS", "EL SOL", "LOS ALAMOS",
    "SAN FELIPE", "LIMA", "PARDO DE ZELA", "AVIACIÓN", "CIRCUNVALACIÓN", "TOMÁS VALLE",
    "GERARDO UNGER", "CARLOS IZAGUIRRE", "REPÚBLICA DE PANAMÁ", "EL EJÉRCITO", "LOS HÉROES",
    "HIPÓLITO UNANUE", "ANTONIO RAIMONDI", "JORGE CHÁVEZ", "LA PAZ", "LOS LIRIOS",
]  # fmt: skip
FLORA = [
    "BEGONIAS", "GARDENIAS", "ORQUÍDEAS", "ROSAS", "AZUCENAS", "CLAVELES", "GIRASOLES",
    "DALIAS", "MARGARITAS", "VIOLETAS", "CEDROS", "PINOS", "ÁLAMOS", "EUCALIPTOS", "SAUCES",
    "PALMERAS", "MOLLES", "QUEÑUALES", "FICUS", "CASUARINAS", "JAZMINES", "LIRIOS", "TULIPANES",
    "HIEDRAS", "ACACIAS", "RETAMAS", "CANTUTAS", "HORTENSIAS", "MAGNOLIAS", "CIPRESES",
]  # fmt: skip
SETTLEMENTS = [
    "SANTA PATRICIA", "LOS JARDINES", "SAN CARLOS", "VILLA EL SOL", "LAS PRADERAS",
    "EL PINAR", "LOS CIPRESES", "HUAYCÁN", "MICAELA BASTIDAS", "JOSÉ CARLOS MARIÁTEGUI",
    "LA CAPULLANA", "PRO", "MARANGA", "INGENIERÍA", "LOS FICUS", "SANTA LUISA", "EL TRÉBOL",
]  # fmt: skip

STREET_TYPES: dict[str, list[str]] = {
    "AV": ["AV.", "AV.", "AV", "Av.", "AVENIDA", "AVDA.", "Avda.", "AV.,"],
    "JR": ["JR.", "JR.", "JR", "Jr.", "JIRÓN", "JIRON"],
    "CALLE": ["CALLE", "CALLE", "CA.", "CAL.", "CLL.", "Calle"],
    "PSJE": ["PSJE.", "PASAJE", "PJE.", "PJ.", "PSJ."],
    "PROL": ["PROL.", "PROLONGACIÓN", "PROLONG."],
}
NUMBER_MARKERS = ["", "", "NRO. ", "NRO ", "N° ", "Nº ", "#", "# ", "NO. ", "Nro. ", "N°"]
UNITS: dict[str, list[str]] = {
    "INT": ["INT.", "INT", "INTERIOR", "Int."],
    "OF": ["OF.", "OFICINA", "OFIC.", "Of."],
    "DPTO": ["DPTO.", "DEPARTAMENTO", "DPTO", "DEP."],
    "PISO": ["PISO"],
    "TDA": ["TDA.", "TIENDA", "TDA"],
    "STAND": ["STAND", "STAND N°"],
}
MZ = ["MZ.", "MZ", "MZA.", "MANZANA", "Mz."]
LT = ["LT.", "LT", "LOTE", "Lt.", "LTE."]
SETTLEMENT_TYPES: dict[str, list[str]] = {
    "URB": ["URB.", "URBANIZACIÓN", "URBANIZACION", "Urb."],
    "AAHH": ["A.H.", "AA.HH.", "ASENTAMIENTO HUMANO", "AAHH"],
    "ASOC": ["ASOC.", "ASOCIACIÓN"],
}

KEYBOARD = {
    "A": "QSZ", "B": "VNG", "C": "XVD", "D": "SFE", "E": "WRD", "F": "DGR", "G": "FHT",
    "H": "GJY", "I": "UOK", "J": "HKU", "K": "JLI", "L": "KO", "M": "NJ", "N": "BMH",
    "O": "IPL", "P": "OL", "Q": "WA", "R": "ETF", "S": "ADW", "T": "RYG", "U": "YIJ",
    "V": "CBF", "W": "QES", "X": "ZCS", "Y": "TUH", "Z": "XAS",
}  # fmt: skip
PHONETIC = [("V", "B"), ("B", "V"), ("S", "Z"), ("Z", "S"), ("C", "S"), ("LL", "Y"),
            ("Y", "LL"), ("J", "G"), ("G", "J"), ("H", ""), ("QU", "K"), ("X", "S")]  # fmt: skip

# Noise rates of a copy (the first record of a firm gets the "first" rates).
RATES: dict[str, float] = {
    "namesake": 0.10,  # a new firm takes an existing firm's name (another place)
    "namesake_same_district": 0.15,  # ... of those, in the same district
    "near_namesake": 0.06,  # a new firm takes an existing name with a word added or changed
    "name_typo": 0.28,
    "second_typo": 0.07,
    "abbreviate": 0.35,  # a copy abbreviates some name words
    "amp": 0.10,  # Y <-> &
    "drop_legal_form": 0.08,
    "missing_ruc": 0.42,
    "missing_ruc_first": 0.20,
    "bad_ruc": 0.07,
    "missing_address": 0.22,
    "missing_address_first": 0.12,
    "address_typo": 0.08,
    "drop_unit": 0.35,
    "drop_settlement": 0.3,
    "address_with_district": 0.05,
    "moved": 0.03,  # a copy with another address in the same district
    "missing_district": 0.22,
    "missing_district_first": 0.10,
    "district_variant": 0.35,
    "district_typo": 0.03,
    "district_prefix": 0.03,
    "missing_department": 0.25,
    "department_typo": 0.02,
    "drop_accents": 0.55,
    "title_case": 0.30,
    "mixed_case": 0.08,
    "quotes": 0.04,
}


_INITIALS = re.compile(r"(?:[A-Z]\.)+[A-Z]?")


def strip_accents(s: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn"
    ).replace("\u0303", "")


@dataclass
class Firm:
    words: list[str]  # canonical name words (the legal form apart)
    legal_form: str  # code
    ruc: str
    department: str
    district: str
    address: dict[str, str] = field(default_factory=dict)


class _Gen:
    def __init__(self, seed: int, rates: dict[str, float] | None = None) -> None:
        self.r = random.Random(seed)
        self.p = rates or RATES
        self.used_rucs: set[str] = set()
        self.firms: list[Firm] = []
        self._dept_names = list(DEPARTMENTS)
        self._dept_w = [DEPARTMENTS[d][0] for d in self._dept_names]

    # ---- firms -------------------------------------------------------------------------------
    def _ruc(self, prefix: str) -> str:
        while True:
            body = prefix + "".join(self.r.choice("0123456789") for _ in range(8))
            value = body + str(ruc_mod.calc_check_digit(body))
            if value not in self.used_rucs:
                self.used_rucs.add(value)
                return value

    def _name_words(self) -> list[str]:
        r = self.r
        act = r.choice(ACTIVITIES).split()
        k = r.random()
        if k < 0.24:
            rest = [r.choice(SURNAMES)]
        elif k < 0.34:
            rest = [r.choice(SURNAMES), r.choice(SURNAMES)]
        elif k < 0.54:
            rest = r.choice(PLACES).split()
        elif k < 0.66:
            rest = [r.choice(FANTASY)]
            if r.random() < 0.3:
                rest += r.choice(QUALIFIERS).split()
        elif k < 0.71:
            a, b = r.sample(SURNAMES, 2)
            return [a, "&", b, r.choice(["ASOCIADOS", "CONTRATISTAS", "CONSULTORES", "ABOGADOS"])]
        elif k < 0.76:
            return ["GRUPO", r.choice(FANTASY), r.choice(SURNAMES)]
        elif k < 0.86:
            rest = [r.choice(FIRST_NAMES), r.choice(SURNAMES), r.choice(SURNAMES)]
        elif k < 0.92:
            a, b = r.sample("ABCDEFGHJKLMNPRSTVWY", 2)
            rest = [a, r.choice(["&", "Y"]), b]
        else:
            rest = [
                *r.choice(FANTASY + PLACES).split(),
                str(r.choice([2000, 21, 3, 7, 99, 2010])),
            ]
        return act + rest

    def _address(self) -> dict[str, str]:
        r = self.r
        k = r.random()
        out: dict[str, str] = {}
        if k < 0.78:
            out["type"] = r.choices(list(STREET_TYPES), weights=[40, 25, 25, 6, 4])[0]
            out["street"] = self._street()
            out["number"] = "S/N" if r.random() < 0.03 else self._number()
            if r.random() < 0.3:
                unit = r.choice(list(UNITS))
                out["unit"] = unit
                out["unit_no"] = str(r.randint(1, 12) * (100 if unit in ("OF", "DPTO") else 1))
                if unit in ("OF", "DPTO") and r.random() < 0.5:
                    out["unit_no"] = str(int(out["unit_no"]) + r.randint(1, 9))
            if r.random() < 0.2:
                out["stype"] = r.choice(list(SETTLEMENT_TYPES))
                out["settlement"] = r.choice(SETTLEMENTS)
        elif k < 0.96:
            out["mz"] = r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") + r.choice(["", "", "", "1", "2"])
            out["lt"] = str(r.randint(1, 40))
            out["stype"] = r.choice(list(SETTLEMENT_TYPES))
            out["settlement"] = r.choice(SETTLEMENTS)
        else:
            out["type"] = "CARR"
            out["street"] = r.choice(["CENTRAL", "PANAMERICANA SUR", "PANAMERICANA NORTE"])
            out["km"] = (
                f"{r.randint(1, 60)}.{r.randint(0, 9)}"
                if r.random() < 0.5
                else str(r.randint(1, 60))
            )
        return out

    def _street(self) -> str:
        """A street name: a hero, date or city, a person (first name and surname), a saint or
        place, or plants ("LAS BEGONIAS"): a few thousand streets, as in a real city."""
        r = self.r
        k = r.random()
        if k < 0.35:
            return r.choice(STREET_NAMES)
        if k < 0.7:
            return f"{r.choice(FIRST_NAMES)} {r.choice(SURNAMES)}"
        if k < 0.85:
            return r.choice(PLACES)
        return f"{r.choice(['LOS', 'LAS'])} {r.choice(FLORA)}"

    def _number(self) -> str:
        """A street number: log-uniform from 1 to about 6,000 (low numbers commoner)."""
        return str(int(math.exp(self.r.uniform(0, math.log(6000)))))

    def _place(self) -> tuple[str, str]:
        dept = self.r.choices(self._dept_names, weights=self._dept_w)[0]
        districts = DEPARTMENTS[dept][1]
        # Skewed: the first districts of a department are the busiest.
        i = min(int(self.r.expovariate(1 / (len(districts) / 2.5))), len(districts) - 1)
        return dept, districts[i]

    def new_firm(self) -> Firm:
        r = self.r
        codes = [c for c, _, _ in LEGAL_FORMS]
        form = r.choices(codes, weights=[w for _, w, _ in LEGAL_FORMS])[0]
        dept, district = self._place()
        words: list[str]
        if self.firms and r.random() < self.p["namesake"]:
            other = r.choice(self.firms)
            words = list(other.words)
            if r.random() < self.p["namesake_same_district"]:
                dept, district = other.department, other.district
            elif r.random() < 0.5:
                form = other.legal_form
        elif self.firms and r.random() < self.p["near_namesake"]:
            other = r.choice(self.firms)
            words = list(other.words)
            if r.random() < 0.6:
                words += r.choice(NEAR_QUALIFIERS).split()
            else:
                words = r.choice(ACTIVITIES).split() + words[len(words) // 2 :]
            if r.random() < 0.5:
                dept, district = other.department, other.district
        else:
            words = self._name_words()
        prefix = (
            "10"
            if form == ""
            else r.choice(["20", "20", "20", "20", "10"] if form == "EIRL" else ["20"])
        )
        firm = Firm(words, form, self._ruc(prefix), dept, district, self._address())
        self.firms.append(firm)
        return firm

    # ---- noise -------------------------------------------------------------------------------
    def typo(self, s: str) -> str:
        """One typo at a random letter of ``s`` (upper case, accents kept)."""
        r = self.r
        letters = [i for i, c in enumerate(s) if c.isalpha()]
        if len(letters) < 4:
            return s
        i = r.choice(letters)
        kind = r.random()
        c = s[i]
        base = strip_accents(c)
        if kind < 0.22:
            for a, b in r.sample(PHONETIC, len(PHONETIC)):
                j = s.find(a, max(0, i - 6))
                if j >= 0:
                    return s[:j] + b + s[j + len(a) :]
        if kind < 0.45 and base in KEYBOARD:  # neighbouring key
            return s[:i] + r.choice(KEYBOARD[base]) + s[i + 1 :]
        if kind < 0.65:  # letter left out
            return s[:i] + s[i + 1 :]
        if kind < 0.82:  # letter doubled or inserted
            return s[:i] + r.choice([c, r.choice("AEIOURSNL")]) + s[i:]
        if i + 1 < len(s) and s[i + 1].isalpha():  # two letters swapped
            return s[:i] + s[i + 1] + c + s[i + 2 :]
        return s[:i] + s[i + 1 :]

    def _case(self, s: str, style: str) -> str:
        if style == "upper":
            return s.upper()
        if style == "title":
            return " ".join(
                w if _INITIALS.fullmatch(w) else w[:1].upper() + w[1:].lower() for w in s.split(" ")
            )
        return " ".join(
            w
            if _INITIALS.fullmatch(w)
            else self.r.choice([w.upper(), w.lower(), w[:1].upper() + w[1:].lower()])
            for w in s.split(" ")
        )

    def _style(self) -> tuple[str, bool]:
        k = self.r.random()
        case = (
            "title"
            if k < self.p["title_case"]
            else "mixed"
            if k < self.p["title_case"] + self.p["mixed_case"]
            else "upper"
        )
        return case, self.r.random() < self.p["drop_accents"]

    def render_name(self, f: Firm, first: bool, case: str, no_accents: bool) -> str:
        r = self.r
        words = list(f.words)
        if not first and r.random() < self.p["abbreviate"]:
            share = r.choice([0.5, 1.0])
            words = [
                r.choice(NAME_ABBREVIATIONS[w])
                if w in NAME_ABBREVIATIONS and r.random() < share
                else w
                for w in words
            ]
        if r.random() < self.p["amp"]:
            words = ["&" if w == "Y" else "Y" if w == "&" else w for w in words]
        core = " ".join(words)
        if not first and r.random() < self.p["name_typo"]:
            core = self.typo(core)
            if r.random() < self.p["second_typo"] / self.p["name_typo"]:
                core = self.typo(core)
        if r.random() < self.p["quotes"]:
            core = f'"{core}"' if len(words) < 3 else f'{words[0]} "{" ".join(words[1:])}"'
        form = ""
        if f.legal_form and not (not first and r.random() < self.p["drop_legal_form"]):
            spellings = next(s for c, _, s in LEGAL_FORMS if c == f.legal_form)
            # Short spellings (S.A.C., SAC ...) are the common ones; long ones a fifth.
            short = [x for x in spellings if len(x) <= 12]
            long_ = [x for x in spellings if len(x) > 12] or short
            form = r.choice(long_ if r.random() < 0.2 else short)
        if no_accents:
            core, form = strip_accents(core), strip_accents(form)
        core = self._case(core, case)
        if case != "upper" and form.isupper() and " " in form and r.random() < 0.5:
            form = self._case(form, "title")
        if not form:
            return core
        sep = r.choices([" ", " - ", ", ", "  "], weights=[85, 6, 6, 3])[0]
        return core + sep + form

    def render_address(self, f: Firm, first: bool, case: str, no_accents: bool) -> str:
        r = self.r
        a = f.address
        if not first and r.random() < self.p["moved"]:
            a = self._address()
        parts: list[str] = []
        settlement = ""
        if "stype" in a and (first or r.random() >= self.p["drop_settlement"] or "mz" in a):
            settlement = r.choice(SETTLEMENT_TYPES[a["stype"]]) + " " + a["settlement"]
        if "mz" in a:
            mzlt = f"{r.choice(MZ)} {a['mz']} {r.choice(LT)} {a['lt']}"
            if r.random() < 0.5:
                parts += [settlement, mzlt]
            else:
                parts += [mzlt, settlement]
        else:
            street = a["street"]
            if not first and r.random() < self.p["address_typo"]:
                street = self.typo(street)
            if a["type"] == "CARR":
                ctype = r.choice(["CARRETERA", "CARR.", "CTRA."])
                parts.append(f"{ctype} {street} KM {a['km']}")
            else:
                number = a["number"]
                if number != "S/N":
                    number = r.choice(NUMBER_MARKERS) + number
                else:
                    number = r.choice(["S/N", "S/N", "SIN NUMERO", "S/N."])
                parts.append(f"{r.choice(STREET_TYPES[a['type']])} {street} {number}")
                if "unit" in a and (first or r.random() >= self.p["drop_unit"]):
                    parts.append(f"{r.choice(UNITS[a['unit']])} {a['unit_no']}")
                if settlement:
                    parts.append(settlement)
        sep = r.choice([" ", " ", ", ", " - "])
        text = sep.join(p for p in parts if p)
        if not first and r.random() < self.p["address_with_district"]:
            text += r.choice([" - ", ", ", " "]) + f.district
        if no_accents:
            text = strip_accents(text)
        return self._case(text, case)

    def render_district(self, f: Firm, case: str, no_accents: bool) -> str:
        r = self.r
        d = f.district
        if d in DISTRICT_VARIANTS and r.random() < self.p["district_variant"]:
            d = r.choice(DISTRICT_VARIANTS[d])
        if r.random() < self.p["district_typo"]:
            d = self.typo(d)
        if r.random() < self.p["district_prefix"]:
            d = "DISTRITO DE " + d
        if no_accents:
            d = strip_accents(d)
        return self._case(d, case)

    def render_department(self, f: Firm, case: str, no_accents: bool) -> str:
        d = f.department
        if d in DEPARTMENT_VARIANTS and self.r.random() < 0.4:
            d = self.r.choice(DEPARTMENT_VARIANTS[d])
        elif self.r.random() < self.p["department_typo"]:
            d = self.typo(d)
        if no_accents:
            d = strip_accents(d)
        return self._case(d, case)

    def render_ruc(self, f: Firm, first: bool) -> str:
        r = self.r
        if r.random() < self.p["missing_ruc_first" if first else "missing_ruc"]:
            return ""
        value = f.ruc
        if r.random() < self.p["bad_ruc"]:
            k = r.random()
            i = r.randrange(2, 11)
            if k < 0.5:  # one digit mistyped
                value = (
                    value[:i]
                    + r.choice([d for d in "0123456789" if d != value[i]])
                    + value[i + 1 :]
                )
            elif k < 0.75:  # two neighbouring digits swapped
                i = min(i, 9)
                value = value[:i] + value[i + 1] + value[i] + value[i + 2 :]
            elif k < 0.9:  # a digit left out
                value = value[:i] + value[i + 1 :]
            else:  # the check digit left out
                value = value[:10]
        k = r.random()
        if k < 0.05:
            value = f"{value[:2]}-{value[2:10]}-{value[10:]}"
        elif k < 0.08:
            value = value + ".0"
        elif k < 0.10:
            value = " " + value + " "
        return value

    def render(self, f: Firm, first: bool) -> dict[str, str]:
        r = self.r
        case, no_accents = self._style()

        def miss(key: str) -> bool:
            return r.random() < self.p[key + "_first" if first else key]

        address = "" if miss("missing_address") else self.render_address(f, first, case, no_accents)
        district = "" if miss("missing_district") else self.render_district(f, case, no_accents)
        department = (
            ""
            if r.random() < self.p["missing_department"]
            else self.render_department(f, case, no_accents)
        )
        return {
            "name": self.render_name(f, first, case, no_accents),
            "ruc": self.render_ruc(f, first),
            "address": address,
            "district": district,
            "department": department,
        }


def generate(
    n: int, seed: int = 0, duplicate_share: float = 0.2, profile: str = "default"
) -> tuple[list[dict[str, str]], dict[str, str]]:
    """``n`` records, a ``duplicate_share`` of them extra copies of a firm; record_id ->
    entity_id. ``profile`` is accepted for the benchmark's sake; the only one is "default"."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}")
    g = _Gen(seed, PROFILES[profile])
    n_dup = round(n * duplicate_share)
    n_firms = n - n_dup
    firms = [g.new_firm() for _ in range(n_firms)]
    # Some firms are on many lists: a long-tailed number of copies.
    weights = [min(g.r.paretovariate(1.6), 12.0) for _ in range(n_firms)]
    copies = g.r.choices(range(n_firms), weights=weights, k=n_dup)
    rows = [(i, g.render(f, first=True)) for i, f in enumerate(firms)]
    rows += [(i, g.render(firms[i], first=False)) for i in copies]
    g.r.shuffle(rows)
    records: list[dict[str, str]] = []
    truth: dict[str, str] = {}
    for k, (ent, rec) in enumerate(rows):
        rid = f"A{k + 1:07d}"
        records.append({"record_id": rid, **rec})
        truth[rid] = f"F{ent + 1}"
    return records, truth


PROFILES: dict[str, dict[str, float]] = {"default": RATES}

FIELDS = ["record_id", "name", "ruc", "address", "district", "department"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--truth", type=Path, required=True)
    a = ap.parse_args()
    records, truth = generate(a.n, a.seed)
    for path, rows, fields in (
        (a.out, records, FIELDS),
        (
            a.truth,
            [{"record_id": k, "entity_id": v} for k, v in truth.items()],
            ["record_id", "entity_id"],
        ),
    ):
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=fields)
            w.writeheader()
            w.writerows(rows)


if __name__ == "__main__":
    main()
