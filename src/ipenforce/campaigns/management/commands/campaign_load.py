"""`ipenforce campaign load DIR`: import a campaign bundle (see `campaigns.bundle_loader`).

Standard output: the campaign's name (only). Standard error: what happened; for an invalid bundle
one line per problem, `file:line: column: message`, and exit status 2 with nothing stored.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ipenforce.campaigns.analytics import BundleError
from ipenforce.campaigns.bundle_loader import BundleConflict, load_bundle


class Command(BaseCommand):
    help = "Importa un paquete de campaña (carpeta) / import a campaign bundle folder"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="carpeta del paquete / bundle folder")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = options["folder"]
        try:
            result = load_bundle(folder)
        except BundleError as error:
            for problem in error.problems:
                self.stderr.write(str(problem), style_func=lambda text: text)
            self.stderr.flush()
            # Exit 2 without another line: stderr holds exactly one line per problem.
            sys.exit(2)
        except BundleConflict as error:
            raise CommandError(str(error), returncode=2) from None
        campaign = result.campaign
        if result.created:
            counts = ", ".join(f"{k}={v}" for k, v in result.counts.items())
            self.stderr.write(f"cargada / loaded: {counts}", style_func=lambda text: text)
        else:
            why = (
                "mismos archivos / same files"
                if result.reason == "fingerprint"
                else ("mismo nombre y contenido / same name and content")
            )
            self.stderr.write(
                f"ya estaba cargada, no se guardó nada nuevo / already loaded, nothing new stored "
                f"({why})",
                style_func=lambda text: text,
            )
        self.stdout.write(campaign.name)
