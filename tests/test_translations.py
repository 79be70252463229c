"""Every string a person reads is translatable and translated (Spanish source, English)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "ipenforce"
CATALOGUE = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_it_translates_every_entry_of_the_english_catalogue():
    po = polib.pofile(str(CATALOGUE))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated[:20]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:20]}"


@pytest.mark.skipif(
    not shutil.which("xgettext"), reason="needs GNU gettext (make setup-test installs it)"
)
def test_it_has_a_catalogue_that_covers_every_marked_string(tmp_path):
    copy = tmp_path / "ipenforce"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ipenforce.settings_test"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "en",
            "--no-obsolete",
            "--ignore",
            "*/tests/*",
            "--ignore",
            "fines/*",
            "--ignore",
            "matching/*",
        ],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    fresh = polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in fresh if not e.obsolete and (not e.translated() or e.fuzzy)]
    assert not missing, (
        "strings without an English translation (run scripts/i18n/update.sh and translate): "
        f"{missing[:30]}"
    )
