"""The analytics package is pure Python: importing it loads no Django."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]


def test_it_imports_without_loading_django() -> None:
    code = (
        "import sys, ipenforce.campaigns.analytics as a; "
        "import ipenforce.campaigns.analytics.table; "
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE.parents[2],
        env={"PYTHONPATH": str(PACKAGE.parents[2])},
    )
    assert out.stdout.strip() == "[]"


def test_it_has_no_django_import_in_its_source() -> None:
    for path in PACKAGE.rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            assert not stripped.startswith(("import django", "from django")), path
