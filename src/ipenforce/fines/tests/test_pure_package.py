"""The fine engine is a pure package: no Django, nothing heavy, at import."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("django", "polars", "duckdb", "scipy", "splink", "numpy", "pandas")


def _modules_after(statement: str) -> set[str]:
    code = f"import sys, json\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return set(json.loads(out.stdout))


def test_it_imports_no_django() -> None:
    loaded = _modules_after("import ipenforce.fines; ipenforce.fines.calculate_json")
    assert "django" not in loaded


def test_it_runs_a_case_without_heavy_libraries() -> None:
    case = {
        "body": "copyright",
        "resolution_date": "2024-10-07",
        "method": "ad_hoc",
        "ad_hoc": {"beta_pen": 36000, "beta_basis": "economic_damage", "detection": "medium"},
    }
    loaded = _modules_after(
        "from ipenforce.fines.cli import main\n"
        "from ipenforce.fines import calculate_json, render_memo, parse_case, calculate\n"
        f"render_memo(calculate(parse_case({case!r})))"
    )
    assert not [m for m in loaded if m.split(".")[0] in HEAVY]
