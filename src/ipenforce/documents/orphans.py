"""Orphan PDFs: files in the documents storage that no `IssuedDocument` row references.

`issue_documents` writes the files before it inserts the rows, so a rolled-back transaction (a
letter-batch chunk that failed, a worker killed mid-chunk) leaves its files behind. They are
harmless but take space. `find_orphans` lists them; `delete_orphans` removes those older than a
grace period (so that the files of a transaction still in flight are never touched) and writes
one `document.orphans.delete` audit entry for the run.

Only the content-addressed layout is considered: `documents/<ab>/<name>.pdf`, where `<ab>` is a
two-character directory. Anything else in the storage is not ours and is left alone. File
contents are never read: the comparison is by storage name, against the names of all rows
(streamed from the database into a set).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.files.storage import Storage
from django.db import models
from django.utils import timezone

from ipenforce.core import audit
from ipenforce.documents.models import IssuedDocument

ROOT = "documents"
ACTOR = "documents-orphans"
DEFAULT_OLDER_THAN_MINUTES = 60
_RECHECK_CHUNK = 500


@dataclass(frozen=True)
class Orphan:
    name: str  # storage name, e.g. "documents/ab/ab12….pdf" (relative to MEDIA_ROOT)
    size: int
    modified: dt.datetime


@dataclass
class OrphanReport:
    orphans: list[Orphan] = field(default_factory=list)
    deleted: list[Orphan] = field(default_factory=list)

    @property
    def total_bytes(self) -> int:
        return sum(o.size for o in self.orphans)

    @property
    def deleted_bytes(self) -> int:
        return sum(o.size for o in self.deleted)

    def summary(self) -> str:
        return f"orphans={len(self.orphans)} bytes={self.total_bytes} deleted={len(self.deleted)}"


def documents_storage() -> Storage:
    file_field = IssuedDocument._meta.get_field("file")
    assert isinstance(file_field, models.FileField)
    return file_field.storage


def _is_prefix_dir(name: str) -> bool:
    return len(name) == 2 and name.isalnum()


def stored_names(storage: Storage) -> Iterator[str]:
    """Storage names of the PDFs under `documents/<ab>/`, directory by directory."""
    if not storage.exists(ROOT):
        return
    directories, _files = storage.listdir(ROOT)
    for directory in sorted(d for d in directories if _is_prefix_dir(d)):
        _subdirs, files = storage.listdir(f"{ROOT}/{directory}")
        for filename in sorted(files):
            if filename.endswith(".pdf"):
                yield f"{ROOT}/{directory}/{filename}"


def referenced_names() -> set[str]:
    """The file names of every issued document, streamed from the database."""
    rows = IssuedDocument.objects.order_by().values_list("file", flat=True)
    return {name for name in rows.iterator(chunk_size=5000) if name}


def find_orphans(storage: Storage | None = None) -> list[Orphan]:
    """Files under `documents/<ab>/` that no issued document references, in name order."""
    storage = storage or documents_storage()
    # Rows first, then the walk: a file whose row commits in between looks orphaned but is
    # new, and the grace period of `delete_orphans` keeps it.
    referenced = referenced_names()
    orphans = []
    for name in stored_names(storage):
        if name in referenced:
            continue
        try:
            orphans.append(Orphan(name, storage.size(name), storage.get_modified_time(name)))
        except FileNotFoundError:  # removed meanwhile (another run)
            continue
    return orphans


def _still_unreferenced(candidates: Sequence[Orphan]) -> list[Orphan]:
    """Drop candidates that a row now references (a transaction committed since the scan)."""
    result: list[Orphan] = []
    for start in range(0, len(candidates), _RECHECK_CHUNK):
        chunk = candidates[start : start + _RECHECK_CHUNK]
        taken = set(
            IssuedDocument.objects.filter(file__in=[o.name for o in chunk]).values_list(
                "file", flat=True
            )
        )
        result.extend(o for o in chunk if o.name not in taken)
    return result


def delete_orphans(
    *,
    older_than: dt.timedelta,
    storage: Storage | None = None,
    now: dt.datetime | None = None,
    actor: Any = ACTOR,
) -> OrphanReport:
    """List the orphans and delete those last modified more than `older_than` ago.

    Before deleting, each candidate is checked again against the database and its modification
    time read again. One `document.orphans.delete` audit entry records the run (count, bytes and
    every file removed); none is written when nothing was deleted.
    """
    if older_than <= dt.timedelta(0):
        raise ValueError("older_than must be positive")
    storage = storage or documents_storage()
    cutoff = (now or timezone.now()) - older_than
    report = OrphanReport(orphans=find_orphans(storage))
    candidates = [o for o in report.orphans if o.modified < cutoff]
    for orphan in _still_unreferenced(candidates):
        try:
            if storage.get_modified_time(orphan.name) >= cutoff:
                continue  # rewritten since the scan
            storage.delete(orphan.name)
        except FileNotFoundError:
            continue
        report.deleted.append(orphan)
    if report.deleted:
        audit.record(
            actor=actor,
            action="document.orphans.delete",
            after={
                "count": len(report.deleted),
                "bytes": report.deleted_bytes,
                "older_than_minutes": int(older_than.total_seconds() // 60),
                "files": [{"name": o.name, "size": o.size} for o in report.deleted],
            },
            note=(
                f"{len(report.deleted)} archivos huérfanos eliminados / orphan files deleted, "
                f"{report.deleted_bytes} bytes"
            ),
        )
    return report
