"""`ipenforce parties import-sunat FILE`: import SUNAT's padrón reducido RUC."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ipenforce.parties.sunat.padron import ENCODING, PadronFormatError
from ipenforce.parties.sunat.service import ImportRefused, import_padron


class Command(BaseCommand):
    help = (
        "Importa el padrón reducido RUC de SUNAT (ISO-8859-1, separado por «|») al espejo del "
        "registro y actualiza el estado SUNAT de las empresas. / Import SUNAT's padrón "
        "reducido RUC."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", help="padron_reducido_ruc.zip o .txt (tal como lo publica SUNAT)"
        )
        parser.add_argument(
            "--rejects",
            metavar="PATH",
            help="CSV de filas rechazadas (por defecto FILE.rejects.csv) / rejected rows",
        )
        parser.add_argument(
            "--encoding",
            default=ENCODING,
            choices=["iso-8859-1", "utf-8"],
            help="codificación del archivo (SUNAT publica ISO-8859-1)",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="sin barra de progreso / no progress bar"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            run = import_padron(
                options["file"],
                rejects_path=options["rejects"],
                encoding=options["encoding"],
                show_bar=False if options["no_progress"] else None,
            )
        except (ImportRefused, PadronFormatError) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(run.summary())
        if run.rows_rejected:
            self.stdout.write(f"rejects: {run.rejects_path}")
