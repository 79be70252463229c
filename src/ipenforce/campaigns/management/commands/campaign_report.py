"""`ipenforce campaign report NAME [--json]`: the impact report of a campaign, or of a programme
(a group of campaigns, `Campaign.programme_name`).

With `--json` standard output holds the JSON only: a campaign's report is
`analytics.ImpactReport.to_dict()` (contract `campaign-bundle.md`); a programme's is
`reporting.programme_dict` (`{"report": "programme", ...}`). Without it, a readable table.
An unknown name exits with status 2 and suggests close names.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ipenforce.campaigns import reporting
from ipenforce.campaigns.analytics import format_table
from ipenforce.campaigns.exports import format_programme_table


class Command(BaseCommand):
    help = "Informe de impacto de una campaña o programa / impact report of a campaign or programme"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="nombre de la campaña o del programa / name")
        parser.add_argument("--json", action="store_true", help="JSON en la salida estándar")

    def handle(self, *args: Any, **options: Any) -> None:
        name: str = options["name"]
        campaign, programme = reporting.lookup(name)
        if campaign is not None:
            report = reporting.impact_report(campaign)
            if options["json"]:
                self.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
            else:
                self.stdout.write(format_table(report), ending="")
            return
        if programme is not None:
            result = reporting.programme_impact(programme)
            if options["json"]:
                data = reporting.programme_dict(result)
                self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            else:
                self.stdout.write(format_programme_table(result), ending="")
            return
        message = (
            f"no hay ninguna campaña ni programa llamado «{name}» (no campaign named {name!r})"
        )
        close = reporting.close_names(name)
        if close:
            message += "\n¿Quiso decir? (did you mean?)\n" + "\n".join(f"  {n}" for n in close)
        raise CommandError(message, returncode=2)
