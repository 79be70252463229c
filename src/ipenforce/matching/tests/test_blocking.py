"""Blocking keys on literal pairs: copies that share no exact name still become candidates."""

from ipenforce.matching.blocking import candidate_pairs
from ipenforce.matching.records import prepare, to_frame


def _candidates(rows: list[dict[str, str]], max_block_size: int = 30) -> set[tuple[int, int]]:
    df = prepare(to_frame([{"record_id": str(i), **r} for i, r in enumerate(rows)]))
    pairs = candidate_pairs(df, max_block_size)
    return set(pairs.select("idx_l", "idx_r").iter_rows())


def test_a_name_meets_itself_with_one_word_more_in_its_district() -> None:
    # LOS is a filler word, LSO is not: the copy has one word more.
    rows = [
        {"name": "HOTEL LOS PINOS S.A.", "district": "JESUS MARIA"},
        {"name": "HOTEL LSO PINOS SA", "district": "Jesús María"},
    ]
    assert (0, 1) in _candidates(rows)


def test_the_same_street_number_in_one_district_is_a_candidate() -> None:
    rows = [
        {"name": "PANIFICADORA CASTRO EIRL", "address": "AV HUMBOLDT 196", "district": "RIMAC"},
        {"name": "Pqnificadora Castreo", "address": "Av Wumboldt # 196", "district": "Rimac"},
    ]
    assert (0, 1) in _candidates(rows)


def test_a_typo_of_a_popular_name_meets_it_within_the_pair_budget() -> None:
    # Twenty-five firms of one name in other districts: too many for a block (5 records) ...
    rows = [{"name": "INVERSIONES Y SERVICIOS LA UNION", "district": f"D{i}"} for i in range(25)]
    rows.append({"name": "INVERSIONES Y SERVICIOS LA UNIOON"})
    found = _candidates(rows, max_block_size=5)
    # ... nor for the pair budget of one block (25 x 1 pairs > 5 * 4 / 2) ...
    assert not any(25 in pair for pair in found)
    # ... but within the budget of a block of 8 (25 x 1 <= 8 * 7 / 2), each copy meets them.
    found = _candidates(rows, max_block_size=8)
    assert {(i, 25) for i in range(25)} <= found
