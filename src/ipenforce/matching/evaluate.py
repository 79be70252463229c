"""Pairwise precision, recall and F1 of a clustering against the truth.

Over all pairs of records placed in one cluster: a predicted pair is right when both records
belong to one true firm. Computed from contingency counts (cluster x entity), never pair by pair:
pairs in a group of size k = k(k-1)/2.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class PairwiseScore:
    precision: float
    recall: float
    f1: float
    true_positive_pairs: int
    predicted_pairs: int
    true_pairs: int


def _pairs(count: int) -> int:
    return count * (count - 1) // 2


def pairwise_scores(
    predicted: Mapping[str, Hashable], truth: Mapping[str, Hashable]
) -> PairwiseScore:
    """``predicted`` and ``truth`` map record_id -> cluster / entity; records in only one of
    them are ignored."""
    common = predicted.keys() & truth.keys()
    both = Counter((predicted[r], truth[r]) for r in common)
    pred = Counter(predicted[r] for r in common)
    true = Counter(truth[r] for r in common)
    tp = sum(_pairs(c) for c in both.values())
    pp = sum(_pairs(c) for c in pred.values())
    tt = sum(_pairs(c) for c in true.values())
    precision = tp / pp if pp else 1.0
    recall = tp / tt if tt else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairwiseScore(precision, recall, f1, tp, pp, tt)
