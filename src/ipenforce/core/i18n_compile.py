"""Compile gettext catalogues (.po → .mo) with polib, so set-up needs no system gettext.

Run by `make setup`; only catalogues newer than their .mo are compiled.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

PACKAGE = Path(__file__).resolve().parent.parent


def compile_all(root: Path = PACKAGE) -> list[Path]:
    compiled = []
    for po_path in sorted(root.rglob("locale/*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        compiled.append(mo_path)
    return compiled


if __name__ == "__main__":
    for path in compile_all():
        print(f"compiled {path.relative_to(PACKAGE)}", file=sys.stderr)
