"""Several campaigns of one programme added up (e.g. the four 2012 software campaigns).

Each campaign keeps its own window and report; the programme adds their counts, recomputes the rates
from the sums and compares them with the figures the programme's source states (`programme.stated`
in campaign.json), e.g. "three campaigns, 817 licensed firms" against four campaigns and 830 firms
counted. No effect is pooled across campaigns: their windows, letters and populations differ.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .checks import Check, stated_checks
from .impact import ImpactReport, effect_dict


@dataclass(frozen=True, slots=True)
class ProgrammeReport:
    name: str
    campaigns: tuple[ImpactReport, ...]
    stated: Mapping[str, float]
    checks: tuple[Check, ...]

    def totals(self) -> dict[str, float]:
        keys = ("targets", "letters_sent", "delivered", "responses", "licensed_firms", "seats")
        sums: dict[str, float] = {
            k: sum(r.counted_figures()[k] for r in self.campaigns) for k in keys
        }
        sums["campaigns"] = len(self.campaigns)
        pcs = {r.campaign.avg_pcs_per_firm for r in self.campaigns}
        if len(pcs) == 1:
            sums["avg_pcs_per_firm"] = pcs.pop()
        sums["income_usd"] = round(sum(float(r.income_usd) for r in self.campaigns), 2)
        sums["workstations_estimated"] = sum(r.workstations_estimated for r in self.campaigns)
        sums["income_estimated_usd"] = round(sum(r.income_estimated_usd for r in self.campaigns), 2)
        letter_targets = sum(r.letter_targets for r in self.campaigns)
        if sums["letters_sent"]:
            sums["response_rate"] = sums["responses"] / sums["letters_sent"]
        if letter_targets:
            sums["licensing_rate"] = sums["licensed_firms"] / letter_targets
        return sums

    def to_dict(self) -> dict[str, Any]:
        totals = self.totals()
        return {
            "programme": self.name,
            **{k: _plain(v) for k, v in totals.items()},
            "stated": dict(self.stated),
            "per_campaign": [
                {
                    "campaign": r.campaign.name,
                    "start_date": r.campaign.start_date.isoformat(),
                    "window_end": r.campaign.window_end.isoformat(),
                    "letters_sent": r.letters_sent,
                    "responses": r.responses,
                    "licensed_firms": r.licensed_firms,
                    "licensing_rate": None
                    if r.licensing_rate is None
                    else round(r.licensing_rate, 6),
                    "effect": effect_dict(r.effect),
                }
                for r in self.campaigns
            ],
            "checks": [c.to_dict() for c in self.checks],
        }


def programme_report(
    reports: Sequence[ImpactReport],
    *,
    name: str | None = None,
    stated: Mapping[str, float] | None = None,
) -> ProgrammeReport:
    """Add up campaign reports. `name` and `stated` default to the campaigns' `programme` fields."""
    if not reports:
        raise ValueError("a programme needs at least one campaign")
    ordered = tuple(sorted(reports, key=lambda r: (r.campaign.start_date, r.campaign.name)))
    title = name or next((r.campaign.programme for r in ordered if r.campaign.programme), None)
    claims: dict[str, float] = {}
    for r in ordered:
        for key, value in r.campaign.programme_stated.items():
            claims.setdefault(key, value)
    if stated is not None:
        claims = dict(stated)
    partial = ProgrammeReport(title or ordered[0].campaign.name, ordered, claims, ())
    checks: list[Check] = []
    uncontrolled = [r.campaign.name for r in ordered if r.control is None]
    if uncontrolled:
        n, total = len(uncontrolled), len(ordered)
        checks.append(
            Check(
                "no_control_group",
                f"{n} de {total} campañas no tienen grupo de control: para ellas el efecto de las "
                "cartas no se puede medir, y sus empresas licenciadas incluyen las que habrían "
                "comprado licencias sin carta.",
                f"{n} of {total} campaigns have no control group: their letters' effect cannot be "
                "measured, and their licensed firms include those that would have bought licences "
                "without a letter.",
                data={"campaigns": uncontrolled},
            )
        )
    checks += stated_checks(claims, partial.totals())
    return ProgrammeReport(partial.name, ordered, claims, tuple(checks))


def _plain(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 6)
