"""Names one edit apart: blocking without place, and the u of "one typo" from their density."""

import polars as pl
import pytest

from ipenforce.matching.blocking import candidate_pairs
from ipenforce.matching.neighbours import name_ids, one_edit_pairs
from ipenforce.matching.predict import TF_PSEUDO_FIRMS, Model, near_name_frequencies, predict
from ipenforce.matching.records import prepare, to_frame

MODEL = Model.load()


def _frame(rows: list[dict[str, str]]) -> pl.DataFrame:
    return prepare(to_frame([{"record_id": str(i), **r} for i, r in enumerate(rows)]))


def _one_edit(names: list[str]) -> set[tuple[str, str]]:
    _, distinct = name_ids(pl.DataFrame({"name_core": names}))
    pairs = one_edit_pairs(distinct)
    value = distinct["name"]
    return {(min(value[a], value[b]), max(value[a], value[b])) for a, b in pairs.iter_rows()}


def test_names_one_edit_apart_are_paired_and_two_edits_are_not() -> None:
    found = _one_edit(
        [
            "INSTITUTO CORDOVA",
            "INSTITUTO ORDOVA",  # a letter left out
            "INSTITUTO CORDOBA",  # a letter changed
            "INSTITUTO CORDVOA",  # two neighbours swapped
            "INSTITUTOCORDOVA X",  # a letter added (spaces do not count)
            "INSTITUTO CXRDOVA",  # two edits from INSTITUTO CORDVOA
            "GRUPO ABC",  # too short to be paired
            "GRUPO ABD",
        ]
    )
    assert ("INSTITUTOCORDOVA", "INSTITUTOORDOVA") in found
    assert ("INSTITUTOCORDOBA", "INSTITUTOCORDOVA") in found
    assert ("INSTITUTOCORDOVA", "INSTITUTOCORDVOA") in found
    assert ("INSTITUTOCORDOVA", "INSTITUTOCORDOVAX") in found
    assert ("INSTITUTOCORDVOA", "INSTITUTOCXRDOVA") not in found
    # AXBC / ABYC share the deletion key ABC but are two edits apart.
    assert _one_edit(["GRUPOAXBCDE", "GRUPOABYCDE"]) == set()
    assert all("GRUPOAB" not in pair for pair in found)


def test_a_typo_in_the_distinctive_word_without_place_is_a_candidate() -> None:
    rows = [
        {"name": "INSTITUTO CORDOVA", "address": "PROL LOS ALAMOS 1155", "district": "SACHACA"},
        {"name": "instituto ordova", "ruc": "20559146499"},
    ]
    # Forty other institutes: the first and last letters of the name are popular blocks.
    rows += [{"name": f"INSTITUTO {w}ORDOV{w}"} for w in "ABDEFGHIJKLMNOPQRSTUVWXYZ"]
    rows += [{"name": f"INSTITUTO CORD{w}"} for w in "ABDEFGHIJKLMNOPQRSTUVWXYZ"]
    pairs = candidate_pairs(_frame(rows), max_block_size=30)
    assert (0, 1) in set(pairs.select("idx_l", "idx_r").iter_rows())


def test_a_typo_weighs_less_where_names_one_letter_apart_are_common() -> None:
    rows = [
        {"name": "AGROINDUSTRIAS CB", "district": "ATE"},
        {"name": "AGROINDUSTRIAS CY SA", "district": "ATE"},
        {"name": "MULTISERVICIOS APAZA FERNANDEZ", "district": "COMAS"},
        {"name": "MULTISERVICIOS APAZA FERNANDES", "district": "COMAS"},
    ]
    # Other firms one letter away from AGROINDUSTRIAS CB, each in its own district.
    districts = ["LINCE", "SURCO", "COMAS", "LIMA", "BREÑA", "RIMAC", "ANCON", "LURIN"]
    rows += [
        {"name": f"AGROINDUSTRIAS C{w}", "district": d}
        for w, d in zip("DEFGHIJK", districts, strict=True)
    ]
    df = _frame(rows)
    near = near_name_frequencies(df).to_list()
    n = df.height
    # Around CB: nine districts (CY shares ATE), so nine firms; around APAZA FERNANDEZ one firm
    # (its misspelt copy is in the same district).
    assert near[0] == pytest.approx((9 - 1 + TF_PSEUDO_FIRMS) / n)
    assert near[2] == near[3] == pytest.approx(TF_PSEUDO_FIRMS / n)
    pairs = pl.DataFrame(
        {"idx_l": [0, 2], "idx_r": [1, 3]}, schema={"idx_l": pl.UInt32, "idx_r": pl.UInt32}
    )
    scored = predict(MODEL, df, pairs, prior=-10.0)
    assert scored["gamma_name"].to_list() == [4, 4]  # both "one typo"
    dense, sparse = scored["bf_name"].to_list()
    assert sparse - dense > 4  # log2((8 + pseudo) / pseudo) bits apart
