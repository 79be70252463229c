"""`ipenforce documents orphans [--delete] [--older-than MINUTES]`: PDFs no document references."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ipenforce.documents.orphans import (
    DEFAULT_OLDER_THAN_MINUTES,
    OrphanReport,
    delete_orphans,
    find_orphans,
)


class Command(BaseCommand):
    help = (
        "Lista los PDF del almacenamiento de documentos que ningún documento emitido referencia "
        "(restos de transacciones revertidas) y, con --delete, elimina los más antiguos que "
        "--older-than. / List stored PDFs that no issued document references; --delete "
        "removes those older than --older-than."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--delete",
            action="store_true",
            help="eliminar los huérfanos antiguos (una entrada de auditoría) / delete old orphans",
        )
        parser.add_argument(
            "--older-than",
            metavar="MINUTES",
            default=str(DEFAULT_OLDER_THAN_MINUTES),
            help=(
                "con --delete, solo archivos modificados hace más de MINUTES minutos "
                f"(por defecto {DEFAULT_OLDER_THAN_MINUTES}) / only files older than MINUTES"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        raw = str(options["older_than"]).strip()
        minutes = int(raw) if raw.isdigit() else 0
        if minutes < 1:
            raise CommandError(
                f"--older-than: se espera un número entero de minutos ≥ 1 / expected a whole "
                f"number of minutes ≥ 1, got {raw!r}",
                returncode=2,
            )
        if options["delete"]:
            report = delete_orphans(older_than=dt.timedelta(minutes=minutes))
        else:
            report = OrphanReport(orphans=find_orphans())
        deleted = {o.name for o in report.deleted}
        for orphan in report.orphans:
            modified = orphan.modified.isoformat(timespec="seconds")
            line = f"{orphan.name} size={orphan.size} modified={modified}"
            if options["delete"]:
                line += " deleted=yes" if orphan.name in deleted else " deleted=no"
            self.stdout.write(line)
        self.stdout.write(report.summary())
