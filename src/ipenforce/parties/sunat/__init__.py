"""SUNAT's padrón reducido RUC: read, validate and merge it into the register mirror.

- `padron`: the file format (header, columns, ISO-8859-1 blocks) and vectorised validation.
- `loader`: staging table and the set-based merge (PostgreSQL COPY, SQLite executemany).
- `service`: `import_padron(path, ...)`, the one door that runs an import and audits it.
- `selectors`: the SUNAT record and history shown on a firm's page.

See docs/sunat-import.md.
"""
