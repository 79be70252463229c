"""`import_padron`: the one door that imports a padrón reducido RUC file, with its audit entry."""

from __future__ import annotations

import contextlib
import hashlib
import queue
import sys
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import polars as pl
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from tqdm import tqdm

from ipenforce.core import audit
from ipenforce.core.models import District
from ipenforce.parties.models import SunatImport, SunatImportStatus
from ipenforce.parties.sunat.loader import Loader
from ipenforce.parties.sunat.padron import (
    ENCODING,
    Block,
    PadronFormatError,
    SeenRucs,
    Validated,
    read_blocks,
    validate_block,
)

ACTOR = "sunat-import"
# Key of the PostgreSQL advisory lock that keeps two imports from running at once.
LOCK_KEY = 0x53554E4154  # "SUNAT"

# Called after each block and at the end: (bytes read, bytes in all, rows read so far).
Progress = Callable[[int, int, int], None]


class ImportRefused(Exception):
    """The import cannot start (missing file, another import running); nothing was written."""


class ImportBusy(ImportRefused):
    """Another import holds the lock (PostgreSQL); trying again later can succeed."""


def default_rejects_path(path: Path) -> Path:
    return path.with_name(path.name + ".rejects.csv")


@contextlib.contextmanager
def _open_padron(path: Path) -> Iterator[tuple[BinaryIO, int, str]]:
    """The padrón's bytes, their size and the file name to record.

    SUNAT publishes the padrón zipped (padron_reducido_ruc.zip holding one .txt): a zip is read
    in place, decompressed as it streams, never unpacked to disk.
    """
    if not zipfile.is_zipfile(path):
        with path.open("rb") as raw:
            yield raw, path.stat().st_size, path.name
        return
    with zipfile.ZipFile(path) as archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        texts = [m for m in members if m.filename.lower().endswith(".txt")]
        if len(texts) != 1:
            raise ImportRefused(
                _(
                    "%(path)s: el zip debe contener un único archivo .txt (el padrón) y "
                    "contiene: %(names)s"
                )
                % {"path": path.name, "names": ", ".join(m.filename for m in members) or "—"}
            )
        with archive.open(texts[0]) as member:
            yield member, texts[0].file_size, f"{path.name}:{texts[0].filename}"  # type: ignore[misc]


class _Hashing:
    """A binary stream that feeds SHA-256 with every byte read."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.sha = hashlib.sha256()

    def readline(self) -> bytes:
        data = self.stream.readline()
        self.sha.update(data)
        return data

    def read(self, size: int) -> bytes:
        data = self.stream.read(size)
        self.sha.update(data)
        return data


@dataclass
class _Counts:
    read: int = 0
    rejected: int = 0
    unknown_ubigeo: int = 0
    valid: int = 0


def _write_rejects(fh: BinaryIO, rejects: pl.DataFrame, *, header: bool) -> None:
    rejects.rename(
        {"line": "linea", "reason": "motivo", "ruc": "ruc", "record": "registro"}
    ).write_csv(fh, include_header=header)


@transaction.atomic
def _interrupt_stale_runs() -> None:
    SunatImport.objects.filter(status=SunatImportStatus.RUNNING).update(
        status=SunatImportStatus.INTERRUPTED,
        message=_("no terminó (proceso interrumpido); ninguna fila suya quedó escrita"),
    )


def _acquire_lock() -> bool:
    if connection.vendor != "postgresql":
        return True  # SQLite lets one writer at a time anyway
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
        return bool(cursor.fetchone()[0])


def _release_lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


_DONE = object()


class _Reader:
    """Reads and validates blocks in a thread, from construction on, while the caller loads.

    Polars releases the GIL, so parsing overlaps with the database work (including what the
    caller does before taking the first block). The queue holds at most two blocks: memory
    stays flat. The thread never touches the database. `close()` stops it.
    """

    def __init__(self, stream: _Hashing, encoding: str, known_ubigeo: pl.Series) -> None:
        self.results: queue.Queue[Any] = queue.Queue(maxsize=2)
        self.stop = threading.Event()
        language = translation.get_language()

        def produce() -> None:
            try:
                with translation.override(language):
                    seen = SeenRucs()
                    for block in read_blocks(stream, encoding=encoding):
                        if not self._put((block, validate_block(block, known_ubigeo, seen))):
                            return
                self._put(_DONE)
            except BaseException as exc:  # handed to the consumer, raised there
                self._put(exc)

        self.worker = threading.Thread(target=produce, name="sunat-reader", daemon=True)
        self.worker.start()

    def _put(self, item: Any) -> bool:
        while not self.stop.is_set():
            try:
                self.results.put(item, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False

    def __iter__(self) -> Iterator[tuple[Block, Validated]]:
        while True:
            item = self.results.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def close(self) -> None:
        self.stop.set()
        self.worker.join()


def import_padron(
    path: str | Path,
    *,
    rejects_path: str | Path | None = None,
    encoding: str = ENCODING,
    progress: Progress | None = None,
    show_bar: bool | None = None,
) -> SunatImport:
    """Import the padrón reducido RUC at `path` into the mirror and refresh the firms.

    Raises ImportRefused before anything is written, PadronFormatError when the file's
    structure is wrong (the import row is marked failed; the mirror is untouched). Rows that
    fail validation go to the rejects CSV (UTF-8: linea, motivo, ruc, registro).

    Call it outside a transaction (as the command does) so that the progress written after
    each block is visible to other connections; inside one (tests) it still works.
    """
    path = Path(path)
    if not path.is_file():
        raise ImportRefused(_("no existe el archivo %(path)s") % {"path": path})
    rejects = Path(rejects_path) if rejects_path else default_rejects_path(path)
    if not _acquire_lock():
        raise ImportBusy(_("ya hay otra importación del padrón SUNAT en curso"))
    try:
        _interrupt_stale_runs()
        return _run(path, rejects, encoding, progress, show_bar)
    finally:
        _release_lock()


def _run(
    path: Path,
    rejects: Path,
    encoding: str,
    progress: Progress | None,
    show_bar: bool | None,
) -> SunatImport:
    with _open_padron(path) as (raw, size, name):
        return _run_stream(raw, size, name, rejects, encoding, progress, show_bar)


def _run_stream(
    raw: BinaryIO,
    size: int,
    name: str,
    rejects: Path,
    encoding: str,
    progress: Progress | None,
    show_bar: bool | None,
) -> SunatImport:
    run = SunatImport.objects.create(
        file_name=name[:500],
        size_bytes=size,
        started_at=timezone.now(),
        rejects_path=str(rejects)[:500],
    )
    known_ubigeo = pl.Series(list(District.objects.values_list("code", flat=True)), dtype=pl.String)
    loader = Loader.for_connection()
    counts = _Counts()
    bar = tqdm(
        total=size,
        unit="B",
        unit_scale=True,
        desc="padrón SUNAT",
        file=sys.stderr,
        disable=not (sys.stderr.isatty() if show_bar is None else show_bar),
    )
    try:
        with rejects.open("wb") as rejects_fh:
            stream = _Hashing(raw)
            reader = _Reader(stream, encoding, known_ubigeo)
            try:
                # While the reader validates the first blocks: how to load them.
                direct = loader.can_load_first_directly()
                if direct:
                    loader.start_first_load(run.pk, timezone.now())
                    load = loader.load_first
                else:
                    loader.create_stage()
                    known = loader.known_rows()
                    load = lambda frame: loader.load(known.changed(frame))  # noqa: E731
                for block, result in reader:
                    with transaction.atomic():
                        load(result.valid)
                    _write_rejects(rejects_fh, result.rejects, header=counts.read == 0)
                    counts.read += result.read
                    counts.rejected += result.rejects.height
                    counts.valid += result.valid.height
                    counts.unknown_ubigeo += result.unknown_ubigeo
                    bar.update(block.bytes_done - bar.n)
                    SunatImport.objects.filter(pk=run.pk).update(
                        bytes_done=block.bytes_done, rows_read=counts.read
                    )
                    if progress:
                        progress(block.bytes_done, size, counts.read)
            finally:
                reader.close()
            if counts.read == 0:
                _write_rejects(rejects_fh, pl.DataFrame(schema=_REJECT_SCHEMA), header=True)
        run.sha256 = stream.sha.hexdigest()
        if not direct:
            loader.prepare_merge()
        with transaction.atomic():
            now = timezone.now()
            if direct:
                loader.begin_merge()
                new, updated = loader.finish_first_load(), 0
            else:
                new, updated = loader.merge(run.pk, now)
            firms = loader.refresh_firms(now)
            run.status = SunatImportStatus.DONE
            run.finished_at = timezone.now()
            run.bytes_done = size
            run.rows_read = counts.read
            run.rows_new = new
            run.rows_updated = updated
            run.rows_unchanged = counts.valid - new - updated
            run.rows_rejected = counts.rejected
            run.unknown_ubigeo = counts.unknown_ubigeo
            run.firms_refreshed = firms
            run.message = run.summary()
            run.save()
            audit.record(
                actor=ACTOR, action="sunat.import", obj=run, after=run.counts(), note=run.summary()
            )
    except BaseException as exc:
        if isinstance(exc, PadronFormatError):
            rejects.unlink(missing_ok=True)  # the import did nothing; its rejects mean nothing
        SunatImport.objects.filter(pk=run.pk).update(
            status=SunatImportStatus.FAILED, finished_at=timezone.now(), message=str(exc)[:2000]
        )
        raise
    finally:
        bar.close()
        # The connection may be gone; temporary tables die with it, the load table is
        # dropped by the next import.
        with contextlib.suppress(Exception):
            loader.drop_stage()
    if progress:
        progress(size, size, run.rows_read)
    return run


_REJECT_SCHEMA = {"line": pl.Int64, "reason": pl.String, "ruc": pl.String, "record": pl.String}
