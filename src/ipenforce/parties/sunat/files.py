"""Padrón files waiting in `settings.SUNAT_DIR`, uploads into it, and starting an import job.

The padrón is hundreds of megabytes: staff upload SUNAT's zip once (or an operator copies it into
the folder) and the import runs on the worker, which reads it from the folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ipenforce.core import audit
from ipenforce.core.jobs import start_job
from ipenforce.parties.models import SunatImport

SUFFIXES = (".zip", ".txt")


@dataclass(frozen=True)
class PadronFile:
    name: str
    size: int
    modified: dt.datetime


def folder() -> Path:
    path = Path(settings.SUNAT_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def available() -> list[PadronFile]:
    """The padrón files in the folder, newest first (rejects files left out)."""
    files = []
    for path in folder().iterdir():
        if path.is_file() and path.suffix.lower() in SUFFIXES:
            stat = path.stat()
            modified = dt.datetime.fromtimestamp(stat.st_mtime, tz=dt.UTC)
            files.append(PadronFile(path.name, stat.st_size, modified))
    return sorted(files, key=lambda f: f.modified, reverse=True)


def _safe_name(original: str) -> str:
    stem, dot, suffix = Path(original).name.rpartition(".")
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem if dot else suffix).strip("-")[:80] or "padron"
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return f"{stamp}-{stem}.{suffix.lower()}"


def save_upload(upload: UploadedFile, *, actor: Any) -> Path:
    """Store an uploaded padrón (.zip or .txt) in the folder under a dated name."""
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(
            _("%(name)s: se espera el padrón de SUNAT en .zip o .txt")
            % {"name": upload.name or "?"}
        )
    target = folder() / _safe_name(upload.name or "padron.zip")
    with target.open("xb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    audit.record(
        actor=actor,
        action="sunat.upload",
        note=f"{upload.name} → {target.name} ({target.stat().st_size} bytes)",
    )
    return target


def start_import(path: Path, *, actor: Any) -> str:
    """Enqueue the import of `path` on the worker; returns the job id."""
    from ipenforce.parties.sunat.tasks import import_sunat_register

    return start_job(
        import_sunat_register,
        label=gettext_noop("Importación del padrón SUNAT: %(file)s"),
        label_params={"file": path.name},
        requested_by=actor,
        path=str(path),
    )


def rejects_preview(run: SunatImport, *, limit: int = 100) -> list[dict[str, str]]:
    """The first `limit` rejected rows of an import (line, reason, RUC, record)."""
    path = Path(run.rejects_path) if run.rejects_path else None
    if path is None or not path.is_file():
        return []
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            rows.append(row)
            if len(rows) >= limit:
                break
    return rows
