"""Demo firms: realistic Peruvian names, valid RUCs and real ubigeo codes (seeded, stable)."""

from __future__ import annotations

import random

from ipenforce.parties.models import Firm, FirmSize
from ipenforce.parties.rucgen import make_ruc

PREFIXES = [
    "INVERSIONES",
    "COMERCIAL",
    "DISTRIBUIDORA",
    "CORPORACION",
    "GRUPO",
    "SERVICIOS GENERALES",
    "CONSTRUCTORA",
    "IMPORTACIONES",
    "TECNOLOGIA",
    "ESTUDIO CONTABLE",
    "LIBRERIA",
    "FARMACIA",
]
CORES = [
    "SAN MARTIN",
    "LOS ANDES",
    "EL SOL",
    "SANTA ROSA",
    "PACIFICO",
    "MISTI",
    "CHAVIN",
    "INCA GARCILASO",
    "VIRGEN DE LA PUERTA",
    "NUEVO AMANECER",
    "LAS PALMERAS",
    "ALTO MAYO",
    "QUISPE & ASOCIADOS",
    "HUAMAN HERMANOS",
    "MENDOZA",
    "RAMIREZ",
    "CONDOR",
    "TITICACA",
    "PAITITI",
    "MOCHE",
]
FORMS = ["S.A.C.", "S.R.L.", "E.I.R.L.", "S.A."]
STREETS = [
    "AV. JAVIER PRADO ESTE",
    "JR. DE LA UNION",
    "AV. AREQUIPA",
    "CAL. MERCADERES",
    "AV. EJERCITO",
    "JR. PIZARRO",
    "AV. EL SOL",
    "AV. GRAU",
    "CAL. SAN MARTIN",
    "AV. LOS INCAS",
]
# Real INEI ubigeo codes: Lima (Cercado, Miraflores, San Isidro, Surco, SJL), Arequipa, Trujillo,
# Cusco, Piura, Huancayo, Callao.
DISTRICTS = [
    "150101",
    "150122",
    "150131",
    "150140",
    "150132",
    "040101",
    "040129",
    "130101",
    "080101",
    "080108",
    "200101",
    "120101",
    "070101",
]
SIZES = [
    FirmSize.MICRO,
    FirmSize.MICRO,
    FirmSize.SMALL,
    FirmSize.SMALL,
    FirmSize.MEDIUM,
    FirmSize.LARGE,
]


def demo_firms(count: int = 80, seed: int = 2012) -> list[dict[str, object]]:
    rng = random.Random(seed)
    firms: list[dict[str, object]] = []
    seen: set[str] = set()
    while len(firms) < count:
        name = f"{rng.choice(PREFIXES)} {rng.choice(CORES)} {rng.choice(FORMS)}"
        ruc = make_ruc(rng, "20")
        if ruc in seen:
            continue
        seen.add(ruc)
        firms.append(
            {
                "ruc": ruc,
                "legal_name": name,
                "address": f"{rng.choice(STREETS)} NRO. {rng.randint(100, 3999)}",
                "district_id": rng.choice(DISTRICTS),
                "size": rng.choice(SIZES),
                "sunat_state": "ACTIVO",
                "sunat_condition": "HABIDO",
            }
        )
    return firms


def load_firms() -> list[str]:
    existing = set(Firm.objects.values_list("ruc", flat=True))
    new = [Firm(**data) for data in demo_firms() if data["ruc"] not in existing]
    Firm.objects.bulk_create(new)
    return []
