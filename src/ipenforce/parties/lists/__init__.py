"""Rights holders' lists: read (CSV/XLSX), map columns, validate, match with the engine, commit.

See docs/list-import.md. Reading and validation are plain functions over bytes and dicts; the
state changes are in `services` (one transaction each, audited).
"""
