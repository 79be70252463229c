"""Staging table and set-based merge of a padrón into the register mirror.

First import into an empty mirror: PostgreSQL COPYs the rows into a load table shaped like
the mirror (no key) and swaps it in at the end; SQLite inserts the staging table in RUC order.
Later imports: only the rows that are new or whose row hash differs from the mirror's
(`known.KnownRows`) go to a temporary staging table (PostgreSQL: COPY; SQLite: executemany in
one transaction per block); then one transaction writes the history rows (before/after of
every taxpayer whose tracked fields differ), upserts the mirror (INSERT … ON CONFLICT … DO
UPDATE) and refreshes `parties_firm.sunat_state/sunat_condition` for the firms with a RUC in
the mirror. The merge is idempotent: running it twice with the same rows changes nothing the
second time.

SQL text is assembled only from the constant table and column names below; values always go
as parameters.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

import numpy as np
import polars as pl
from django.db import DatabaseError, connection, transaction

from ipenforce.parties.sunat.known import KnownRows
from ipenforce.parties.sunat.padron import COMPARED, STAGE_COLUMNS

STAGE = "sunat_stage"
DIFF = "sunat_diff"
SORTED = "sunat_stage_sorted"
TAXPAYER = "parties_sunattaxpayer"
LOAD = "parties_sunattaxpayer_load"  # PostgreSQL first import: swapped in for the empty mirror
CHANGE = "parties_sunattaxpayerchange"
FIRM = "parties_firm"
# Written to the mirror from the staging table (besides ruc, imports and timestamps).
MIRROR_COLUMNS = tuple(c for c in STAGE_COLUMNS if c != "ruc")
# Set once per import, not per row.
CONSTANT_COLUMNS = ("first_import_id", "last_import_id", "created_at", "updated_at")
KNOWN_CHUNK_PAGES = 16384  # PostgreSQL: read the mirror's hashes 128 MB of table at a time
KNOWN_FETCH_ROWS = 200_000  # SQLite: rows per fetchmany
FIRM_FIELD_LENGTH = 40  # Firm.sunat_state / sunat_condition
TEMP_BUFFERS = "512MB"  # PostgreSQL: the staging table of a 2-million-row file is ~350 MB


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
            "address text, address_raw text, row_hash bigint)"
        )

    def mirror_is_empty(self) -> bool:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {TAXPAYER})")  # noqa: S608
            return not bool(cursor.fetchone()[0])

    def known_rows(self) -> KnownRows:
        """RUC and row hash of every taxpayer in the mirror that has a hash."""
        raw = connection.connection
        assert raw is not None
        cursor = raw.cursor()
        try:
            cursor.execute(
                f"SELECT CAST(ruc AS INTEGER), row_hash FROM {TAXPAYER} "  # noqa: S608
                "WHERE row_hash IS NOT NULL"
            )
            parts = []
            while rows := cursor.fetchmany(KNOWN_FETCH_ROWS):
                parts.append(np.array(rows, dtype=np.int64))
        finally:
            cursor.close()
        return KnownRows.from_pairs(parts)

    # First import straight into the mirror's own shape (PostgreSQL only).
    loads_first_directly = False

    def can_load_first_directly(self) -> bool:
        return self.loads_first_directly and self.mirror_is_empty()

    def start_first_load(self, import_id: int, now: dt.datetime) -> None:
        raise NotImplementedError

    def load_first(self, frame: pl.DataFrame) -> None:
        raise NotImplementedError

    def finish_first_load(self) -> int:
        raise NotImplementedError

    def drop_stage(self) -> None:
        for table in (STAGE, SORTED, DIFF):
            self.execute(f"DROP TABLE IF EXISTS {table}")
        if self.loads_first_directly:
            self.execute(f"DROP TABLE IF EXISTS {LOAD}")

    def load(self, frame: pl.DataFrame) -> None:
        raise NotImplementedError

    def prepare_merge(self) -> None:
        """Run before the merge (statistics for the planner)."""

    def timestamp(self, value: dt.datetime) -> Any:
        return value

    sort_key = "ruc"

    def merge(self, import_id: int, now: dt.datetime) -> tuple[int, int]:
        """Write history, then upsert; return (new, updated). Call inside a transaction.

        With an empty mirror the staging table is inserted as it is (`first_load`). Otherwise
        one left join picks the staged rows that are new, changed, or only lack the current
        row hash (with the old values) into a second temporary table; the history rows come
        from the changed ones, and all of them are upserted. A row whose fields are the same
        gets its new hash but keeps its last import and its update time.
        """
        when = self.timestamp(now)
        names = ", ".join(MIRROR_COLUMNS)
        self.begin_merge()
        self.execute(f"DROP TABLE IF EXISTS {DIFF}")
        if self.mirror_is_empty():
            return self.first_load(import_id, when), 0
        t_row = ", ".join(f"t.{c}" for c in COMPARED)
        s_row = ", ".join(f"s.{c}" for c in COMPARED)
        old = ", ".join(f"t.{c} AS old_{c}" for c in COMPARED)
        self.execute(
            f"CREATE TEMPORARY TABLE {DIFF} AS "  # noqa: S608
            f"SELECT s.ruc, {', '.join(f's.{c}' for c in MIRROR_COLUMNS)}, "
            f"CASE WHEN t.ruc IS NULL THEN 1 ELSE 0 END AS is_new, "
            f"CASE WHEN t.ruc IS NOT NULL AND ({t_row}) {self.distinct} ({s_row}) "
            f"THEN 1 ELSE 0 END AS is_changed, {old} "
            f"FROM {self.diff_source()} s LEFT JOIN {TAXPAYER} t ON t.ruc = s.ruc "
            f"WHERE t.ruc IS NULL OR ({t_row}, t.row_hash) {self.distinct} ({s_row}, s.row_hash)"
        )
        history_columns = ", ".join(f"{c}_before, {c}_after" for c in COMPARED)
        before_after = ", ".join(f"old_{c}, {c}" for c in COMPARED)
        updated = self.execute(
            f"INSERT INTO {CHANGE} (ruc, sunat_import_id, changed_at, {history_columns}) "  # noqa: S608
            f"SELECT ruc, %s, %s, {before_after} FROM {DIFF} WHERE is_changed = 1",
            [import_id, when],
        )
        assignments = ", ".join(f"{c} = excluded.{c}" for c in MIRROR_COLUMNS)
        old_row = ", ".join(f"{TAXPAYER}.{c}" for c in COMPARED)
        new_row = ", ".join(f"excluded.{c}" for c in COMPARED)
        differs = f"({old_row}) {self.distinct} ({new_row})"
        self.execute(
            f"INSERT INTO {TAXPAYER} (ruc, {names}, first_import_id, last_import_id, "  # noqa: S608
            f"created_at, updated_at) "
            f"SELECT ruc, {names}, %s, %s, %s, %s FROM {DIFF} ORDER BY {self.sort_key} "
            f"ON CONFLICT (ruc) DO UPDATE SET {assignments}, "
            f"last_import_id = CASE WHEN {differs} THEN excluded.last_import_id "
            f"ELSE {TAXPAYER}.last_import_id END, "
            f"updated_at = CASE WHEN {differs} THEN excluded.updated_at "
            f"ELSE {TAXPAYER}.updated_at END "
            f"WHERE ({old_row}, {TAXPAYER}.row_hash) {self.distinct} "
            f"({new_row}, excluded.row_hash)",
            [import_id, import_id, when, when],
        )
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {DIFF} WHERE is_new = 1")  # noqa: S608
            new = int(cursor.fetchone()[0])
        self.execute(f"DROP TABLE IF EXISTS {DIFF}")
        return new, updated

    def begin_merge(self) -> None:
        """Settings for the merge transaction (PostgreSQL: SET LOCAL …)."""

    def diff_source(self) -> str:
        """The table (or subquery) the changes are looked for in."""
        return STAGE

    def insert_all(self, import_id: int, when: Any, *, order: bool) -> int:
        """Insert every staged row into the (empty) mirror; staged RUCs are distinct."""
        names = ", ".join(MIRROR_COLUMNS)
        return self.execute(
            f"INSERT INTO {TAXPAYER} (ruc, {names}, first_import_id, last_import_id, "  # noqa: S608
            f"created_at, updated_at) "
            f"SELECT ruc, {names}, %s, %s, %s, %s FROM {STAGE}"
            + (f" ORDER BY {self.sort_key}" if order else ""),
            [import_id, import_id, when, when],
        )

    def first_load(self, import_id: int, when: Any) -> int:
        """Fill the empty mirror from the staging table; return the rows inserted.

        The staging table holds each RUC once (repeated lines are rejected while reading)
        and the advisory lock (PostgreSQL) or the write lock (SQLite) keeps other imports
        out, so a plain INSERT is enough: no ON CONFLICT, no per-row key check beyond the
        primary key's. Sorted by RUC so that the key inserts are sequential.
        """
        return self.insert_all(import_id, when, order=True)

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
    loads_first_directly = True

    def known_rows(self) -> KnownRows:
        """RUC and hash pairs packed by the server as 16-byte binary records.

        One aggregate per slice of the table's pages (a TID range scan, PostgreSQL 14+):
        row-by-row transfer (COPY TO, a cursor) costs a round of Python per row, three times
        as much for two million rows; a single aggregate would hold the whole table's pairs
        in one server value.
        """
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_relation_size(%s) / current_setting('block_size')::int", [TAXPAYER]
            )
            pages = int(cursor.fetchone()[0])
            parts = []
            for first in range(0, pages, KNOWN_CHUNK_PAGES):
                cursor.execute(
                    "SELECT string_agg(int8send(ruc::bigint) || int8send(row_hash), ''::bytea) "  # noqa: S608
                    f"FROM {TAXPAYER} WHERE row_hash IS NOT NULL "
                    "AND ctid >= %s::tid AND ctid < %s::tid",
                    [f"({first},0)", f"({first + KNOWN_CHUNK_PAGES},0)"],
                )
                packed = cursor.fetchone()[0]
                if packed:
                    parts.append(np.frombuffer(packed, dtype=">i8").reshape(-1, 2))
        return KnownRows.from_pairs(parts)

    def can_load_first_directly(self) -> bool:
        """Empty mirror, and nothing that a swap of tables would break.

        Another table's foreign key, a view, a rule or a trigger on the mirror would have to be
        dropped with it; then the staging path (slower, same result) is taken instead.
        """
        if not self.mirror_is_empty():
            return False
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE confrelid = %s::regclass) "
                "OR EXISTS (SELECT 1 FROM pg_depend d JOIN pg_rewrite r ON d.objid = r.oid "
                "  WHERE d.refobjid = %s::regclass AND r.ev_class <> %s::regclass) "
                "OR EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = %s::regclass)",
                [TAXPAYER] * 4,
            )
            return not bool(cursor.fetchone()[0])

    def start_first_load(self, import_id: int, now: dt.datetime) -> None:
        """Create the load table: the mirror's columns, no key, the import's constants as defaults.

        Each block is COPYed into it and committed (so progress is visible and memory flat);
        the mirror itself is only touched by `finish_first_load`, in the final transaction.
        COPY writes its rows in batches; an INSERT … SELECT from a staging table would write
        (and log) every row a second time, one by one.
        """
        self.execute(f"DROP TABLE IF EXISTS {LOAD}")
        self.execute(f"CREATE TABLE {LOAD} (LIKE {TAXPAYER} INCLUDING ALL EXCLUDING INDEXES)")
        # DDL takes no parameters: the values are an integer and an ISO timestamp.
        stamp = f"'{now.isoformat()}'::timestamptz"
        literals = (str(int(import_id)), str(int(import_id)), stamp, stamp)
        for column, literal in zip(CONSTANT_COLUMNS, literals, strict=True):
            self.execute(f"ALTER TABLE {LOAD} ALTER COLUMN {column} SET DEFAULT {literal}")

    def load_first(self, frame: pl.DataFrame) -> None:
        self._copy(LOAD, frame)

    def finish_first_load(self) -> int:
        """Swap the load table in for the empty mirror and give it the mirror's key.

        Inside the final transaction: the mirror is locked, checked empty, dropped, and the
        load table takes its name; building the key sorts the RUCs once (cheaper than keeping
        an index up to date row by row). Nobody sees the mirror without its key.
        """
        self.execute(f"LOCK TABLE {TAXPAYER} IN ACCESS EXCLUSIVE MODE")
        if not self.mirror_is_empty():
            raise RuntimeError(f"{TAXPAYER} received rows during the first import")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'p'",
                [TAXPAYER],
            )
            key = connection.ops.quote_name(cursor.fetchone()[0])
            # Any other index a later migration gives the mirror is rebuilt on the new table,
            # under its own name, after the rows are in (one sort each).
            cursor.execute(
                "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary",
                [TAXPAYER],
            )
            indexes = [row[0] for row in cursor.fetchall()]
        self.execute(f"DROP TABLE {TAXPAYER}")
        self.execute(f"ALTER TABLE {LOAD} RENAME TO {TAXPAYER}")
        for column in CONSTANT_COLUMNS:
            self.execute(f"ALTER TABLE {TAXPAYER} ALTER COLUMN {column} DROP DEFAULT")
        self.execute(f"ALTER TABLE {TAXPAYER} ADD CONSTRAINT {key} PRIMARY KEY (ruc)")
        for definition in indexes:
            self.execute(definition)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {TAXPAYER}")  # noqa: S608
            return int(cursor.fetchone()[0])

    def _copy(self, table: str, frame: pl.DataFrame) -> None:
        # CSV format: polars quotes what needs quoting and writes "" for an empty string and
        # nothing for NULL, which is what COPY's CSV format reads; no escaping pass needed.
        data = frame.write_csv(include_header=False)
        with (
            connection.cursor() as cursor,
            cursor.copy(
                f"COPY {table} ({', '.join(STAGE_COLUMNS)}) FROM STDIN WITH (FORMAT csv)"
            ) as copy,
        ):
            copy.write(data)

    def load(self, frame: pl.DataFrame) -> None:
        self._copy(STAGE, frame)

    def create_stage(self) -> None:
        # The session's buffers for temporary tables (default 8 MB; settable only before the
        # session's first use of one, else an error, ignored): with the default the staging
        # table is written to disk as it is loaded, read back and written again when the join
        # first reads it (hint bits). Bounded, so memory stays flat.
        with contextlib.suppress(DatabaseError), transaction.atomic():
            self.execute(f"SET temp_buffers = '{TEMP_BUFFERS}'")
        super().create_stage()

    def prepare_merge(self) -> None:
        self.execute(f"ANALYZE {STAGE}")

    def begin_merge(self) -> None:
        # The merge is all-or-nothing and idempotent: if the server crashes right after the
        # commit, the import row is lost with the data and the next run does it again.
        self.execute("SET LOCAL synchronous_commit = off")
        # Building the primary key of a first load sorts every RUC.
        self.execute("SET LOCAL maintenance_work_mem = '256MB'")
        # The join of staging and mirror hashes one of them: in memory for a few million
        # rows (the default 4 MB splits it into dozens of batches written to disk and read
        # back). One statement at a time, bounded.
        self.execute("SET LOCAL work_mem = '512MB'")
        # One big statement each; compiling it costs more than it saves.
        self.execute("SET LOCAL jit = off")

    def first_load(self, import_id: int, when: Any) -> int:
        """Insert unsorted into the heap without its key, then build the key in one sort.

        Sorting only the 11-character RUCs to build the index is much cheaper than sorting
        whole rows and inserting them into the index one by one. The mirror is empty and the
        transaction holds its lock until commit, so nobody sees it without its key.
        """
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'p'",
                [TAXPAYER],
            )
            row = cursor.fetchone()
        if row is None:  # no primary key to rebuild (never expected): the sorted insert
            return super().first_load(import_id, when)
        key = connection.ops.quote_name(row[0])
        self.execute(f"ALTER TABLE {TAXPAYER} DROP CONSTRAINT {key}")
        inserted = self.insert_all(import_id, when, order=False)
        self.execute(f"ALTER TABLE {TAXPAYER} ADD CONSTRAINT {key} PRIMARY KEY (ruc)")
        return inserted


class SqliteLoader(Loader):
    distinct = "IS NOT"

    def __init__(self) -> None:
        super().__init__()
        self.synchronous: int | None = None

    def pragma(self, sql: str) -> Any:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA {sql}")
            row = cursor.fetchone()
        return row[0] if row else None

    def create_stage(self) -> None:
        # Bigger pages for the temporary database (staging only; effective while it is still
        # empty, i.e. for the connection's first import): fewer pages to write and to free.
        self.pragma("temp.page_size = 65536")
        super().create_stage()
        # A larger page cache for the merge into a B-tree of millions of keys (bounded).
        self.pragma("cache_size = -131072")
        # In WAL mode NORMAL is durable up to the last checkpoint and never corrupts; the
        # merge is one all-or-nothing transaction, so a crash can only lose the whole import.
        # (In rollback-journal mode NORMAL is not that safe: left as configured.)
        if str(self.pragma("journal_mode")).lower() == "wal" and self.synchronous is None:
            self.synchronous = int(self.pragma("synchronous"))
            self.pragma("synchronous = NORMAL")

    def drop_stage(self) -> None:
        super().drop_stage()
        if self.synchronous is not None:
            self.pragma(f"synchronous = {int(self.synchronous)}")
            self.synchronous = None

    def timestamp(self, value: dt.datetime) -> Any:
        return connection.ops.adapt_datetimefield_value(value)

    def diff_source(self) -> str:
        """The staged rows sorted by RUC, in a temporary table.

        SQLite joins by looking each staged RUC up in the mirror's key index and then its row;
        in RUC order those lookups walk both B-trees (and, as the mirror was filled in RUC
        order, its table) forwards instead of jumping at random: sorting once costs less
        than half of what it saves. A subquery with ORDER BY does not do it (flattened, or a
        co-routine that is slower still).
        """
        self.execute(f"DROP TABLE IF EXISTS {SORTED}")
        self.execute(
            f"CREATE TEMPORARY TABLE {SORTED} AS SELECT * FROM {STAGE} ORDER BY ruc"  # noqa: S608
        )
        return SORTED

    def load(self, frame: pl.DataFrame) -> None:
        marks = ", ".join("?" for _ in STAGE_COLUMNS)
        raw = connection.connection
        assert raw is not None
        sql = f"INSERT INTO {STAGE} VALUES ({marks})"  # noqa: S608 - constant identifiers
        raw.executemany(sql, frame.iter_rows())
