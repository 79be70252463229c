"""Small hand-made bundles; puts the repository root on sys.path for `bench.generators`."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[5]
if (ROOT / "bench").is_dir() and str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CAMPAIGN: dict[str, Any] = {
    "name": "Prueba enero 2024",
    "start_date": "2024-01-01",
    "outcome_window_days": 31,
    "avg_pcs_per_firm": 8,
    "avg_licence_value_usd": 500,
}
TARGETS = """target_id,name,ruc,address,district,department,size,arm
T1,INVERSIONES SAN MARTIN S.A.C.,20131312955,AV. AREQUIPA 100,MIRAFLORES,LIMA,micro,letter
T2,COMERCIAL EL SOL S.R.L.,20100070970,JR. GRAU 12,TRUJILLO,LA LIBERTAD,micro,letter
T3,GRUPO INCA E.I.R.L.,20100047218,CAL. LIMA 5,AREQUIPA,AREQUIPA,pequeña,letter
T4,TRANSPORTES CHAVIN S.A.,20100017491,AV. GRAU 300,HUARAZ,ÁNCASH,micro,letter
T5,ESTUDIO CONTABLE QUISPE S.A.C.,20100128056,AV. LARCO 20,MIRAFLORES,LIMA,micro,letter
T6,IMPORTACIONES SANTA ROSA S.A.C.,20100130204,JR. UNION 44,CERCADO DE LIMA,LIMA,pequeña,letter
T7,CONSTRUCTORA LOS ANDES S.A.C.,,AV. BOLIVAR 7,PIURA,PIURA,micro,letter
T8,FERRETERIA DOS HERMANOS E.I.R.L.,20100152356,JR. TACNA 9,CUSCO,CUSCO,micro,letter
C1,DISTRIBUIDORA NORTE GRANDE S.A.C.,20100190797,AV. PROGRESO 1,CHICLAYO,LAMBAYEQUE,micro,control
C2,CORPORACION EL CONDOR S.A.,20100210909,AV. TACNA 2,LIMA,LIMA,micro,control
C3,LABORATORIOS SIETE MARES S.A.C.,20100220700,CAL. PIEROLA 3,ICA,ICA,pequeña,control
C4,CONSULTORA LIBERTAD S.A.C.,20100311195,JR. LIMA 4,PUNO,PUNO,micro,control
"""
DISPATCH = """target_id,sent_on,channel,status
T1,2024-01-02,post,delivered
T2,2024-01-02,post,returned
T2,2024-01-09,email,delivered
T3,2024-01-02,post,delivered
T4,2024-01-02,email,delivered
T5,2024-01-02,post,returned
T6,2024-01-02,post,delivered
T7,2024-01-02,post,pending
T8,2024-01-02,email,delivered
"""
RESPONSES = """target_id,responded_on,kind
T1,2024-01-10,reply
T1,2024-01-20,licence_proof
T3,2024-01-15,self_audit
T5,2024-01-16,dispute
"""
LICENCES = """rights_holder,ruc,name,address,district,department,purchased_on,seats,amount_usd
MS,20131312955,INVERSIONES SAN MARTIN S.A.C.,AV. AREQUIPA 100,MIRAFLORES,LIMA,2024-01-05,5,2500
Adobe,20131312955,INVERSIONES SAN MARTIN SAC,AV AREQUIPA 100,MIRAFLORES,LIMA,2024-01-25,2,1000
MS,20100047218,GRUPO INCA E.I.R.L.,CAL. LIMA 5,AREQUIPA,AREQUIPA,2024-01-01,4,2000
MS,20100017491,TRANSPORTES CHAVIN S.A.,AV. GRAU 300,HUARAZ,ÁNCASH,2023-12-31,3,1500
Autodesk,20100128056,ESTUDIO CONTABLE QUISPE S.A.C.,AV. LARCO 20,MIRAFLORES,LIMA,2024-02-01,6,3000
MS,20100130204,IMPORTACIONES SANTA ROSA SAC,JR UNION 44,CERCADO DE LIMA,LIMA,2024-01-31,1,500
MS,20100190797,DISTRIBUIDORA NORTE GRANDE SAC,AV PROGRESO 1,CHICLAYO,LAMBAYEQUE,2024-01-12,2,900
Corel,20100000688,OTRA EMPRESA S.A.C.,AV. SOL 1,CUSCO,CUSCO,2024-01-12,3,1200
MS,,Constructora Los Andes SAC,Avenida Bolivar 7,PIURA,PIURA,2024-01-20,2,800
"""

BundleMaker = Callable[..., Path]


def write_bundle(folder: Path, files: Mapping[str, str | bytes | dict[str, Any] | None]) -> Path:
    """Write the hand-made bundle into `folder`, `files` replacing (None: removing) files."""
    contents: dict[str, str | bytes | dict[str, Any] | None] = {
        "campaign.json": CAMPAIGN,
        "targets.csv": TARGETS,
        "dispatch.csv": DISPATCH,
        "responses.csv": RESPONSES,
        "licences.csv": LICENCES,
    }
    contents.update(files)
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in contents.items():
        if content is None:
            continue
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, dict):
            path.write_text(json.dumps(content, ensure_ascii=False, indent=2), encoding="utf-8")
        else:
            path.write_text(content, encoding="utf-8")
    return folder


@pytest.fixture
def make_bundle(tmp_path: Path) -> BundleMaker:
    counter = iter(range(1000))

    def make(**files: str | bytes | dict[str, Any] | None) -> Path:
        renamed = {
            name.replace("_", ".", 1) if "_" in name else name: v for name, v in files.items()
        }
        return write_bundle(tmp_path / f"bundle{next(counter)}", renamed)

    return make
