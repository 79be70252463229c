"""Assigning targets to arms when the bundle has no `arm` column: seeded, stratified, reproducible.

Method (`METHOD`, recorded with every assignment):

1. Strata are (department, size), compared after trimming and upper-casing, taken in sorted order.
2. Inside a stratum the targets are sorted by `target_id` and shuffled with a generator seeded from
   SHA-256(seed, department, size). The input order of the targets therefore never matters.
3. The targets, stratum after stratum, are dealt arms in the order of a smooth weighted round-robin
   over the arm shares (control share, then the letter arms sharing the rest equally). At every
   point of that sequence each arm's count is within one firm of its share, so the whole campaign
   gets its shares exactly (to one firm) and every stratum to within about one firm per arm.

The same seed, arms, shares and targets (in any order) always give the same assignment.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .model import CONTROL, Campaign, Target, is_letter_arm

METHOD = "stratified(department,size)+sha256-seeded-shuffle+smooth-weighted-round-robin/v1"
DEFAULT_CONTROL_SHARE = 0.20


@dataclass(frozen=True, slots=True)
class StratumCount:
    department: str
    size: str
    targets: int
    arms: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class AssignmentRecord:
    """What is needed to reproduce (and audit) an assignment."""

    seed: int
    method: str
    control_share: float
    letter_arms: tuple[str, ...]
    arm_counts: Mapping[str, int]
    strata: tuple[StratumCount, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "method": self.method,
            "control_share": self.control_share,
            "letter_arms": list(self.letter_arms),
            "arm_counts": dict(self.arm_counts),
            "strata": [
                {
                    "department": s.department,
                    "size": s.size,
                    "targets": s.targets,
                    "arms": dict(s.arms),
                }
                for s in self.strata
            ],
        }


@dataclass(frozen=True, slots=True)
class Assignment:
    arms: Mapping[str, str]
    """target_id -> arm name."""
    record: AssignmentRecord

    def apply(self, targets: Iterable[Target]) -> list[Target]:
        """The targets with their `arm` filled in from this assignment."""
        return [replace(t, arm=self.arms[t.target_id]) for t in targets]


def stratum_key(target: Target) -> tuple[str, str]:
    return (target.department.strip().upper(), target.size.strip().upper())


def assign_arms(
    targets: Sequence[Target],
    seed: int,
    *,
    letter_arms: Sequence[str] = ("letter",),
    control_share: float = DEFAULT_CONTROL_SHARE,
) -> Assignment:
    """Assign every target to `control` or one of `letter_arms` (see the module docstring)."""
    if not letter_arms:
        raise ValueError("at least one letter arm is needed")
    for arm in letter_arms:
        if not is_letter_arm(arm):
            raise ValueError(f"letter arms are named letter or letter_<wording>, not {arm!r}")
    if len(set(letter_arms)) != len(letter_arms):
        raise ValueError("letter arm names must differ")
    if not 0 <= control_share < 1:
        raise ValueError("control_share must lie in [0, 1)")
    ids = [t.target_id for t in targets]
    if len(set(ids)) != len(ids):
        raise ValueError("target_id values must be unique")

    shares: list[tuple[str, float]] = []
    if control_share > 0:
        shares.append((CONTROL, control_share))
    shares += [(arm, (1 - control_share) / len(letter_arms)) for arm in letter_arms]
    dealer = _RoundRobin(shares)

    strata: dict[tuple[str, str], list[str]] = {}
    for target in targets:
        strata.setdefault(stratum_key(target), []).append(target.target_id)

    arms: dict[str, str] = {}
    counts: list[StratumCount] = []
    for key in sorted(strata):
        members = sorted(strata[key])
        _stratum_rng(seed, key).shuffle(members)
        tally: Counter[str] = Counter()
        for target_id in members:
            arm = dealer.next()
            arms[target_id] = arm
            tally[arm] += 1
        counts.append(StratumCount(key[0], key[1], len(members), {a: tally[a] for a, _ in shares}))
    totals = Counter(arms.values())
    record = AssignmentRecord(
        seed=seed,
        method=METHOD,
        control_share=control_share,
        letter_arms=tuple(letter_arms),
        arm_counts={a: totals[a] for a, _ in shares},
        strata=tuple(counts),
    )
    return Assignment(arms=arms, record=record)


def assign_bundle_arms(
    targets: Sequence[Target], campaign: Campaign, seed: int | None = None
) -> Assignment:
    """Assign arms as campaign.json asks (`letter_arms`, `control_share`, `assignment_seed`).

    Without a seed in campaign.json or as argument a fresh one is drawn; it is in the returned
    record, which the caller stores so the assignment can be reproduced.
    """
    chosen = seed if seed is not None else campaign.assignment_seed
    if chosen is None:
        chosen = secrets.randbelow(2**63)
    return assign_arms(
        targets, chosen, letter_arms=campaign.letter_arms, control_share=campaign.control_share
    )


def _stratum_rng(seed: int, key: tuple[str, str]) -> random.Random:
    material = f"{seed}\x1f{key[0]}\x1f{key[1]}".encode()
    return random.Random(int.from_bytes(hashlib.sha256(material).digest()[:8], "big"))


class _RoundRobin:
    """Smooth weighted round-robin: each step, every arm earns its share; the richest arm is dealt
    and pays 1. Prefix counts stay within one of share x steps."""

    def __init__(self, shares: Sequence[tuple[str, float]]) -> None:
        self._arms = [a for a, _ in shares]
        self._weights = [w for _, w in shares]
        self._credit = [0.0] * len(shares)

    def next(self) -> str:
        for i, weight in enumerate(self._weights):
            self._credit[i] += weight
        best = max(range(len(self._credit)), key=lambda i: (self._credit[i], -i))
        self._credit[best] -= 1.0
        return self._arms[best]
