"""Term-frequency adjustment of the name: a name borne by many firms is weaker evidence."""

import polars as pl

from ipenforce.matching.predict import TF_PSEUDO_FIRMS, Model, name_frequencies, predict
from ipenforce.matching.records import prepare, to_frame

MODEL = Model.load()


def _frame(rows: list[dict[str, str]]) -> pl.DataFrame:
    return prepare(to_frame([{"record_id": str(i), **r} for i, r in enumerate(rows)]))


def test_copies_of_one_firm_do_not_make_its_name_common() -> None:
    df = _frame(
        [
            {"name": "TEXTIL QUISPE SAC", "district": "LINCE", "ruc": "20100070970"},
            {"name": "Textil Quispe S.A.C.", "district": "LINCE"},
            {"name": "TEXTIL QUISPE", "district": "COMAS"},
            {"name": "GRUPO ABC", "district": "ATE"},
        ]
    )
    freq = name_frequencies(df, "name_sorted").to_list()
    # Two firms (LINCE, COMAS) bear TEXTIL QUISPE: 2 - 1 + pseudo other firms among 4 records.
    assert freq[0] == freq[1] == freq[2] == (1 + TF_PSEUDO_FIRMS) / 4
    assert freq[3] == TF_PSEUDO_FIRMS / 4


def test_two_street_numbers_in_one_district_are_two_firms() -> None:
    df = _frame(
        [
            {"name": "POLLERIA EL SOL", "district": "LINCE", "address": "AV. ARENALES 120"},
            {"name": "Pollería El Sol", "district": "LINCE", "address": "Jr. Pumacahua 55"},
            {"name": "POLLERIA EL SOL", "district": "LINCE"},
            {"name": "GRUPO ABC", "district": "ATE", "address": "AV. X 1"},
        ]
    )
    freq = name_frequencies(df, "name_sorted").to_list()
    # One district, two street numbers: two firms (or one that moved) bear the name.
    assert freq[0] == freq[1] == freq[2] == (1 + TF_PSEUDO_FIRMS) / 4


def test_a_rare_name_weighs_more_than_a_common_one() -> None:
    rows = [{"name": "INVERSIONES SAN MARTIN SAC"}, {"name": "INVERSIONES SAN MARTIN S.A.C."}]
    rows += [
        {"name": "INVERSIONES SAN MARTIN SAC", "district": d} for d in ("ATE", "COMAS", "SURCO")
    ]
    rows += [{"name": "CHAVIN AMAZONICA SAC"}, {"name": "Chavín Amazónica S.A.C."}]
    rows += [{"name": f"OTRA FIRMA {i} SAC"} for i in range(5)]
    df = _frame(rows)
    pairs = pl.DataFrame(
        {"idx_l": [0, 5], "idx_r": [1, 6]}, schema={"idx_l": pl.UInt32, "idx_r": pl.UInt32}
    )
    scored = predict(MODEL, df, pairs, prior=-10.0)
    common, rare = scored["bf_name"].to_list()
    assert scored["gamma_name"].to_list() == [6, 6]  # both exact
    assert rare - common > 2  # log2((2 + pseudo) / pseudo) bits apart
