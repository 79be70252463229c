"""The impact report of a letter campaign (contract `campaign-bundle.md`, "Report definitions").

Intention to treat: a target counts in the arm it was assigned to, whether or not its letter
arrived. The outcome window is [start_date, start_date + outcome_window_days) for every arm.

- letters_sent: dispatch rows of letter-arm targets (any status); delivered / returned / pending
  by status.
- responses: distinct letter-arm targets with at least one response (any date);
  response_rate = responses / letters_sent.
- licensed_firms: distinct letter-arm targets with a purchase dated in the window;
  licensing_rate = licensed_firms / letter-arm targets.
- seats, income_usd: sums over the in-window purchases of letter-arm targets, as reported.
- workstations_estimated = licensed_firms x avg_pcs_per_firm; income_estimated_usd =
  workstations_estimated x avg_licence_value_usd (both assumptions are shown beside them).
- control: firms, licensed_firms, licensing_rate of the control arm (same window).
- effect: pooled letter arms against control (`stats.estimate_effect`); per letter arm under
  `arms`. None, with a check saying why, when there is no control group or no letter arm.
- funnel (letter arms, distinct firms): targets -> sent -> delivered -> answered -> licensed.

Licence rows linked to no target (`target_id` None or unknown) are counted apart
(`licences_unmatched`) and do not count anywhere else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from .assignment import AssignmentRecord
from .checks import INFO, Check, fmt_number, fmt_rate, stated_checks
from .model import CONTROL, Campaign, Dispatch, Licence, LinkedLicence, Response, Target
from .power import minimum_detectable_effect
from .stats import Effect, estimate_effect

SMALL_ARM_FIRMS = 30
"""Below this many firms in an arm or in control, the interval is flagged as not meaningful."""
WIDE_INTERVAL = 0.20
"""A 95% interval wider than this (20 percentage points) is flagged as too imprecise to act on."""


@dataclass(frozen=True, slots=True)
class ArmResult:
    name: str
    targets: int
    letters_sent: int
    delivered: int
    returned: int
    pending: int
    responses: int
    licensed_firms: int
    seats: int
    income_usd: Decimal
    effect: Effect | None
    minimum_detectable_effect: float | None

    @property
    def licensing_rate(self) -> float | None:
        return _ratio(self.licensed_firms, self.targets)

    @property
    def response_rate(self) -> float | None:
        return _ratio(self.responses, self.letters_sent)


@dataclass(frozen=True, slots=True)
class DepartmentRow:
    department: str
    letter_targets: int
    letters_sent: int
    responses: int
    licensed_firms: int
    control_firms: int
    control_licensed_firms: int


@dataclass(frozen=True, slots=True)
class LicenceSummary:
    rows: int
    counted: int
    """In-window purchases of letter-arm targets (the ones behind seats and income_usd)."""
    control_in_window: int
    before_window: int
    after_window: int
    unmatched: int
    unmatched_seats: int
    unmatched_amount_usd: Decimal


@dataclass(frozen=True, slots=True)
class ImpactReport:
    campaign: Campaign
    targets: int
    letter_targets: int
    letters_sent: int
    delivered: int
    returned: int
    pending: int
    responses: int
    licensed_firms: int
    seats: int
    income_usd: Decimal
    control: ArmResult | None
    effect: Effect | None
    minimum_detectable_effect: float | None
    arms: Mapping[str, ArmResult]
    by_department: tuple[DepartmentRow, ...]
    funnel: Mapping[str, int]
    licences: LicenceSummary
    checks: tuple[Check, ...]
    assignment: AssignmentRecord | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def response_rate(self) -> float | None:
        return _ratio(self.responses, self.letters_sent)

    @property
    def licensing_rate(self) -> float | None:
        return _ratio(self.licensed_firms, self.letter_targets)

    @property
    def workstations_estimated(self) -> float:
        return self.licensed_firms * self.campaign.avg_pcs_per_firm

    @property
    def income_estimated_usd(self) -> float:
        return self.workstations_estimated * self.campaign.avg_licence_value_usd

    def counted_figures(self) -> dict[str, float]:
        """The figures a source's `stated` ones are compared with."""
        figures: dict[str, float] = {
            "campaigns": 1,
            "avg_pcs_per_firm": self.campaign.avg_pcs_per_firm,
            "targets": self.targets,
            "letters_sent": self.letters_sent,
            "delivered": self.delivered,
            "responses": self.responses,
            "licensed_firms": self.licensed_firms,
            "seats": self.seats,
            "income_usd": float(self.income_usd),
            "workstations_estimated": self.workstations_estimated,
            "income_estimated_usd": self.income_estimated_usd,
        }
        if self.response_rate is not None:
            figures["response_rate"] = self.response_rate
        if self.licensing_rate is not None:
            figures["licensing_rate"] = self.licensing_rate
        return figures

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (the `report --json` output)."""
        c = self.campaign
        return {
            "campaign": c.name,
            "programme": c.programme,
            "start_date": c.start_date.isoformat(),
            "outcome_window_days": c.outcome_window_days,
            "window_end": c.window_end.isoformat(),
            "targets": self.targets,
            "letter_arm_targets": self.letter_targets,
            "letters_sent": self.letters_sent,
            "delivered": self.delivered,
            "returned": self.returned,
            "pending": self.pending,
            "responses": self.responses,
            "response_rate": _round(self.response_rate),
            "licensed_firms": self.licensed_firms,
            "licensing_rate": _round(self.licensing_rate),
            "seats": self.seats,
            "income_usd": _money(self.income_usd),
            "workstations_estimated": _plain(self.workstations_estimated),
            "income_estimated_usd": _plain(round(self.income_estimated_usd, 2)),
            "assumptions": {
                "avg_pcs_per_firm": _plain(c.avg_pcs_per_firm),
                "avg_licence_value_usd": _plain(c.avg_licence_value_usd),
            },
            "control": None
            if self.control is None
            else {
                "firms": self.control.targets,
                "licensed_firms": self.control.licensed_firms,
                "licensing_rate": _round(self.control.licensing_rate),
                "letters_sent": self.control.letters_sent,
                "responses": self.control.responses,
            },
            "effect": effect_dict(self.effect),
            "minimum_detectable_effect": _round(self.minimum_detectable_effect),
            "arms": {name: _arm_dict(arm) for name, arm in self.arms.items()},
            "by_department": {
                row.department: {
                    "letter_arm_targets": row.letter_targets,
                    "letters_sent": row.letters_sent,
                    "responses": row.responses,
                    "licensed_firms": row.licensed_firms,
                    "licensing_rate": _round(_ratio(row.licensed_firms, row.letter_targets)),
                    "control_firms": row.control_firms,
                    "control_licensed_firms": row.control_licensed_firms,
                    "control_licensing_rate": _round(
                        _ratio(row.control_licensed_firms, row.control_firms)
                    ),
                }
                for row in self.by_department
            },
            "funnel": dict(self.funnel),
            "licences": {
                "rows": self.licences.rows,
                "counted": self.licences.counted,
                "control_in_window": self.licences.control_in_window,
                "before_window": self.licences.before_window,
                "after_window": self.licences.after_window,
                "unmatched": self.licences.unmatched,
                "unmatched_seats": self.licences.unmatched_seats,
                "unmatched_amount_usd": _money(self.licences.unmatched_amount_usd),
            },
            "licences_unmatched": self.licences.unmatched,
            "checks": [check.to_dict() for check in self.checks],
            "assignment": None if self.assignment is None else self.assignment.to_dict(),
            **dict(self.extra),
        }


def effect_dict(effect: Effect | None) -> dict[str, Any] | None:
    if effect is None:
        return None
    return {
        "difference": _round(effect.difference),
        "ci95": [_round(effect.ci95[0]), _round(effect.ci95[1])],
        "p_value": float(f"{effect.p_value:.4g}"),
        "method": effect.method,
        "p_value_method": effect.p_value_method,
        "letter_rate": _round(effect.treated_rate),
        "control_rate": _round(effect.control_rate),
    }


def link_by_ruc(targets: Iterable[Target], licences: Iterable[Licence]) -> list[LinkedLicence]:
    """Link licence rows to targets by exact RUC; rows without a known RUC stay unlinked (target_id
    None).

    Rows without RUC are for the company-matching engine to link (phase 2); pass its result to
    `compute_impact` instead when it is available.
    """
    by_ruc = {t.ruc: t.target_id for t in targets if t.ruc}
    return [LinkedLicence(row, by_ruc.get(row.ruc) if row.ruc else None) for row in licences]


def compute_impact(
    campaign: Campaign,
    targets: Sequence[Target],
    dispatch: Iterable[Dispatch],
    responses: Iterable[Response],
    licences: Iterable[LinkedLicence],
    *,
    assignment: AssignmentRecord | None = None,
) -> ImpactReport:
    """The impact report. Every target must have its `arm` (use `Assignment.apply` first if
    needed)."""
    arm_of: dict[str, str] = {}
    department_of: dict[str, str] = {}
    arm_sizes: Counter[str] = Counter()
    for target in targets:
        if target.arm is None:
            raise ValueError(f"target {target.target_id} has no arm: assign arms first")
        arm_of[target.target_id] = target.arm
        department_of[target.target_id] = target.department.strip() or "(sin dato)"
        arm_sizes[target.arm] += 1
    letter_arms = sorted(a for a in arm_sizes if a != CONTROL)

    sent: Counter[str] = Counter()
    status_count: Counter[tuple[str, str]] = Counter()
    dept_sent: Counter[str] = Counter()
    with_dispatch: set[str] = set()
    delivered_firms: set[str] = set()
    for row in dispatch:
        arm = arm_of.get(row.target_id)
        if arm is None:
            raise ValueError(f"dispatch row for unknown target {row.target_id}")
        sent[arm] += 1
        status_count[(arm, row.status)] += 1
        if arm != CONTROL:
            dept_sent[department_of[row.target_id]] += 1
            with_dispatch.add(row.target_id)
            if row.status == "delivered":
                delivered_firms.add(row.target_id)

    responders: set[str] = set()
    early_responses = 0
    for response in responses:
        if response.target_id not in arm_of:
            raise ValueError(f"response for unknown target {response.target_id}")
        responders.add(response.target_id)
        if response.responded_on < campaign.start_date:
            early_responses += 1

    licensed: set[str] = set()
    seats: Counter[str] = Counter()
    income: dict[str, Decimal] = {}
    rows = counted = control_in_window = before = after = 0
    unmatched = unmatched_seats = 0
    unmatched_amount = Decimal(0)
    start, end = campaign.start_date, campaign.window_end
    for linked in licences:
        rows += 1
        purchase = linked.licence
        arm = arm_of.get(linked.target_id) if linked.target_id is not None else None
        if arm is None:
            unmatched += 1
            unmatched_seats += purchase.seats
            unmatched_amount += purchase.amount_usd
            continue
        if purchase.purchased_on < start:
            before += 1
            continue
        if purchase.purchased_on > end:
            after += 1
            continue
        assert linked.target_id is not None
        licensed.add(linked.target_id)
        seats[arm] += purchase.seats
        income[arm] = income.get(arm, Decimal(0)) + purchase.amount_usd
        if arm == CONTROL:
            control_in_window += 1
        else:
            counted += 1

    responders_by_arm: Counter[str] = Counter(arm_of[t] for t in responders)
    licensed_by_arm: Counter[str] = Counter(arm_of[t] for t in licensed)
    tallies = _Tallies(
        arm_sizes, sent, status_count, responders_by_arm, licensed_by_arm, seats, income
    )

    control: ArmResult | None = None
    if arm_sizes[CONTROL]:
        control = _arm_result(CONTROL, tallies, None)
    arms = {name: _arm_result(name, tallies, control) for name in letter_arms}
    letter_targets = sum(arm_sizes[a] for a in letter_arms)
    letter_licensed = sum(licensed_by_arm[a] for a in letter_arms)
    effect: Effect | None = None
    mde: float | None = None
    if control is not None and letter_targets:
        effect = estimate_effect(
            letter_licensed, letter_targets, control.licensed_firms, control.targets
        )
        mde = _mde(letter_targets, control)

    by_department = _by_department(arm_of, department_of, dept_sent, responders, licensed)
    letter_sent_rows = sum(sent[a] for a in letter_arms)
    report = ImpactReport(
        campaign=campaign,
        targets=len(arm_of),
        letter_targets=letter_targets,
        letters_sent=letter_sent_rows,
        delivered=sum(status_count[(a, "delivered")] for a in letter_arms),
        returned=sum(status_count[(a, "returned")] for a in letter_arms),
        pending=sum(status_count[(a, "pending")] for a in letter_arms),
        responses=sum(responders_by_arm[a] for a in letter_arms),
        licensed_firms=letter_licensed,
        seats=sum(seats[a] for a in letter_arms),
        income_usd=sum((income.get(a, Decimal(0)) for a in letter_arms), Decimal(0)),
        control=control,
        effect=effect,
        minimum_detectable_effect=mde,
        arms=arms,
        by_department=by_department,
        funnel={
            "targets": letter_targets,
            "sent": len(with_dispatch),
            "delivered": len(delivered_firms),
            "answered": sum(responders_by_arm[a] for a in letter_arms),
            "licensed": letter_licensed,
        },
        licences=LicenceSummary(
            rows=rows,
            counted=counted,
            control_in_window=control_in_window,
            before_window=before,
            after_window=after,
            unmatched=unmatched,
            unmatched_seats=unmatched_seats,
            unmatched_amount_usd=unmatched_amount,
        ),
        checks=(),
        assignment=assignment,
    )
    return replace(report, checks=tuple(_checks(report, early_responses)))


@dataclass(frozen=True, slots=True)
class _Tallies:
    """Per-arm counts gathered in one pass over the events."""

    sizes: Counter[str]
    sent: Counter[str]
    status: Counter[tuple[str, str]]
    responders: Counter[str]
    licensed: Counter[str]
    seats: Counter[str]
    income: Mapping[str, Decimal]


def _arm_result(name: str, t: _Tallies, control: ArmResult | None) -> ArmResult:
    effect: Effect | None = None
    mde: float | None = None
    if control is not None and t.sizes[name]:
        effect = estimate_effect(
            t.licensed[name], t.sizes[name], control.licensed_firms, control.targets
        )
        mde = _mde(t.sizes[name], control)
    return ArmResult(
        name=name,
        targets=t.sizes[name],
        letters_sent=t.sent[name],
        delivered=t.status[(name, "delivered")],
        returned=t.status[(name, "returned")],
        pending=t.status[(name, "pending")],
        responses=t.responders[name],
        licensed_firms=t.licensed[name],
        seats=t.seats[name],
        income_usd=t.income.get(name, Decimal(0)),
        effect=effect,
        minimum_detectable_effect=mde,
    )


def _mde(n_letter: int, control: ArmResult) -> float | None:
    baseline = control.licensing_rate
    if baseline is None or baseline >= 1:
        return None
    return minimum_detectable_effect(n_letter, control.targets, baseline)


def _by_department(
    arm_of: Mapping[str, str],
    department_of: Mapping[str, str],
    dept_sent: Counter[str],
    responders: set[str],
    licensed: set[str],
) -> tuple[DepartmentRow, ...]:
    letter: Counter[str] = Counter()
    control: Counter[str] = Counter()
    answered: Counter[str] = Counter()
    letter_licensed: Counter[str] = Counter()
    control_licensed: Counter[str] = Counter()
    for target_id, arm in arm_of.items():
        department = department_of[target_id]
        if arm == CONTROL:
            control[department] += 1
            if target_id in licensed:
                control_licensed[department] += 1
        else:
            letter[department] += 1
            if target_id in responders:
                answered[department] += 1
            if target_id in licensed:
                letter_licensed[department] += 1
    return tuple(
        DepartmentRow(
            department=d,
            letter_targets=letter[d],
            letters_sent=dept_sent[d],
            responses=answered[d],
            licensed_firms=letter_licensed[d],
            control_firms=control[d],
            control_licensed_firms=control_licensed[d],
        )
        for d in sorted(set(letter) | set(control))
    )


def _checks(report: ImpactReport, early_responses: int) -> list[Check]:
    checks: list[Check] = []
    add = checks.append
    if not report.letter_targets:
        add(
            Check(
                "no_letter_arm",
                "Ninguna empresa está en un grupo de carta: no hay nada que medir.",
                "No firm is in a letter arm: there is nothing to measure.",
            )
        )
    if report.control is None:
        add(
            Check(
                "no_control_group",
                "No hay grupo de control: el efecto de la carta no se puede medir. Las "
                f"{fmt_number(report.licensed_firms)} empresas licenciadas incluyen las que "
                "habrían comprado licencias sin carta; la cifra no es el efecto de la campaña.",
                "There is no control group: the letter's effect cannot be measured. The "
                f"{fmt_number(report.licensed_firms)} licensed firms include those that would have "
                "bought licences without a letter; the figure is not the campaign's effect.",
            )
        )
    checks += _precision_checks(report)
    if report.control is not None and report.control.letters_sent:
        n = report.control.letters_sent
        add(
            Check(
                "letters_to_control",
                f"Se enviaron {fmt_number(n)} cartas a empresas del grupo de control; siguen "
                "contando como control (intención de tratar), lo que diluye el efecto medido.",
                f"{fmt_number(n)} letters were sent to control firms; they still count as control "
                "(intention to treat), which dilutes the measured effect.",
                data={"letters": n},
            )
        )
    missing = report.letter_targets - report.funnel["sent"]
    if report.letter_targets and missing:
        add(
            Check(
                "letters_not_sent",
                f"{fmt_number(missing)} empresas de los grupos de carta no tienen envío "
                "registrado; cuentan igual en su grupo (intención de tratar).",
                f"{fmt_number(missing)} letter-arm firms have no recorded dispatch; they still "
                "count in their arm (intention to treat).",
                INFO,
                {"firms": missing},
            )
        )
    lic = report.licences
    outside = lic.before_window + lic.after_window
    if outside:
        c = report.campaign
        add(
            Check(
                "licences_outside_window",
                f"{fmt_number(outside)} compras de empresas objetivo están fechadas fuera de la "
                f"ventana {c.start_date.isoformat()} – {c.window_end.isoformat()} "
                f"({fmt_number(lic.before_window)} antes, {fmt_number(lic.after_window)} después) "
                "y no cuentan.",
                f"{fmt_number(outside)} purchases by target firms are dated outside the window "
                f"{c.start_date.isoformat()} – {c.window_end.isoformat()} "
                f"({fmt_number(lic.before_window)} before, {fmt_number(lic.after_window)} after) "
                "and do not count.",
                data={"before": lic.before_window, "after": lic.after_window},
            )
        )
    if lic.unmatched:
        amount = fmt_number(float(lic.unmatched_amount_usd))
        add(
            Check(
                "licences_of_non_targets",
                f"{fmt_number(lic.unmatched)} filas de licencias "
                f"({fmt_number(lic.unmatched_seats)} puestos, US$ {amount}) son de empresas que "
                "no son objetivo de la campaña o no se pudieron vincular: se guardan pero no "
                "cuentan.",
                f"{fmt_number(lic.unmatched)} licence rows ({fmt_number(lic.unmatched_seats)} "
                f"seats, US$ {amount}) are of firms that are not "
                "targets of the campaign or could not be linked: kept, but not counted.",
                INFO,
                {"rows": lic.unmatched},
            )
        )
    if early_responses:
        add(
            Check(
                "responses_before_start",
                f"{fmt_number(early_responses)} respuestas tienen fecha anterior al inicio de la "
                "campaña; revise las fechas.",
                f"{fmt_number(early_responses)} responses are dated before the campaign started; "
                "check the dates.",
                data={"responses": early_responses},
            )
        )
    checks += stated_checks(report.campaign.stated, report.counted_figures())
    return checks


def _precision_checks(report: ImpactReport) -> list[Check]:
    checks: list[Check] = []
    control = report.control
    if control is None:
        return checks
    groups: list[tuple[str, int, Effect | None]] = [(CONTROL, control.targets, None)]
    groups += [(a.name, a.targets, a.effect) for a in report.arms.values()]
    for name, firms, effect in groups:
        width = effect.ci95[1] - effect.ci95[0] if effect else 0.0
        if firms < SMALL_ARM_FIRMS:
            checks.append(
                Check(
                    "arm_too_small",
                    f"El grupo «{name}» tiene solo {fmt_number(firms)} empresas: con menos de "
                    f"{SMALL_ARM_FIRMS} el intervalo de confianza no significa gran cosa.",
                    f"Arm '{name}' has only {fmt_number(firms)} firms: with fewer than "
                    f"{SMALL_ARM_FIRMS} the confidence interval means little.",
                    data={"arm": name, "firms": firms},
                )
            )
        elif width > WIDE_INTERVAL and effect is not None:
            low, high = effect.ci95
            checks.append(
                Check(
                    "interval_too_wide",
                    f"El intervalo del 95 % del grupo «{name}» va de {fmt_rate(low)} a "
                    f"{fmt_rate(high)}: demasiado amplio para concluir algo.",
                    f"The 95% interval of arm '{name}' runs from {fmt_rate(low)} to "
                    f"{fmt_rate(high)}: too wide to conclude anything.",
                    data={"arm": name, "ci95": [low, high]},
                )
            )
    if report.effect is not None and report.minimum_detectable_effect is None:
        checks.append(
            Check(
                "underpowered",
                "Los grupos son demasiado pequeños para detectar con 80 % de potencia incluso un "
                "efecto máximo.",
                "The arms are too small to detect even the largest possible effect with 80% power.",
            )
        )
    return checks


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _round(value: float | None, places: int = 6) -> float | None:
    return None if value is None else round(value, places)


def _plain(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _money(value: Decimal) -> float:
    return float(round(value, 2))


def _arm_dict(arm: ArmResult) -> dict[str, Any]:
    return {
        "targets": arm.targets,
        "letters_sent": arm.letters_sent,
        "delivered": arm.delivered,
        "returned": arm.returned,
        "pending": arm.pending,
        "responses": arm.responses,
        "response_rate": _round(arm.response_rate),
        "licensed_firms": arm.licensed_firms,
        "licensing_rate": _round(arm.licensing_rate),
        "seats": arm.seats,
        "income_usd": _money(arm.income_usd),
        "effect": effect_dict(arm.effect),
        "minimum_detectable_effect": _round(arm.minimum_detectable_effect),
    }
