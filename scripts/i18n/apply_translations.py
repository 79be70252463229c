"""Apply a mapping of translations to the English catalogue.

Usage (from src/ipenforce): python ../../scripts/i18n/apply_translations.py MAPPING.py
MAPPING.py defines T = {msgid: msgstr} and optionally PLURALS = {msgid: (singular, plural)}.
"""

import runpy
import sys

import polib

mapping = runpy.run_path(sys.argv[1])
po = polib.pofile("locale/en/LC_MESSAGES/django.po")
missing = []
for entry in po:
    if entry.msgid_plural:
        if entry.msgid in mapping.get("PLURALS", {}):
            singular, plural = mapping["PLURALS"][entry.msgid]
            entry.msgstr_plural = {0: singular, 1: plural}
        elif not all(entry.msgstr_plural.values()):
            missing.append(entry.msgid)
    elif entry.msgid in mapping["T"]:
        entry.msgstr = mapping["T"][entry.msgid]
    elif not entry.msgstr:
        missing.append(entry.msgid)
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
po.metadata.update(
    {
        "Language": "en",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
        "Content-Type": "text/plain; charset=UTF-8",
    }
)
po.save()
print("still untranslated:", missing)
