"""Plain data of a letter campaign: what a bundle holds and what the impact report is computed from.

The Django app builds these from its models (or `bundle.read_bundle` builds them from a folder) and
passes them to `impact.compute_impact`. Nothing here knows about the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

CONTROL = "control"
"""Name of the arm that receives no letter."""

LETTER_PREFIX = "letter"
"""Letter arms are named `letter` or `letter_<wording>` (e.g. `letter_deterrence`)."""

CHANNELS = ("post", "email")
DISPATCH_STATUSES = ("delivered", "returned", "pending")
RESPONSE_KINDS = ("reply", "self_audit", "licence_proof", "dispute", "other")


def is_letter_arm(arm: str) -> bool:
    """True for `letter` and `letter_<something>`; False for `control` and anything else."""
    return arm == LETTER_PREFIX or (
        arm.startswith(LETTER_PREFIX + "_") and len(arm) > len(LETTER_PREFIX) + 1
    )


def is_known_arm(arm: str) -> bool:
    return arm == CONTROL or is_letter_arm(arm)


@dataclass(frozen=True, slots=True)
class Campaign:
    """campaign.json (optional keys: `stated`, `programme`, `assignment_seed`, `letter_arms`,
    `control_share`). `stated` holds figures a source claims (compared with the events by the
    checks); `programme` / `programme_stated` tie several campaigns to one programme with its own
    stated figures."""

    name: str
    start_date: date
    outcome_window_days: int
    avg_pcs_per_firm: float
    avg_licence_value_usd: float
    stated: Mapping[str, float] = field(default_factory=dict)
    programme: str | None = None
    programme_stated: Mapping[str, float] = field(default_factory=dict)
    assignment_seed: int | None = None
    """Seed for `assign_arms` when targets.csv has no arm column (None: the loader draws and records
    one)."""
    letter_arms: tuple[str, ...] = ("letter",)
    """Letter arms to assign when targets.csv has no arm column."""
    control_share: float = 0.20
    """Share of targets assigned to control when targets.csv has no arm column."""

    @property
    def window_end(self) -> date:
        """Last day inside the outcome window (the window is [start_date, start_date + days))."""
        return self.start_date + timedelta(days=self.outcome_window_days - 1)

    def in_window(self, day: date) -> bool:
        return self.start_date <= day <= self.window_end


@dataclass(frozen=True, slots=True)
class Target:
    """One firm of the campaign. `arm` is None until arms are assigned
    (`assignment.assign_arms`)."""

    target_id: str
    name: str
    ruc: str = ""
    address: str = ""
    district: str = ""
    department: str = ""
    size: str = ""
    arm: str | None = None


@dataclass(frozen=True, slots=True)
class Dispatch:
    target_id: str
    sent_on: date
    channel: str
    status: str


@dataclass(frozen=True, slots=True)
class Response:
    target_id: str
    responded_on: date
    kind: str


@dataclass(frozen=True, slots=True)
class Licence:
    """A licence purchase as a rights holder reported it (a row of licences.csv)."""

    rights_holder: str
    ruc: str
    name: str
    address: str
    district: str
    department: str
    purchased_on: date
    seats: int
    amount_usd: Decimal
    line: int = 0
    """Line in licences.csv (0 when the row did not come from a file)."""


@dataclass(frozen=True, slots=True)
class LinkedLicence:
    """A licence purchase with the target it was linked to (None: not a target, or not linked)."""

    licence: Licence
    target_id: str | None


@dataclass(frozen=True, slots=True)
class Bundle:
    """A validated campaign bundle."""

    campaign: Campaign
    targets: tuple[Target, ...]
    dispatch: tuple[Dispatch, ...]
    responses: tuple[Response, ...]
    licences: tuple[Licence, ...]
    has_arm_column: bool
    fingerprint: str
    """SHA-256 of the bundle's files (see `bundle.bundle_fingerprint`)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a bundle. `line` is 1-based (the header is line 1); None for the whole
    file."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return (
            f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        )
