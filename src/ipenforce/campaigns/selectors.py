"""Queries and page data of the campaign pages (read only)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ipenforce.campaigns import charts
from ipenforce.campaigns.analytics import ImpactReport
from ipenforce.campaigns.analytics.checks import fmt_number, fmt_rate
from ipenforce.campaigns.analytics.stats import wilson_interval
from ipenforce.campaigns.models import Campaign, Dispatch, LicencePurchase, Target
from ipenforce.parties.models import Firm


@dataclass(frozen=True)
class CampaignRow:
    campaign: Campaign
    targets: int
    letters: int
    licensed: int
    letter_targets: int

    @property
    def licensing_rate(self) -> float | None:
        return self.licensed / self.letter_targets if self.letter_targets else None


def campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.order_by("-start_date", "name")


def campaign_rows(page: list[Campaign]) -> list[CampaignRow]:
    """List figures for a page of campaigns: a few grouped queries, then one small query per
    campaign for its licensed firms (each has its own outcome window)."""
    ids = [c.pk for c in page]
    targets: Counter[tuple[int, bool]] = Counter()
    for campaign_id, is_control, n in (
        Target.objects.filter(campaign_id__in=ids)
        .values_list("campaign_id", "arm__is_control")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        targets[(campaign_id, is_control)] += n
    letters = dict(
        Dispatch.objects.filter(target__campaign_id__in=ids, target__arm__is_control=False)
        .values_list("target__campaign_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = []
    for c in page:
        end = c.start_date + timedelta(days=c.outcome_window_days - 1)
        licensed = (
            LicencePurchase.objects.filter(
                target__campaign=c,
                target__arm__is_control=False,
                purchased_on__gte=c.start_date,
                purchased_on__lte=end,
            )
            .values("target_id")
            .distinct()
            .count()
        )
        rows.append(
            CampaignRow(
                campaign=c,
                targets=targets[(c.pk, False)] + targets[(c.pk, True)],
                letters=letters.get(c.pk, 0),
                licensed=licensed,
                letter_targets=targets[(c.pk, False)],
            )
        )
    return rows


def _english() -> bool:
    return (get_language() or "es").startswith("en")


def checks_for_language(report: dict[str, Any]) -> list[dict[str, Any]]:
    key = "message_en" if _english() else "message_es"
    return [{**c, "text": c[key]} for c in report["checks"]]


def arm_label(name: str) -> str:
    if name == "control":
        return _("Control (sin carta)")
    if name == "letter":
        return _("Carta")
    return _("Carta: %(wording)s") % {"wording": name.removeprefix("letter_").replace("_", " ")}


def report_page(report: ImpactReport, chart_prefix: str = "c") -> dict[str, Any]:
    """Everything the report page shows besides the campaign: the JSON figures, charts and the
    plain-language statements."""
    r = report.to_dict()
    f = r["funnel"]
    funnel_rows = [
        ("targets", _("Empresas en grupos de carta")),
        ("sent", _("Con carta enviada")),
        ("delivered", _("Carta entregada")),
        ("answered", _("Respondieron")),
        ("licensed", _("Compraron licencias")),
    ]
    top = f["targets"] or 1
    funnel_table = [
        {"label": label, "value": f[key], "share": f[key] / top if f["targets"] else None}
        for key, label in funnel_rows
    ]
    funnel_chart = charts.funnel(
        f"{chart_prefix}-funnel",
        [
            charts.Bar(
                row["label"],
                row["value"],
                fmt_number(row["value"])
                + ("" if row["share"] is None else f" ({fmt_rate(row['share'])})"),
                "bar bar-funnel",
            )
            for row in funnel_table
        ],
        title=_("Embudo de la campaña"),
        desc=_("Empresas de los grupos de carta en cada etapa: %(stages)s.")
        % {"stages": "; ".join(f"{row['label']}: {row['value']}" for row in funnel_table)},
    )

    groups = []
    for name, arm in report.arms.items():
        groups.append((name, arm.targets, arm.licensed_firms))
    if report.control is not None:
        groups.append(("control", report.control.targets, report.control.licensed_firms))
    rate_rows = []
    for name, n, x in groups:
        if not n:
            continue
        low, high = wilson_interval(x, n)
        rate_rows.append(
            charts.Interval(
                arm_label(name),
                x / n,
                low,
                high,
                f"{fmt_rate(x / n)} [{fmt_rate(low)}–{fmt_rate(high)}]",
                "point point-control" if name == "control" else "point",
            )
        )
    control_rate = report.control.licensing_rate if report.control is not None else None
    rates_chart = (
        charts.forest(
            f"{chart_prefix}-rates",
            rate_rows,
            title=_("Tasa de licenciamiento por grupo, con intervalo de confianza del 95 %"),
            desc=_(
                "Punto: tasa de licenciamiento en la ventana; línea: intervalo de Wilson del 95 %. "
            )
            + "; ".join(f"{row.label}: {row.text}" for row in rate_rows),
            reference=control_rate,
            reference_label=_("tasa del control") if control_rate is not None else "",
        )
        if rate_rows
        else None
    )
    effect_rows = []
    for name, arm in report.arms.items():
        if arm.effect is not None:
            e = arm.effect
            effect_rows.append(
                charts.Interval(
                    arm_label(name),
                    e.difference,
                    e.ci95[0],
                    e.ci95[1],
                    f"{100 * e.difference:+.1f} pp, p {charts.p_text(e.p_value)}",
                )
            )
    if report.effect is not None and len(report.arms) > 1:
        e = report.effect
        effect_rows.append(
            charts.Interval(
                _("Todas las cartas"),
                e.difference,
                e.ci95[0],
                e.ci95[1],
                f"{100 * e.difference:+.1f} pp, p {charts.p_text(e.p_value)}",
                "point point-pooled",
            )
        )
    effect_chart = (
        charts.forest(
            f"{chart_prefix}-effect",
            effect_rows,
            title=_("Efecto de la carta: diferencia con el control, con intervalo del 95 %"),
            desc=_(
                "Diferencia de tasas de licenciamiento (puntos porcentuales) de cada grupo de "
                "carta frente al control; línea vertical en cero: sin efecto. "
            )
            + "; ".join(f"{row.label}: {row.text}" for row in effect_rows),
            reference=0.0,
            reference_label=_("sin efecto"),
            difference=True,
        )
        if effect_rows
        else None
    )

    departments = sorted(
        r["by_department"].items(), key=lambda item: (-item[1]["letter_arm_targets"], item[0])
    )
    has_control = report.control is not None
    series = [(_("Con carta"), "bar bar-letter")]
    if has_control:
        series.append((_("Control"), "bar bar-control"))
    dept_chart = (
        charts.grouped_bars(
            f"{chart_prefix}-departments",
            [
                charts.GroupedBar(
                    name,
                    (d["licensing_rate"], d["control_licensing_rate"])
                    if has_control
                    else (d["licensing_rate"],),
                )
                for name, d in departments
            ],
            series,
            title=_("Tasa de licenciamiento por departamento"),
            desc=_(
                "Barras horizontales: tasa de licenciamiento de las empresas con carta%(and)s, "
                "por departamento; la tabla siguiente da las cifras."
            )
            % {"and": _(" y del grupo de control") if has_control else ""},
        )
        if departments
        else None
    )
    mde = r["minimum_detectable_effect"]
    if report.control is None:
        power = _(
            "Sin grupo de control no se puede medir el efecto de la carta ni calcular la potencia."
        )
    elif mde is None:
        power = _(
            "Con %(letter)s empresas con carta y %(control)s de control, los grupos son demasiado "
            "pequeños para detectar con 80 %% de potencia incluso el mayor efecto posible."
        ) % {
            "letter": fmt_number(report.letter_targets),
            "control": fmt_number(report.control.targets),
        }
    else:
        power = _(
            "Con %(letter)s empresas con carta y %(control)s de control, la campaña detecta con "
            "80 %% de potencia (prueba bilateral, α = 5 %%) un aumento de la tasa de "
            "licenciamiento de %(mde)s puntos porcentuales o más sobre la del control "
            "(%(base)s). Efectos menores pueden existir sin que se vean."
        ) % {
            "letter": fmt_number(report.letter_targets),
            "control": fmt_number(report.control.targets),
            "mde": f"{100 * mde:.1f}",
            "base": fmt_rate(report.control.licensing_rate or 0),
        }
    return {
        "r": r,
        "funnel_table": funnel_table,
        "funnel_chart": funnel_chart,
        "rates_chart": rates_chart,
        "effect_chart": effect_chart,
        "dept_chart": dept_chart,
        "departments": departments,
        "arm_rows": [
            {"name": name, "label": arm_label(name), **arm} for name, arm in r["arms"].items()
        ],
        "checks": checks_for_language(r),
        "power_statement": power,
        "assignment": r["assignment"],
    }


def firm_campaigns(firm: Firm) -> list[dict[str, Any]]:
    """The campaigns in which `firm` was a target: arm, letters, responses and purchases."""
    targets = (
        Target.objects.filter(firm=firm)
        .select_related("campaign", "arm")
        .annotate(
            letters=Count("dispatches", distinct=True),
            answers=Count("responses", distinct=True),
            bought=Count("purchases", distinct=True),
        )
        .order_by("-campaign__start_date")
    )
    return [
        {
            "campaign": t.campaign,
            "arm": arm_label(t.arm.name),
            "letters": t.letters,
            "responses": t.answers,
            "purchases": t.bought,
        }
        for t in targets
    ]
