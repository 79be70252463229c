import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.pe import ruc as stdnum_ruc

from ipenforce.matching.ruc import clean_ruc, is_valid_ruc, valid_ruc, valid_ruc_column


def test_it_accepts_a_ruc_with_a_good_check_digit() -> None:
    assert is_valid_ruc("20100047218")
    assert valid_ruc(" 20100047218 ") == "20100047218"


def test_it_cleans_separators_and_excel_floats() -> None:
    assert clean_ruc("20-10004721-8") == "20100047218"
    assert clean_ruc("'20100047218") == "20100047218"
    assert clean_ruc("20100047218.0") == "20100047218"
    assert clean_ruc("  ") is None


def test_a_bad_check_digit_is_not_evidence() -> None:
    assert valid_ruc("20100047219") is None
    assert valid_ruc("2010004721") is None  # truncated
    assert valid_ruc("30100047218") is None  # unknown prefix


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.from_regex(r"(10|15|17|20|11)[0-9]{9}", fullmatch=True), min_size=1, max_size=30)
)
def test_the_polars_check_agrees_with_stdnum(values: list[str]) -> None:
    got = pl.DataFrame({"r": values}).select(valid_ruc_column(pl.col("r")))["ruc_valid"].to_list()
    assert got == [v if stdnum_ruc.is_valid(v) else None for v in values]
