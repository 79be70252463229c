"""Analytics of letter campaigns that measure their own effect (pure Python, no Django).

Flow: `read_bundle(folder)` -> `Bundle` (or `BundleError` with every problem) -> if the bundle has
no arm column, `assign_arms(targets, seed)` and `Assignment.apply(targets)` -> link licence rows to
targets (`link_by_ruc`, or the matching engine) -> `compute_impact(...)` -> `ImpactReport`
(`.to_dict()` for JSON, `format_table` for text). `programme_report` adds up several campaigns of
one programme.
"""

from .assignment import Assignment, AssignmentRecord, assign_arms, assign_bundle_arms
from .bundle import BundleError, bundle_fingerprint, read_bundle, validate_bundle
from .checks import Check
from .impact import ArmResult, ImpactReport, compute_impact, link_by_ruc
from .model import (
    CONTROL,
    Bundle,
    Campaign,
    Dispatch,
    Licence,
    LinkedLicence,
    Problem,
    Response,
    Target,
    is_letter_arm,
)
from .power import minimum_detectable_effect, power_two_proportions
from .programme import ProgrammeReport, programme_report
from .stats import Effect, estimate_effect
from .table import format_table

__all__ = [
    "CONTROL",
    "ArmResult",
    "Assignment",
    "AssignmentRecord",
    "Bundle",
    "BundleError",
    "Campaign",
    "Check",
    "Dispatch",
    "Effect",
    "ImpactReport",
    "Licence",
    "LinkedLicence",
    "Problem",
    "ProgrammeReport",
    "Response",
    "Target",
    "assign_arms",
    "assign_bundle_arms",
    "bundle_fingerprint",
    "compute_impact",
    "estimate_effect",
    "format_table",
    "is_letter_arm",
    "link_by_ruc",
    "minimum_detectable_effect",
    "power_two_proportions",
    "programme_report",
    "read_bundle",
    "validate_bundle",
]
