"""Arms are assigned with a recorded seed, stratified by department and size, reproducibly."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from ipenforce.campaigns.analytics import Campaign, Target, assign_arms, assign_bundle_arms
from ipenforce.campaigns.analytics.assignment import METHOD, stratum_key

DEPARTMENTS = ("LIMA", "AREQUIPA", "CUSCO", "PIURA", "LORETO")
SIZES = ("micro", "pequeña", "mediana")


def firms(n: int, seed: int = 0) -> list[Target]:
    rng = random.Random(seed)
    return [
        Target(
            target_id=f"T{i:05d}",
            name=f"EMPRESA {i} S.A.C.",
            department=rng.choice(DEPARTMENTS),
            size=rng.choices(SIZES, (6, 3, 1))[0],
        )
        for i in range(n)
    ]


def test_it_gives_the_same_assignment_for_the_same_seed_in_any_input_order() -> None:
    targets = firms(2000)
    shuffled = targets[:]
    random.Random(99).shuffle(shuffled)
    first = assign_arms(targets, seed=12345)
    again = assign_arms(shuffled, seed=12345)
    assert dict(first.arms) == dict(again.arms)
    assert first.record == again.record


def test_it_changes_with_the_seed() -> None:
    targets = firms(500)
    one, two = assign_arms(targets, seed=1), assign_arms(targets, seed=2)
    assert sum(one.arms[t] != two.arms[t] for t in one.arms) > 100
    assert one.record.arm_counts == two.record.arm_counts


def test_it_puts_the_control_share_in_control_overall_and_in_every_stratum() -> None:
    targets = firms(3001)
    assignment = assign_arms(targets, seed=7, control_share=0.2)
    assert abs(assignment.record.arm_counts["control"] - 0.2 * 3001) <= 1
    assert sum(assignment.record.arm_counts.values()) == 3001
    assert len(assignment.record.strata) == len(DEPARTMENTS) * len(SIZES)
    for stratum in assignment.record.strata:
        assert abs(stratum.arms["control"] - 0.2 * stratum.targets) < 2
        assert abs(stratum.arms["letter"] - 0.8 * stratum.targets) < 2


def test_it_supports_several_letter_arms_in_equal_shares() -> None:
    targets = firms(1200)
    arms = ("letter_deterrence", "letter_information", "letter_social_norm")
    assignment = assign_arms(targets, seed=3, letter_arms=arms, control_share=0.25)
    counts = Counter(assignment.arms.values())
    assert counts == {"control": 300, **{arm: 300 for arm in arms}}
    by_stratum: dict[tuple[str, str], Counter[str]] = {}
    for target in targets:
        by_stratum.setdefault(stratum_key(target), Counter())[
            assignment.arms[target.target_id]
        ] += 1
    for tally in by_stratum.values():
        n = sum(tally.values())
        assert all(abs(tally[arm] - n / 4) < 2 for arm in (*arms, "control"))


def test_it_records_seed_method_and_strata_and_fills_the_targets_arms() -> None:
    targets = firms(50)
    assignment = assign_arms(targets, seed=2024)
    record = assignment.record.to_dict()
    assert record["seed"] == 2024 and record["method"] == METHOD
    assert record["control_share"] == 0.2 and record["letter_arms"] == ["letter"]
    assert sum(s["targets"] for s in record["strata"]) == 50
    assert {t.arm for t in assignment.apply(targets)} == {"control", "letter"}


def test_it_uses_the_campaigns_seed_and_arms_and_draws_a_seed_when_there_is_none() -> None:
    from datetime import date

    campaign = Campaign("c", date(2024, 1, 1), 30, 8, 500, assignment_seed=77,
                        letter_arms=("letter_a", "letter_b"), control_share=0.1)  # fmt: skip
    targets = firms(100)
    assignment = assign_bundle_arms(targets, campaign)
    assert assignment.record.seed == 77 and set(assignment.arms.values()) == {
        "control",
        "letter_a",
        "letter_b",
    }
    drawn = assign_bundle_arms(targets, replace_seed(campaign))
    assert assign_arms(targets, drawn.record.seed, letter_arms=("letter_a", "letter_b"),
                       control_share=0.1).arms == drawn.arms  # fmt: skip


def replace_seed(campaign: Campaign) -> Campaign:
    from dataclasses import replace

    return replace(campaign, assignment_seed=None)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"letter_arms": ("deterrence",)}, "letter or letter_<wording>"),
        ({"control_share": 1.0}, "control_share"),
        ({"letter_arms": ()}, "at least one letter arm"),
    ],
)
def test_it_refuses_unusable_settings(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        assign_arms(firms(10), 1, **kwargs)  # type: ignore[arg-type]


def test_it_refuses_duplicate_target_ids() -> None:
    twice = [*firms(3), firms(3)[0]]
    with pytest.raises(ValueError, match="unique"):
        assign_arms(twice, 1)
