"""Staging table and set-based merge of a padrón into the register mirror.

Rows go to a temporary staging table (PostgreSQL: COPY; SQLite: executemany in one
transaction per block); then one transaction writes the history rows (before/after of every
taxpayer whose tracked fields differ), upserts the mirror (INSERT … ON CONFLICT … DO UPDATE …
WHERE the fields are distinct) and refreshes `parties_firm.sunat_state/sunat_condition` for
the firms with a RUC in the mirror. The merge is idempotent: running it twice with the same
rows changes nothing the second time.

SQL text is assembled only from the constant table and column names below; values always go
as parameters.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from django.db import connection

from ipenforce.parties.sunat.padron import STAGE_COLUMNS

STAGE = "sunat_stage"
DIFF = "sunat_diff"
TAXPAYER = "parties_sunattaxpayer"
CHANGE = "parties_sunattaxpayerchange"
FIRM = "parties_firm"
# Compared to decide whether a taxpayer changed; address_raw covers every street field.
COMPARED = ("name", "state", "condition", "ubigeo", "address", "address_raw")
FIRM_FIELD_LENGTH = 40  # Firm.sunat_state / sunat_condition


class Loader:
    """The database-specific half of an import; one per import, on Django's connection."""

    distinct = "IS DISTINCT FROM"

    def __init__(self) -> None:
        self.vendor = connection.vendor

    @staticmethod
    def for_connection() -> Loader:
        if connection.vendor == "postgresql":
            return PostgresLoader()
        if connection.vendor == "sqlite":
            return SqliteLoader()
        raise NotImplementedError(f"SUNAT import: unsupported database {connection.vendor}")

    def execute(self, sql: str, params: Any = None) -> int:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return int(cursor.rowcount)

    def create_stage(self) -> None:
        self.drop_stage()
        self.execute(
            f"CREATE TEMPORARY TABLE {STAGE} (ruc varchar(11), name text, "
            "state text, condition text, ubigeo varchar(6), district_id varchar(6), "
            "address text, address_raw text)"
        )

    def drop_stage(self) -> None:
        self.execute(f"DROP TABLE IF EXISTS {STAGE}")
        self.execute(f"DROP TABLE IF EXISTS {DIFF}")

    def load(self, frame: pl.DataFrame) -> None:
        raise NotImplementedError

    def prepare_merge(self) -> None:
        """Run before the merge (statistics for the planner)."""

    def timestamp(self, value: dt.datetime) -> Any:
        return value

    sort_key = "ruc"

    def merge(self, import_id: int, now: dt.datetime) -> tuple[int, int]:
        """Write history, then upsert; return (new, updated). Call inside a transaction.

        With an empty mirror the staging table is inserted as it is. Otherwise one left join
        picks the new and changed rows (with the old values) into a second temporary table,
        the history rows come from it, and only those rows are upserted.
        """
        when = self.timestamp(now)
        columns = ("name", "state", "condition", "ubigeo", "district_id", "address", "address_raw")
        names = ", ".join(columns)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {TAXPAYER})")  # noqa: S608
            mirror_has_rows = bool(cursor.fetchone()[0])
        updated = 0
        source = STAGE
        self.execute(f"DROP TABLE IF EXISTS {DIFF}")
        if mirror_has_rows:
            t_row = ", ".join(f"t.{c}" for c in COMPARED)
            s_row = ", ".join(f"s.{c}" for c in COMPARED)
            old = ", ".join(f"t.{c} AS old_{c}" for c in COMPARED)
            self.execute(
                f"CREATE TEMPORARY TABLE {DIFF} AS "  # noqa: S608
                f"SELECT s.ruc, {', '.join(f's.{c}' for c in columns)}, "
                f"CASE WHEN t.ruc IS NULL THEN 1 ELSE 0 END AS is_new, {old} "
                f"FROM {STAGE} s LEFT JOIN {TAXPAYER} t ON t.ruc = s.ruc "
                f"WHERE t.ruc IS NULL OR ({t_row}) {self.distinct} ({s_row})"
            )
            history_columns = ", ".join(f"{c}_before, {c}_after" for c in COMPARED)
            before_after = ", ".join(f"old_{c}, {c}" for c in COMPARED)
            updated = self.execute(
                f"INSERT INTO {CHANGE} (ruc, sunat_import_id, changed_at, {history_columns}) "  # noqa: S608
                f"SELECT ruc, %s, %s, {before_after} FROM {DIFF} WHERE is_new = 0",
                [import_id, when],
            )
            source = DIFF
        assignments = ", ".join(f"{c} = excluded.{c}" for c in columns)
        old_row = ", ".join(f"{TAXPAYER}.{c}" for c in COMPARED)
        new_row = ", ".join(f"excluded.{c}" for c in COMPARED)
        written = self.execute(
            f"INSERT INTO {TAXPAYER} (ruc, {names}, first_import_id, last_import_id, "  # noqa: S608
            f"created_at, updated_at) "
            f"SELECT ruc, {names}, %s, %s, %s, %s FROM {source} ORDER BY {self.sort_key} "
            f"ON CONFLICT (ruc) DO UPDATE SET {assignments}, "
            f"last_import_id = excluded.last_import_id, updated_at = excluded.updated_at "
            f"WHERE ({old_row}) {self.distinct} ({new_row})",
            [import_id, import_id, when, when],
        )
        self.execute(f"DROP TABLE IF EXISTS {DIFF}")
        return written - updated, updated

    def refresh_firms(self, now: dt.datetime) -> int:
        """Copy state and condition from the mirror to the firms with the same RUC."""
        n = FIRM_FIELD_LENGTH
        state, condition = f"substr(t.state, 1, {n})", f"substr(t.condition, 1, {n})"
        return self.execute(
            f"UPDATE {FIRM} SET sunat_state = {state}, sunat_condition = {condition}, "  # noqa: S608
            f"updated_at = %s FROM {TAXPAYER} t WHERE t.ruc = {FIRM}.ruc "
            f"AND ({FIRM}.sunat_state, {FIRM}.sunat_condition) {self.distinct} "
            f"({state}, {condition})",
            [self.timestamp(now)],
        )


class PostgresLoader(Loader):
    # Byte order is the index order for digit strings, and much cheaper to sort by.
    sort_key = 'ruc COLLATE "C"'

    def load(self, frame: pl.DataFrame) -> None:
        text = [c for c in STAGE_COLUMNS if frame.schema[c] == pl.String]
        escaped = frame.with_columns(
            pl.col(text)
            .str.replace_all("\\", "\\\\", literal=True)
            .str.replace_all("\t", "\\t", literal=True)
            .str.replace_all("\r", "\\r", literal=True)
        )
        data = escaped.write_csv(
            separator="\t", include_header=False, quote_style="never", null_value="\\N"
        )
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {STAGE} ({', '.join(STAGE_COLUMNS)}) FROM STDIN") as copy,
        ):
            copy.write(data)

    def prepare_merge(self) -> None:
        self.execute(f"ANALYZE {STAGE}")


class SqliteLoader(Loader):
    distinct = "IS NOT"

    def create_stage(self) -> None:
        super().create_stage()
        # A larger page cache for the merge into a B-tree of millions of keys (bounded).
        self.execute("PRAGMA cache_size = -131072")

    def timestamp(self, value: dt.datetime) -> Any:
        return connection.ops.adapt_datetimefield_value(value)

    def load(self, frame: pl.DataFrame) -> None:
        marks = ", ".join("?" for _ in STAGE_COLUMNS)
        raw = connection.connection
        assert raw is not None
        sql = f"INSERT INTO {STAGE} VALUES ({marks})"  # noqa: S608 - constant identifiers
        raw.executemany(sql, frame.iter_rows())
