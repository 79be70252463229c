from itertools import combinations

from hypothesis import given
from hypothesis import strategies as st

from ipenforce.matching.evaluate import pairwise_scores


def test_it_scores_a_perfect_clustering_as_one() -> None:
    s = pairwise_scores({"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "x", "c": "y"})
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)


def test_it_counts_pairs_from_contingency_counts() -> None:
    # predicted {a,b,c} {d}; truth {a,b} {c,d}: 3 predicted pairs, 1 right; 2 true pairs.
    s = pairwise_scores({"a": 1, "b": 1, "c": 1, "d": 2}, {"a": 1, "b": 1, "c": 2, "d": 2})
    assert (s.true_positive_pairs, s.predicted_pairs, s.true_pairs) == (1, 3, 2)
    assert s.precision == 1 / 3 and s.recall == 1 / 2
    assert abs(s.f1 - 0.4) < 1e-12


@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=1, max_size=25))
def test_it_agrees_with_counting_every_pair(labels: list[tuple[int, int]]) -> None:
    pred = {str(i): p for i, (p, _) in enumerate(labels)}
    true = {str(i): t for i, (_, t) in enumerate(labels)}
    pairs = list(combinations(pred, 2))
    tp = sum(pred[a] == pred[b] and true[a] == true[b] for a, b in pairs)
    pp = sum(pred[a] == pred[b] for a, b in pairs)
    tt = sum(true[a] == true[b] for a, b in pairs)
    s = pairwise_scores(pred, true)
    assert (s.true_positive_pairs, s.predicted_pairs, s.true_pairs) == (tp, pp, tt)
