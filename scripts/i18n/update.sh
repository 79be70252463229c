#!/usr/bin/env bash
# Extract marked strings into the English catalogue (Spanish is the source language).
# Then translate the new entries (or apply a mapping: python scripts/i18n/apply_translations.py FILE)
set -euo pipefail
cd "$(dirname "$0")/../../src/ipenforce"
DJANGO_SETTINGS_MODULE=ipenforce.settings_test ../../scripts/uv.sh run --frozen django-admin makemessages \
  -l en --no-obsolete --ignore "*/tests/*" --ignore "fines/*" --ignore "matching/*"
