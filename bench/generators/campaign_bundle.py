"""Generator of campaign bundles with a KNOWN effect, for tests and benchmarks.

`generate_bundle(dir, n_targets, seed, true_effect, base_rate, ...)` writes a valid bundle (contract
`contracts/campaign-bundle.md`): control firms buy a licence in the window with probability
`base_rate`, letter-arm firms with `base_rate + effect` (intention to treat: whether or not the
letter arrived). Firms are Peruvian SMEs with valid RUCs (check digit from python-stdnum). Licence
rows include, besides the counted purchases: rows without RUC (name and address written
differently), purchases of non-targets and purchases dated outside the window. The returned
`GeneratedBundle` carries the truth (which target each licence row belongs to), so tests can link
licences perfectly without the matching engine.

`generate_2012_scenario(dir, seed)` writes the four 2012 campaigns of INDECOPI's software programme
(seed document, part I) as four bundles; see its docstring for the figures and the choices made.
"""

from __future__ import annotations

import csv
import json
import random
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from stdnum.pe import ruc as pe_ruc

from ipenforce.campaigns.analytics.assignment import assign_arms
from ipenforce.campaigns.analytics.model import Target

TARGET_HEADER = ["target_id", "name", "ruc", "address", "district", "department", "size"]
DISPATCH_HEADER = ["target_id", "sent_on", "channel", "status"]
RESPONSE_HEADER = ["target_id", "responded_on", "kind"]
LICENCE_HEADER = [
    "rights_holder",
    "ruc",
    "name",
    "address",
    "district",
    "department",
    "purchased_on",
    "seats",
    "amount_usd",
]

# department -> (weight, districts)
DEPARTMENTS: dict[str, tuple[float, tuple[str, ...]]] = {
    "LIMA": (
        0.46,
        (
            "MIRAFLORES",
            "SAN ISIDRO",
            "SURQUILLO",
            "LA VICTORIA",
            "ATE",
            "LOS OLIVOS",
            "SAN JUAN DE LURIGANCHO",
            "CERCADO DE LIMA",
            "SANTIAGO DE SURCO",
            "BREÑA",
        ),
    ),
    "AREQUIPA": (0.09, ("AREQUIPA", "CAYMA", "YANAHUARA", "JOSÉ LUIS BUSTAMANTE Y RIVERO")),
    "LA LIBERTAD": (0.07, ("TRUJILLO", "VÍCTOR LARCO HERRERA", "LA ESPERANZA")),
    "PIURA": (0.06, ("PIURA", "CASTILLA", "SULLANA")),
    "LAMBAYEQUE": (0.05, ("CHICLAYO", "JOSÉ LEONARDO ORTIZ", "LAMBAYEQUE")),
    "CALLAO": (0.05, ("CALLAO", "BELLAVISTA", "VENTANILLA")),
    "CUSCO": (0.05, ("CUSCO", "WANCHAQ", "SAN SEBASTIÁN")),
    "JUNÍN": (0.05, ("HUANCAYO", "EL TAMBO", "CHILCA")),
    "ICA": (0.04, ("ICA", "CHINCHA ALTA", "PISCO")),
    "ÁNCASH": (0.04, ("HUARAZ", "CHIMBOTE", "NUEVO CHIMBOTE")),
    "LORETO": (0.02, ("IQUITOS", "PUNCHANA")),
    "PUNO": (0.02, ("PUNO", "JULIACA")),
}
SIZES = (("micro", 0.55), ("pequeña", 0.35), ("mediana", 0.10))
SIZE_PCS = {"micro": (2, 6), "pequeña": (5, 15), "mediana": (12, 40)}
ACTIVITIES = (
    "INVERSIONES",
    "COMERCIAL",
    "CORPORACIÓN",
    "DISTRIBUIDORA",
    "SERVICIOS GENERALES",
    "CONSTRUCTORA",
    "TRANSPORTES",
    "IMPORTACIONES",
    "GRUPO",
    "ESTUDIO CONTABLE",
    "NEGOCIACIONES",
    "INDUSTRIAS",
    "CONSULTORA",
    "FERRETERÍA",
    "LABORATORIOS",
)
CORES = (
    "SAN MARTÍN",
    "LOS ANDES",
    "EL SOL",
    "SANTA ROSA",
    "MIRAFLORES",
    "INCA",
    "DEL PACÍFICO",
    "VIRGEN DE GUADALUPE",
    "SEÑOR DE LOS MILAGROS",
    "AMAZONÍA",
    "MACHU PICCHU",
    "CHAVÍN",
    "NORTE GRANDE",
    "TÍTICACA",
    "LOS ÁLAMOS",
    "EL CONDOR",
    "SAN JUDAS TADEO",
    "PERÚ SUR",
    "DOS HERMANOS",
    "QUISPE",
    "MAMANI & ASOCIADOS",
    "RAMÍREZ",
    "FLORES HNOS",
    "LA MOLINA",
    "NUEVO HORIZONTE",
    "TECNOLOGÍA ANDINA",
    "SIETE MARES",
    "CORAZÓN DE JESÚS",
    "LIBERTAD",
)
LEGAL_FORMS = (
    ("S.A.C.", "SOCIEDAD ANONIMA CERRADA"),
    ("E.I.R.L.", "EMPRESA INDIVIDUAL DE RESPONSABILIDAD LIMITADA"),
    ("S.R.L.", "SOCIEDAD COMERCIAL DE RESPONSABILIDAD LIMITADA"),
    ("S.A.", "SOCIEDAD ANONIMA"),
)
STREETS = (("AV.", "AVENIDA"), ("JR.", "JIRON"), ("CAL.", "CALLE"), ("PSJE.", "PASAJE"))
STREET_NAMES = (
    "JAVIER PRADO ESTE",
    "AREQUIPA",
    "LARCO",
    "GRAU",
    "BOLÍVAR",
    "SAN MARTÍN",
    "LOS INCAS",
    "AYACUCHO",
    "TACNA",
    "PIÉROLA",
    "LIMA",
    "PROGRESO",
    "LAS BEGONIAS",
    "INDEPENDENCIA",
    "28 DE JULIO",
    "LOS PINOS",
    "UNIÓN",
    "ALFONSO UGARTE",
)
RIGHTS_HOLDERS = ("Microsoft Perú", "Adobe Systems", "Autodesk", "Symantec", "Corel")
LICENCE_VALUE_USD = 542.0


@dataclass(frozen=True, slots=True)
class Firm:
    target_id: str
    name: str
    ruc: str
    legal_form: int
    street: int
    street_name: str
    number: int
    district: str
    department: str
    size: str

    @property
    def address(self) -> str:
        return f"{STREETS[self.street][0]} {self.street_name} {self.number}"


@dataclass(slots=True)
class GeneratedBundle:
    path: Path
    arms: dict[str, str]
    """target_id -> arm (the truth, also when the bundle has no arm column)."""
    licence_targets: list[str | None]
    """For each licences.csv data row, in order: the target it belongs to (None: not a target)."""
    rates: dict[str, float]
    """True in-window licensing probability of each arm."""
    counts: dict[str, Any] = field(default_factory=dict)


class FirmFactory:
    def __init__(self, rng: random.Random, prefix: str = "T") -> None:
        self.rng = rng
        self.prefix = prefix
        self._used: set[str] = set()
        self._count = 0
        self._departments = list(DEPARTMENTS)
        self._weights = [w for w, _ in DEPARTMENTS.values()]

    def ruc(self) -> str:
        while True:
            kind = "20" if self.rng.random() < 0.8 else "10"
            body = kind + f"{self.rng.randrange(10**8):08d}"
            number = body + pe_ruc.calc_check_digit(body)
            if number not in self._used:
                self._used.add(number)
                return number

    def firm(self) -> Firm:
        rng = self.rng
        self._count += 1
        department = rng.choices(self._departments, self._weights)[0]
        size = rng.choices([s for s, _ in SIZES], [w for _, w in SIZES])[0]
        ruc = self.ruc()
        form = rng.randrange(len(LEGAL_FORMS))
        if ruc.startswith("10"):  # a person with a business: their own name
            name = f"{rng.choice(CORES)} {rng.choice(('QUISPE', 'HUAMÁN', 'ROJAS', 'TORRES'))}"
            name = name.replace("&", "Y")
        else:
            name = f"{rng.choice(ACTIVITIES)} {rng.choice(CORES)} {LEGAL_FORMS[form][0]}"
        return Firm(
            target_id=f"{self.prefix}{self._count:06d}",
            name=name,
            ruc=ruc,
            legal_form=form,
            street=rng.randrange(len(STREETS)),
            street_name=rng.choice(STREET_NAMES),
            number=rng.randrange(100, 4000),
            district=rng.choice(DEPARTMENTS[department][1]),
            department=department,
            size=size,
        )


def _target(firm: Firm) -> Target:
    return Target(
        firm.target_id, firm.name, firm.ruc, firm.address, firm.district, firm.department, firm.size
    )


def _strip_accents(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).replace("Ñ", "N")


def _varied(firm: Firm, rng: random.Random) -> tuple[str, str, str]:
    """Name, address and district as a rights holder might write them."""
    name, address, district = firm.name, firm.address, firm.district
    short, long = LEGAL_FORMS[firm.legal_form]
    if rng.random() < 0.5 and name.endswith(short):
        name = name[: -len(short)] + long
    if rng.random() < 0.5:
        name = _strip_accents(name)
    if rng.random() < 0.4:
        name = name.title()
    if rng.random() < 0.2:
        name = name.replace(".", "")
    if rng.random() < 0.5:
        abbreviation, full = STREETS[firm.street]
        address = address.replace(abbreviation, full, 1)
    if rng.random() < 0.3:
        address = address.title()
    if rng.random() < 0.2:
        district = ""
    return name, address, district


def _seats(firm: Firm, rng: random.Random) -> int:
    low, high = SIZE_PCS[firm.size]
    return rng.randint(low, high)


def _licence_row(firm: Firm, day: date, rng: random.Random, *, without_ruc: bool) -> list[str]:
    seats = _seats(firm, rng)
    amount = round(seats * LICENCE_VALUE_USD * rng.uniform(0.8, 1.2), 2)
    if without_ruc:
        name, address, district = _varied(firm, rng)
        ruc = ""
    else:
        name, address, district, ruc = firm.name, firm.address, firm.district, firm.ruc
    return [
        rng.choice(RIGHTS_HOLDERS),
        ruc,
        name,
        address,
        district,
        firm.department,
        day.isoformat(),
        str(seats),
        f"{amount:.2f}",
    ]


def _write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _day(start: date, days: int, rng: random.Random) -> date:
    return start + timedelta(days=rng.randrange(days))


def write_bundle(
    folder: Path,
    campaign: Mapping[str, Any],
    firms: Sequence[Firm],
    arms: Mapping[str, str],
    dispatch: Sequence[Sequence[str]],
    responses: Sequence[Sequence[str]],
    licences: Sequence[Sequence[str]],
    *,
    with_arm_column: bool,
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "campaign.json").write_text(
        json.dumps(campaign, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    header = TARGET_HEADER + (["arm"] if with_arm_column else [])
    rows = []
    for f in firms:
        row = [f.target_id, f.name, f.ruc, f.address, f.district, f.department, f.size]
        rows.append(row + ([arms[f.target_id]] if with_arm_column else []))
    _write_csv(folder / "targets.csv", header, rows)
    _write_csv(folder / "dispatch.csv", DISPATCH_HEADER, dispatch)
    _write_csv(folder / "responses.csv", RESPONSE_HEADER, responses)
    _write_csv(folder / "licences.csv", LICENCE_HEADER, licences)


def _dispatch_row(firm: Firm, start: date, rng: random.Random) -> list[str]:
    status = rng.choices(("delivered", "returned", "pending"), (0.86, 0.08, 0.06))[0]
    channel = "post" if rng.random() < 0.7 else "email"
    return [firm.target_id, _day(start, 10, rng).isoformat(), channel, status]


def _response_kind(licensed: bool, rng: random.Random) -> str:
    if licensed and rng.random() < 0.6:
        return "licence_proof"
    return rng.choices(
        ("reply", "self_audit", "licence_proof", "dispute", "other"), (0.5, 0.2, 0.1, 0.1, 0.1)
    )[0]


def generate_bundle(
    folder: Path | str,
    n_targets: int,
    seed: int,
    true_effect: float | Mapping[str, float],
    base_rate: float,
    arms: Sequence[str] = ("letter",),
    with_arm_column: bool = True,
    missing_ruc_share: float = 0.1,
    *,
    control_share: float = 0.2,
    response_rate: float = 0.4,
    start_date: date = date(2024, 3, 1),
    outcome_window_days: int = 90,
    name: str | None = None,
    non_target_share: float = 0.05,
    outside_window_share: float = 0.03,
    stated: Mapping[str, float] | None = None,
) -> GeneratedBundle:
    """Write a valid bundle whose letter arms raise the in-window licensing rate by `true_effect`.

    `true_effect` is one figure for every letter arm or a mapping arm -> effect. Arms are drawn at
    random (control with `control_share`, the letter arms equally); the truth is returned even when
    the file has no arm column. `missing_ruc_share` of the counted purchases are reported without
    RUC and with the name/address written differently; `non_target_share` (of n_targets) extra rows
    are purchases of firms that are not targets; `outside_window_share` of the targets also buy
    before or after the window.
    """
    folder = Path(folder)
    rng = random.Random(seed)
    effects = {
        a: (true_effect if isinstance(true_effect, int | float) else true_effect[a]) for a in arms
    }
    rates = {"control": base_rate, **{a: base_rate + effects[a] for a in arms}}
    factory = FirmFactory(rng)
    firms = [factory.firm() for _ in range(n_targets)]
    # The arms the system will assign (same algorithm and seed, recorded in campaign.json), so
    # dispatch
    # and purchases follow them even when the file has no arm column.
    assignment_seed = rng.randrange(2**31)
    arm_of = dict(
        assign_arms(
            [_target(f) for f in firms],
            assignment_seed,
            letter_arms=arms,
            control_share=control_share,
        ).arms
    )
    window_days = outcome_window_days
    dispatch: list[list[str]] = []
    responses: list[list[str]] = []
    licences: list[list[str]] = []
    truth: list[str | None] = []
    licensed_ids: set[str] = set()
    for firm in firms:
        arm = arm_of[firm.target_id]
        licensed = rng.random() < rates[arm]
        if licensed:
            licensed_ids.add(firm.target_id)
            for _ in range(1 if rng.random() < 0.9 else 2):
                day = _day(start_date, window_days, rng)
                without = rng.random() < missing_ruc_share
                licences.append(_licence_row(firm, day, rng, without_ruc=without))
                truth.append(firm.target_id)
        if rng.random() < outside_window_share:
            day = (
                start_date - timedelta(days=rng.randint(1, 60))
                if rng.random() < 0.5
                else start_date + timedelta(days=window_days + rng.randint(0, 60))
            )
            licences.append(_licence_row(firm, day, rng, without_ruc=False))
            truth.append(firm.target_id)
        if arm == "control":
            continue
        dispatch.append(_dispatch_row(firm, start_date, rng))
        p_answer = min(1.0, response_rate + (0.3 if licensed else 0.0))
        if rng.random() < p_answer:
            day = _day(start_date + timedelta(days=10), max(1, window_days - 10), rng)
            responses.append([firm.target_id, day.isoformat(), _response_kind(licensed, rng)])
    outsiders = FirmFactory(rng, prefix="X")
    outsiders._used = factory._used
    for _ in range(int(n_targets * non_target_share)):
        firm = outsiders.firm()
        day = _day(start_date, window_days, rng)
        licences.append(_licence_row(firm, day, rng, without_ruc=rng.random() < missing_ruc_share))
        truth.append(None)
    campaign: dict[str, Any] = {
        "name": name or f"Campaña generada {seed}",
        "start_date": start_date.isoformat(),
        "outcome_window_days": outcome_window_days,
        "avg_pcs_per_firm": 8,
        "avg_licence_value_usd": LICENCE_VALUE_USD,
        "assignment_seed": assignment_seed,
        "letter_arms": list(arms),
        "control_share": control_share,
    }
    if stated:
        campaign["stated"] = dict(stated)
    write_bundle(
        folder,
        campaign,
        firms,
        arm_of,
        dispatch,
        responses,
        licences,
        with_arm_column=with_arm_column,
    )
    return GeneratedBundle(
        path=folder,
        arms=arm_of,
        licence_targets=truth,
        rates=rates,
        counts={"licensed_firms": len(licensed_ids), "licence_rows": len(licences)},
    )


# --- the 2012 software campaigns ----------------------------------------------------------------

PROGRAMME_2012 = "Uso legal de software en PYMES 2012"
SOURCE_2012 = (
    "INDECOPI, Dirección de Derecho de Autor: 'Experience acquired in promoting the legal use of "
    "software by SMEs' (Buen Gobierno 2013), results for 2012"
)
# (name, start, window days, letters, licensed firms from the source, responses)
CAMPAIGNS_2012 = (
    ("Software legal 2012 - 1 (marzo-abril)", date(2012, 3, 1), 61, 1100, 235, 451),
    ("Software legal 2012 - 2 (junio-agosto)", date(2012, 6, 1), 92, 950, 167, 390),
    ("Software legal 2012 - 3 (septiembre-octubre)", date(2012, 9, 1), 61, 1350, 305, 553),
    ("Software legal 2012 - 4 (noviembre-diciembre)", date(2012, 11, 1), 61, 900, 123, 369),
)
AVG_LICENCE_VALUE_2012 = 542.0
"""US$ per workstation: 3,600,000 / 6,640 = 542.17, rounded to 542 (6,640 x 542 = US$3,598,880)."""
STATED_2012 = {
    "campaigns": 3,
    "letters_sent": 4300,
    "licensed_firms": 817,
    "licensing_rate": 0.19,
    "response_rate": 0.41,
    "avg_pcs_per_firm": 8,
    "workstations_estimated": 6640,
    "income_estimated_usd": 3_600_000,
}


def generate_2012_scenario(folder: Path | str, seed: int) -> list[GeneratedBundle]:
    """Write the 2012 programme as four bundles, `folder/2012-1` ... `folder/2012-4`.

    Figures from the seed document (part I): 4,300 letters in four campaigns (March-April,
    June-August, September-October, November-December 2012); 235 + 167 + 305 + 123 = 830 firms
    licensed; 41% answered; 8 PCs per firm. The source does not split the letters by campaign: we
    use 1,100 / 950 / 1,350 / 900, and split the 1,763 answers (41% of 4,300) in proportion: 451 /
    390 / 553 / 369. Each campaign's window is its own months (61, 92, 61 and 61 days from the first
    of its first month).

    Estimated income: the source gives "some US$3.6 million" for 6,640 workstations (830 x 8) but no
    price, so avg_licence_value_usd = 542 (3.6 million / 6,640 = 542.17), giving US$3,598,880.

    No control group: the 2012 campaigns wrote to every firm on the lists, so every target is in the
    `letter` arm (the arm column is written); the report says the effect cannot be measured.

    Each campaign.json carries `stated` (its own figure from the source, e.g. 235 licensed firms)
    and `programme` {name, stated}: the source's programme figures, which disagree with its list:
    "three campaigns" (four are listed), 817 licensed firms (the list adds up to 830), 19%, 41%,
    6,640 workstations (830 x 8, while 817 x 8 = 6,536) and US$3.6 million.

    Besides the counted purchases, each bundle has purchases of non-targets, purchases dated after
    the window, and purchase rows without RUC; every row links by RUC except those without one.
    """
    root = Path(folder)
    rng = random.Random(seed)
    out: list[GeneratedBundle] = []
    for index, (title, start, days, letters, licensed_n, answered_n) in enumerate(
        CAMPAIGNS_2012, 1
    ):
        factory = FirmFactory(rng, prefix=f"C{index}-")
        firms = [factory.firm() for _ in range(letters)]
        arm_of = {f.target_id: "letter" for f in firms}
        licensed = set(rng.sample(range(letters), licensed_n))
        # most licensed firms answered (licence_proof); the rest of the answers are other firms
        licensed_answering = set(rng.sample(sorted(licensed), int(licensed_n * 0.8)))
        others = [i for i in range(letters) if i not in licensed_answering]
        answering = licensed_answering | set(
            rng.sample(others, answered_n - len(licensed_answering))
        )
        dispatch = [_dispatch_row(f, start, rng) for f in firms]
        responses: list[list[str]] = []
        licences: list[list[str]] = []
        truth: list[str | None] = []
        for i, firm in enumerate(firms):
            if i in answering:
                day = _day(start + timedelta(days=7), days - 7, rng)
                responses.append(
                    [firm.target_id, day.isoformat(), _response_kind(i in licensed, rng)]
                )
            if i in licensed:
                day = _day(start + timedelta(days=5), days - 5, rng)
                licences.append(_licence_row(firm, day, rng, without_ruc=False))
                truth.append(firm.target_id)
            elif rng.random() < 0.02:  # bought, but after the window closed: does not count
                day = start + timedelta(days=days + rng.randint(0, 30))
                licences.append(_licence_row(firm, day, rng, without_ruc=False))
                truth.append(firm.target_id)
        outsiders = FirmFactory(rng, prefix=f"X{index}-")
        outsiders._used = factory._used
        for _ in range(letters // 50):  # purchases of firms that got no letter
            licences.append(
                _licence_row(
                    outsiders.firm(), _day(start, days, rng), rng, without_ruc=rng.random() < 0.3
                )
            )
            truth.append(None)
        campaign = {
            "name": title,
            "start_date": start.isoformat(),
            "outcome_window_days": days,
            "avg_pcs_per_firm": 8,
            "avg_licence_value_usd": AVG_LICENCE_VALUE_2012,
            "stated": {"licensed_firms": licensed_n},
            "programme": {"name": PROGRAMME_2012, "source": SOURCE_2012, "stated": STATED_2012},
        }
        path = root / f"2012-{index}"
        write_bundle(
            path, campaign, firms, arm_of, dispatch, responses, licences, with_arm_column=True
        )
        out.append(
            GeneratedBundle(
                path,
                arm_of,
                truth,
                {"letter": licensed_n / letters},
                {"letters": letters, "licensed_firms": licensed_n, "responses": answered_n},
            )
        )
    return out


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "var/bundles")
    generate_2012_scenario(target / "2012", seed=2012)
    generate_bundle(
        target / "demo",
        5000,
        seed=1,
        true_effect=0.05,
        base_rate=0.08,
        arms=("letter_deterrence", "letter_information"),
    )
    print(target)
