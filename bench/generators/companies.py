"""Synthetic lists of Peruvian firms with duplicates, for the matching benchmark and tests.

``generate(n, seed)`` returns ``(records, truth)``: ``records`` are dicts with the columns of the
``parties dedupe`` contract (record_id, name, ruc, address, district, department) and ``truth`` maps
record_id to entity_id. About one record in five is an extra copy of an existing firm, dirtied the
way real lists are: abbreviated or spelled-out legal forms, street types, typos (also in the first
letters), accents added or lost, case changes, word order, a missing or mistyped RUC, missing
address or district. Different firms share popular names in other districts, and some firms have
near-identical names ("... DEL SUR", "... HERMANOS").

    python -m bench.generators.companies 20000 --seed 1 --out bench/out/companies_20000.csv \
        --truth bench/out/companies_20000_truth.csv
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

from stdnum.pe import ruc as ruc_mod

PREFIXES = [
    "INVERSIONES",
    "COMERCIAL",
    "DISTRIBUIDORA",
    "CORPORACION",
    "GRUPO",
    "SERVICIOS GENERALES",
    "NEGOCIACIONES",
    "IMPORTADORA",
    "EXPORTADORA",
    "CONSTRUCTORA",
    "INDUSTRIAS",
    "TRANSPORTES",
    "EMPRESA",
    "CONSULTORA",
    "AGROINDUSTRIAS",
    "MULTISERVICIOS",
    "REPRESENTACIONES",
    "TEXTIL",
    "IMPORT EXPORT",
    "INVERSIONES Y SERVICIOS",
    "COMERCIALIZADORA",
    "LIBRERIA",
    "FERRETERIA",
    "BOTICA",
    "PANIFICADORA",
    "ESTUDIO CONTABLE",
    "CENTRO COMERCIAL",
    "INSTITUTO",
    "COLEGIO",
    "TECNOLOGIA",
    "SOLUCIONES",
    "INGENIERIA",
    "LABORATORIOS",
    "HOTEL",
    "RESTAURANT",
]
SURNAMES = [
    "GARCIA",
    "RODRIGUEZ",
    "FLORES",
    "QUISPE",
    "MAMANI",
    "SANCHEZ",
    "RAMIREZ",
    "TORRES",
    "CHAVEZ",
    "VASQUEZ",
    "GONZALES",
    "ROJAS",
    "DIAZ",
    "MENDOZA",
    "CASTILLO",
    "HUAMAN",
    "LOPEZ",
    "RAMOS",
    "CRUZ",
    "GUTIERREZ",
    "PEREZ",
    "ESPINOZA",
    "MORALES",
    "CONDORI",
    "HERRERA",
    "SALAZAR",
    "VARGAS",
    "CASTRO",
    "ROMERO",
    "FERNANDEZ",
    "JIMENEZ",
    "MARTINEZ",
    "RIVERA",
    "VEGA",
    "CHOQUE",
    "HUANCA",
    "PAREDES",
    "ALVAREZ",
    "CORDOVA",
    "AGUILAR",
    "CARDENAS",
    "MEDINA",
    "RUIZ",
    "LEON",
    "CAMPOS",
    "NUÑEZ",
    "CCAHUANA",
    "TICONA",
    "APAZA",
    "PALOMINO",
    "ZEVALLOS",
    "BENAVIDES",
    "VILLANUEVA",
    "ARANDA",
    "LUNA",
    "SOTO",
    "OCHOA",
    "CABRERA",
    "INFANTE",
    "TAPIA",
    "BARRIOS",
    "YUPANQUI",
    "HUAYTA",
    "PACHECO",
    "POMA",
    "LLANOS",
    "ARIAS",
    "VALDIVIA",
    "CARRASCO",
    "PONCE",
]
FIRST_NAMES = [
    "JUAN",
    "JOSE",
    "LUIS",
    "CARLOS",
    "JORGE",
    "MIGUEL",
    "ROSA",
    "MARIA",
    "ANA",
    "CARMEN",
    "JULIO",
    "VICTOR",
    "CESAR",
    "PEDRO",
    "WILLIAM",
    "EDWIN",
    "ELIZABETH",
    "GLADYS",
    "PERCY",
    "HUGO",
    "RAUL",
    "MARCO",
    "YOLANDA",
    "SONIA",
    "WALTER",
    "NANCY",
    "ERICK",
    "DIANA",
]
PLACES = [
    "SAN MARTIN",
    "SANTA ROSA",
    "SAN JUAN",
    "EL SOL",
    "LOS ANDES",
    "DEL PACIFICO",
    "DEL NORTE",
    "DEL SUR",
    "DEL CENTRO",
    "SEÑOR DE LOS MILAGROS",
    "VIRGEN DE LA PUERTA",
    "SAN JOSE",
    "SANTA MARIA",
    "LA ESPERANZA",
    "EL PROGRESO",
    "LOS OLIVOS",
    "EL CONDOR",
    "INTI RAYMI",
    "MACHU PICCHU",
    "AMAZONICA",
    "ANDINA",
    "PERUANA",
    "LA UNION",
    "SAN PEDRO",
    "SAN LUIS",
    "SAN FRANCISCO",
    "SANTA CATALINA",
    "LA FLORIDA",
    "LOS PINOS",
    "CHAVIN",
    "TITICACA",
]
ACTIVITIES = [
    "ALIMENTOS",
    "SOFTWARE",
    "LIBROS",
    "MUSICA",
    "ELECTRONICA",
    "TEXTILES",
    "CALZADO",
    "PLASTICOS",
    "MADERAS",
    "MINERA",
    "AGRICOLA",
    "PESQUERA",
    "INFORMATICA",
    "COMPUTO",
    "REPUESTOS",
    "VIDRIOS",
    "ACEROS",
    "PAPELES",
    "BEBIDAS",
    "FARMACEUTICA",
    "EDUCATIVA",
    "GRAFICA",
    "PUBLICITARIA",
    "TURISTICA",
    "MEDICA",
    "OPTICA",
    "JOYERIA",
    "MUEBLES",
    "COSMETICOS",
    "LICORES",
]
LEGAL_FORMS = {  # code: (weight, spellings)
    "SAC": (45, ["S.A.C.", "SAC", "S.A.C", "SOCIEDAD ANONIMA CERRADA", "S. A. C."]),
    "SRL": (15, ["S.R.L.", "SRL", "SOCIEDAD COMERCIAL DE RESPONSABILIDAD LIMITADA", "S.R.LTDA."]),
    "EIRL": (22, ["E.I.R.L.", "EIRL", "EMPRESA INDIVIDUAL DE RESPONSABILIDAD LIMITADA", "E.I.R.L"]),
    "SA": (10, ["S.A.", "SA", "SOCIEDAD ANONIMA", "S.A"]),
    "SAA": (2, ["S.A.A.", "SAA", "SOCIEDAD ANONIMA ABIERTA"]),
    "": (6, [""]),
}
ABBREVIATIONS = {
    "INVERSIONES": ["INV.", "INVERS.", "INVS."],
    "COMERCIAL": ["COM.", "COMERC."],
    "DISTRIBUIDORA": ["DIST.", "DISTRIB.", "DISTRIBUID."],
    "CORPORACION": ["CORP.", "CORPORAC."],
    "SERVICIOS": ["SERV.", "SERVS.", "SERVIC."],
    "GENERALES": ["GRALES.", "GRALES", "GENER."],
    "NEGOCIACIONES": ["NEG.", "NEGOC."],
    "IMPORTADORA": ["IMP.", "IMPORT."],
    "EXPORTADORA": ["EXP.", "EXPORT."],
    "CONSTRUCTORA": ["CONST.", "CONSTRUCT."],
    "INDUSTRIAS": ["IND.", "INDUST."],
    "TRANSPORTES": ["TRANSP.", "TRANS."],
    "REPRESENTACIONES": ["REPRES.", "REPRESENT."],
    "MULTISERVICIOS": ["MULTISERV."],
    "SANTA": ["STA."],
    "SAN": ["SN."],
    "COMPAÑIA": ["CIA."],
    "EMPRESA": ["EMP."],
    "INGENIERIA": ["ING."],
}
ACCENTED = {
    "MARTIN": "MARTÍN",
    "CORPORACION": "CORPORACIÓN",
    "JOSE": "JOSÉ",
    "ANDINA": "ANDINA",
    "PERUANA": "PERUANA",
    "UNION": "UNIÓN",
    "AMAZONICA": "AMAZÓNICA",
    "RAMIREZ": "RAMÍREZ",
    "RODRIGUEZ": "RODRÍGUEZ",
    "SANCHEZ": "SÁNCHEZ",
    "GONZALES": "GONZÁLES",
    "DIAZ": "DÍAZ",
    "HUAMAN": "HUAMÁN",
    "LOPEZ": "LÓPEZ",
    "GUTIERREZ": "GUTIÉRREZ",
    "PEREZ": "PÉREZ",
    "FERNANDEZ": "FERNÁNDEZ",
    "JIMENEZ": "JIMÉNEZ",
    "MARTINEZ": "MARTÍNEZ",
    "ALVAREZ": "ÁLVAREZ",
    "CORDOVA": "CÓRDOVA",
    "CARDENAS": "CÁRDENAS",
    "LEON": "LEÓN",
    "JIRON": "JIRÓN",
    "LIBRERIA": "LIBRERÍA",
    "FERRETERIA": "FERRETERÍA",
    "TECNOLOGIA": "TECNOLOGÍA",
    "INGENIERIA": "INGENIERÍA",
    "ELECTRONICA": "ELECTRÓNICA",
    "INFORMATICA": "INFORMÁTICA",
    "COMPUTO": "CÓMPUTO",
    "AGRICOLA": "AGRÍCOLA",
    "FARMACEUTICA": "FARMACÉUTICA",
    "GRAFICA": "GRÁFICA",
    "MEDICA": "MÉDICA",
    "OPTICA": "ÓPTICA",
    "JOYERIA": "JOYERÍA",
    "PUBLICITARIA": "PUBLICITARIA",
    "TURISTICA": "TURÍSTICA",
    "ANONIMA": "ANÓNIMA",
    "COMPAÑIA": "COMPAÑÍA",
    "PACIFICO": "PACÍFICO",
    "CONDOR": "CÓNDOR",
    "CHAVIN": "CHAVÍN",
    "LIMA": "LIMA",
    "RIMAC": "RÍMAC",
    "ANCON": "ANCÓN",
    "CHORRILLOS": "CHORRILLOS",
    "SURQUILLO": "SURQUILLO",
    "INDEPENDENCIA": "INDEPENDENCIA",
    "PERU": "PERÚ",
}
DISTRICTS = {
    "LIMA": [
        "LIMA",
        "MIRAFLORES",
        "SAN ISIDRO",
        "SURQUILLO",
        "SANTIAGO DE SURCO",
        "LA VICTORIA",
        "SAN JUAN DE LURIGANCHO",
        "SAN MARTIN DE PORRES",
        "LOS OLIVOS",
        "COMAS",
        "ATE",
        "BREÑA",
        "JESUS MARIA",
        "LINCE",
        "SAN BORJA",
        "CHORRILLOS",
        "BARRANCO",
        "INDEPENDENCIA",
        "VILLA EL SALVADOR",
        "SAN JUAN DE MIRAFLORES",
        "RIMAC",
        "PUEBLO LIBRE",
        "MAGDALENA DEL MAR",
        "LA MOLINA",
        "CARABAYLLO",
        "PUENTE PIEDRA",
        "EL AGUSTINO",
        "SANTA ANITA",
        "ANCON",
        "VILLA MARIA DEL TRIUNFO",
        "SAN MIGUEL",
        "LURIN",
    ],
    "AREQUIPA": [
        "AREQUIPA",
        "CAYMA",
        "CERRO COLORADO",
        "YANAHUARA",
        "JOSE LUIS BUSTAMANTE Y RIVERO",
        "MIRAFLORES",
        "PAUCARPATA",
        "SACHACA",
        "SOCABAYA",
        "MARIANO MELGAR",
        "HUNTER",
    ],
    "LA LIBERTAD": [
        "TRUJILLO",
        "VICTOR LARCO HERRERA",
        "LA ESPERANZA",
        "EL PORVENIR",
        "FLORENCIA DE MORA",
        "HUANCHACO",
        "MOCHE",
        "LAREDO",
    ],
    "CUSCO": ["CUSCO", "WANCHAQ", "SAN SEBASTIAN", "SAN JERONIMO", "SANTIAGO", "SAYLLA"],
    "PIURA": ["PIURA", "CASTILLA", "VEINTISEIS DE OCTUBRE", "SULLANA"],
    "LAMBAYEQUE": ["CHICLAYO", "JOSE LEONARDO ORTIZ", "LA VICTORIA", "PIMENTEL"],
    "JUNIN": ["HUANCAYO", "EL TAMBO", "CHILCA"],
}
DEPT_WEIGHTS = {
    "LIMA": 55,
    "AREQUIPA": 12,
    "LA LIBERTAD": 10,
    "CUSCO": 8,
    "PIURA": 6,
    "LAMBAYEQUE": 5,
    "JUNIN": 4,
}
STREETS = [
    "AREQUIPA",
    "JAVIER PRADO ESTE",
    "JAVIER PRADO OESTE",
    "LA MARINA",
    "BENAVIDES",
    "TACNA",
    "COLONIAL",
    "GRAU",
    "BOLOGNESI",
    "ABANCAY",
    "AYACUCHO",
    "HUALLAGA",
    "UCAYALI",
    "CAMANA",
    "LAMPA",
    "CUSCO",
    "PUNO",
    "JUNIN",
    "ICA",
    "CARABAYA",
    "QUILCA",
    "EMANCIPACION",
    "ANGAMOS",
    "LARCO",
    "PARDO",
    "PETIT THOUARS",
    "BRASIL",
    "ARICA",
    "TUPAC AMARU",
    "UNIVERSITARIA",
    "NARANJAL",
    "PROCERES DE LA INDEPENDENCIA",
    "LOS HEROES",
    "AVIACION",
    "CANADA",
    "MEXICO",
    "GAMARRA",
    "SEBASTIAN BARRANCA",
    "HUMBOLDT",
    "PRIALE",
    "NICOLAS DE PIEROLA",
    "ALFONSO UGARTE",
    "JOSE GALVEZ",
    "SAN MARTIN",
    "SANTA ROSA",
    "MERCADERES",
    "EJERCITO",
    "PROGRESO",
    "ESPAÑA",
    "AMAZONAS",
    "LOS INCAS",
    "EL SOL",
    "DE LA CULTURA",
    "MARISCAL CASTILLA",
    "HUAYNA CAPAC",
    "LOS ALAMOS",
    "LAS BEGONIAS",
    "LOS FICUS",
    "LAS GARDENIAS",
    "INDEPENDENCIA",
    "LIBERTAD",
    "SANCHEZ CERRO",
    "BALTA",
    "ELIAS AGUIRRE",
    "GIRALDEZ",
    "REAL",
    "FERROCARRIL",
]
STREET_TYPES = {  # canonical: (weight, spellings)
    "AV": (40, ["AV.", "AV", "AVENIDA", "AVDA."]),
    "JR": (30, ["JR.", "JR", "JIRON"]),
    "CA": (20, ["CA.", "CALLE", "CAL.", "CL."]),
    "PJ": (5, ["PSJE.", "PASAJE", "PJE."]),
    "PROL": (5, ["PROL.", "PROLONGACION"]),
}
NUMBER_STYLES = ["NRO. {n}", "{n}", "N° {n}", "NRO {n}", "NUM. {n}", "# {n}", "NO. {n}"]


#: Probabilities of each kind of noise. ``default`` is the benchmark's list; ``hard`` has more
#: typos (more of them in the first letters), missing RUCs, bad check digits, missing addresses,
#: districts and departments, abbreviations and namesakes, to check that a change is not tuned
#: to one mix of noise.
PROFILES: dict[str, dict[str, float]] = {
    "default": {
        "namesake": 0.10,
        "abbrev": 0.25,
        "typo": 0.30,
        "typo_early": 0.35,
        "second_typo": 0.06,
        "missing_ruc": 0.45,
        "bad_ruc": 0.08,
        "missing_address": 0.22,
        "missing_district": 0.25,
        "missing_department": 0.20,
    },
    "hard": {
        "namesake": 0.15,
        "abbrev": 0.40,
        "typo": 0.45,
        "typo_early": 0.50,
        "second_typo": 0.12,
        "missing_ruc": 0.60,
        "bad_ruc": 0.12,
        "missing_address": 0.35,
        "missing_district": 0.35,
        "missing_department": 0.30,
    },
}


class _Gen:
    def __init__(self, seed: int, profile: str = "default") -> None:
        self.p = PROFILES[profile]
        self.r = random.Random(seed)
        self.used_rucs: set[str] = set()
        self.used_names: list[str] = []

    # ---- entities -------------------------------------------------------------------------
    def ruc(self) -> str:
        while True:
            base = self.r.choice(["20", "20", "20", "10"]) + f"{self.r.randrange(10**8):08d}"
            value = base + ruc_mod.calc_check_digit(base)
            if value not in self.used_rucs:
                self.used_rucs.add(value)
                return value

    def core_name(self) -> str:
        r = self.r
        kind = r.random()
        if kind < 0.22:
            return f"{r.choice(PREFIXES)} {r.choice(SURNAMES)}"
        if kind < 0.40:
            return f"{r.choice(PREFIXES)} {r.choice(SURNAMES)} {r.choice(SURNAMES)}"
        if kind < 0.55:
            return f"{r.choice(PREFIXES)} {r.choice(PLACES)}"
        if kind < 0.67:
            sep = r.choice([" DE ", " ", " DE "])
            return f"{r.choice(PREFIXES)}{sep}{r.choice(ACTIVITIES)} {r.choice(PLACES)}"
        if kind < 0.77:
            return f"{r.choice(FIRST_NAMES)} {r.choice(SURNAMES)} {r.choice(SURNAMES)}"
        if kind < 0.87:
            letters = "".join(r.choice("ABCDEFGHIJKLMNOPRSTVY") for _ in range(r.choice([2, 3, 3])))
            return f"{r.choice(PREFIXES)} {letters}"
        if kind < 0.94:
            return f"{r.choice(SURNAMES)} {r.choice(ACTIVITIES)} {r.choice(PLACES)}"
        return f"{r.choice(PREFIXES)} {r.choice(ACTIVITIES)} {r.choice(SURNAMES)}"

    def entity(self) -> dict[str, str]:
        r = self.r
        if self.used_names and r.random() < self.p["namesake"]:
            core = r.choice(self.used_names)  # another firm with the same popular name
            if r.random() < 0.25:
                core += r.choice([" DEL SUR", " DEL NORTE", " HERMANOS", " E HIJOS", " 2", " PERU"])
        else:
            core = self.core_name()
            if r.random() < 0.05:
                self.used_names.append(core)
        codes = list(LEGAL_FORMS)
        form = r.choices(codes, weights=[LEGAL_FORMS[c][0] for c in codes])[0]
        dept = r.choices(list(DEPT_WEIGHTS), weights=list(DEPT_WEIGHTS.values()))[0]
        stype = r.choices(list(STREET_TYPES), weights=[w for w, _ in STREET_TYPES.values()])[0]
        extra = ""
        if r.random() < 0.2:
            extra = (
                " "
                + r.choice(["INT. ", "OF. ", "DPTO. ", "TDA. ", "STAND "])
                + str(r.randrange(1, 450))
            )
        if r.random() < 0.12:
            street = f"MZ. {r.choice('ABCDEFGHIJKLM')} LT. {r.randrange(1, 40)}"
            street += f" URB. {r.choice(PLACES)}"
            number = ""
        else:
            street = f"{stype} {r.choice(STREETS)}"
            number = str(r.choice([r.randrange(1, 300), r.randrange(100, 4000)]))
        return {
            "core": core,
            "form": form,
            "ruc": self.ruc(),
            "street": street,
            "number": number,
            "extra": extra,
            "district": r.choice(DISTRICTS[dept]),
            "department": dept,
        }

    # ---- rendering with noise -------------------------------------------------------------
    def typo(self, s: str, early: bool = False) -> str:
        r = self.r
        letters = [i for i, c in enumerate(s) if c.isalpha()]
        if len(letters) < 4:
            return s
        i = r.choice(letters[:3]) if early else r.choice(letters)
        op = r.random()
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        if op < 0.3:
            return s[:i] + r.choice(alphabet) + s[i + 1 :]
        if op < 0.5:
            return s[:i] + s[i + 1 :]
        if op < 0.7:
            return s[:i] + r.choice(alphabet) + s[i:]
        if i + 1 < len(s) and s[i + 1].isalpha():
            return s[:i] + s[i + 1] + s[i] + s[i + 2 :]
        return s[:i] + s[i] + s[i:]

    def words(self, text: str, p_abbrev: float, p_accent: float) -> str:
        out = []
        for w in text.split():
            if w in ABBREVIATIONS and self.r.random() < p_abbrev:
                w = self.r.choice(ABBREVIATIONS[w])
            elif w in ACCENTED and self.r.random() < p_accent:
                w = ACCENTED[w]
            out.append(w)
        return " ".join(out)

    def case(self, s: str, p_change: float) -> str:
        if self.r.random() >= p_change:
            return s
        return self.r.choice([str.title, str.lower, str.title])(s)

    def render(self, e: dict[str, str], dirty: bool) -> dict[str, str]:
        r = self.r
        d = 1.0 if dirty else 0.15  # originals are mostly clean
        core = e["core"]
        if dirty and r.random() < 0.10:
            toks = core.split()
            if len(toks) >= 3:
                i = r.randrange(1, len(toks) - 1)
                toks[i], toks[i + 1] = toks[i + 1], toks[i]
                core = " ".join(toks)
        if dirty and r.random() < 0.08:
            core = core.replace(" DE ", " ").replace(" DEL ", " ")
        core = self.words(core, self.p["abbrev"] * d, 0.35 * d)
        if dirty and r.random() < self.p["typo"]:
            core = self.typo(core, early=r.random() < self.p["typo_early"])
        if dirty and r.random() < self.p["second_typo"]:
            core = self.typo(core)
        spellings = LEGAL_FORMS[e["form"]][1]
        form = r.choice(spellings) if dirty else spellings[0]
        if dirty and r.random() < 0.12:
            form = ""
        elif dirty and form and r.random() < 0.03:  # S.A. written for S.A.C. and the like
            form = r.choice(["S.A.", "S.A.C.", "S.R.L.", "E.I.R.L."])
        form = self.words(form, 0, 0.4 * d)
        sep = r.choice([" ", " ", ", ", " - "]) if dirty else " "
        name = core + (sep + form if form else "")
        name = self.case(name, 0.35 * d)
        if dirty and r.random() < 0.05:
            name = name.replace(" ", "  ", 1) + r.choice(["", ".", " "])

        ruc = e["ruc"]
        p_missing_ruc = self.p["missing_ruc"] if dirty else 0.25
        if r.random() < p_missing_ruc:
            ruc = ""
        elif dirty and r.random() < self.p["bad_ruc"]:  # mistyped: usually breaks the check digit
            i = r.randrange(2, 11)
            ruc = ruc[:i] + str((int(ruc[i]) + r.randrange(1, 10)) % 10) + ruc[i + 1 :]
        elif dirty and r.random() < 0.05:
            ruc = ruc[:10]  # truncated

        address = ""
        if r.random() >= (self.p["missing_address"] if dirty else 0.05):
            street = e["street"]
            toks = street.split(" ", 1)
            stype = next((k for k, (_, sp) in STREET_TYPES.items() if toks[0] in sp), None)
            if stype and dirty and r.random() < 0.5:
                street = r.choice(STREET_TYPES[stype][1]) + " " + toks[1]
            street = self.words(street, 0.1 * d, 0.3 * d)
            if dirty and r.random() < 0.12:
                street = self.typo(street)
            number = ""
            if e["number"]:
                style = r.choice(NUMBER_STYLES) if dirty else NUMBER_STYLES[0]
                number = " " + style.format(n=e["number"])
            extra = e["extra"] if not dirty or r.random() < 0.6 else ""
            address = self.case(street + number + extra, 0.3 * d)

        district = e["district"]
        if dirty and r.random() < self.p["missing_district"]:
            district = ""
        elif dirty and r.random() < 0.02:  # a neighbouring district given instead
            district = r.choice(DISTRICTS[e["department"]])
        else:
            district = self.words(district, 0, 0.3 * d)
            if dirty and r.random() < 0.05:
                district = self.typo(district)
            district = self.case(district, 0.25 * d)
        lose_department = dirty and r.random() < self.p["missing_department"]
        department = "" if lose_department else self.case(e["department"], 0.2 * d)
        return {
            "name": name,
            "ruc": ruc,
            "address": address,
            "district": district,
            "department": department,
        }


def generate(
    n: int, seed: int = 0, duplicate_share: float = 0.2, profile: str = "default"
) -> tuple[list[dict[str, str]], dict[str, str]]:
    """``n`` records (a ``duplicate_share`` of them extra copies), record_id -> entity_id;
    ``profile`` names the mix of noise (``PROFILES``)."""
    g = _Gen(seed, profile)
    n_dup = round(n * duplicate_share)
    n_ent = n - n_dup
    entities = [g.entity() for _ in range(n_ent)]
    # Some firms appear in many lists: a skewed choice of which firms get the extra copies.
    weights = [g.r.choice([1, 1, 1, 2, 4]) for _ in range(n_ent)]
    dup_of = g.r.choices(range(n_ent), weights=weights, k=n_dup)
    rows: list[tuple[int, dict[str, str]]] = [
        (i, g.render(e, dirty=False)) for i, e in enumerate(entities)
    ]
    rows += [(i, g.render(entities[i], dirty=True)) for i in dup_of]
    g.r.shuffle(rows)
    records: list[dict[str, str]] = []
    truth: dict[str, str] = {}
    width = len(str(n))
    for k, (ent, rec) in enumerate(rows):
        rid = f"R{k + 1:0{width}d}"
        records.append({"record_id": rid, **rec})
        truth[rid] = f"E{ent + 1}"
    return records, truth


def write_csv(path: Path, rows: list[dict[str, str]], fields: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)


FIELDS = ["record_id", "name", "ruc", "address", "district", "department"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--profile", default="default", choices=sorted(PROFILES))
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--truth", type=Path, required=True)
    a = ap.parse_args()
    records, truth = generate(a.n, a.seed, profile=a.profile)
    write_csv(a.out, records, FIELDS)
    write_csv(
        a.truth,
        [{"record_id": k, "entity_id": v} for k, v in truth.items()],
        ["record_id", "entity_id"],
    )


if __name__ == "__main__":
    main()
