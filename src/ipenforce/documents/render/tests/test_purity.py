"""The render package is pure: importing and using it never imports Django."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[4]


def test_it_does_not_import_django() -> None:
    code = (
        "import sys\n"
        "from ipenforce.documents.render import LetterLayout, render_pdf\n"
        "ctx = {'firma': {'razon_social': 'A', 'ruc': '1', 'direccion': 'x'},\n"
        "       'codigo_respuesta': 'c', 'url_respuesta': 'u', 'fecha': 'f'}\n"
        "assert render_pdf(LetterLayout(), 'Hola', ctx).startswith(b'%PDF')\n"
        "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')]\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
