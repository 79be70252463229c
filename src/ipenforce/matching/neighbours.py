"""Names one edit apart: found with deletion keys, used for blocking and for the typo level's u.

Two names (spaces removed) are within one edit (a letter substituted, inserted or left out, or
two neighbours swapped) exactly when they share a *deletion key*: the name itself or the name
with one letter left out (the "symmetric delete" of SymSpell). Keys are made once per distinct
name; pairs of names sharing a key are then checked with the real distance (two deletions at
different places can also meet).

The graph of names one edit apart serves twice:

- ``blocking``: a copy with a typo in the distinctive word of a two-word name and no address or
  district meets its original only this way (its other word, "INVERSIONES", is shared by
  thousands of firms);
- ``predict``: the u of the level "one typo" is the share of firms bearing the name *or a name
  one edit away*. "AGROINDUSTRIAS CB" has dozens of firms one letter away (CE, CY, AB ...), so a
  one-letter difference is weak evidence; "MULTISERVICIOS APAZA FERNANDEZ" has none.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from rapidfuzz import process
from rapidfuzz.distance import OSA

#: Names (spaces removed) shorter than this get no deletion keys: one edit apart, short names
#: are as often two firms as one.
MIN_LENGTH = 8

#: Column of ``records`` whose spaces-removed value is compared (the core name).
NAME_COLUMN = "name_core"


def name_key() -> pl.Expr:
    """The compared form of a record's name: its core name with the spaces removed."""
    return pl.col(NAME_COLUMN).str.replace_all(" ", "")


def name_ids(records: pl.DataFrame) -> tuple[pl.Series, pl.DataFrame]:
    """Per record the id of its spaces-removed core name (null when it has none), and the
    distinct names: ``nid``, ``name``, ``n`` (records bearing it)."""
    key = records.select(name_key().alias("name"))
    distinct = (
        key.drop_nulls()
        .group_by("name")
        .agg(pl.len().cast(pl.UInt32).alias("n"))
        .sort("name")
        .with_row_index("nid")
    )
    nid = key.join(distinct.select("name", "nid"), on="name", how="left", maintain_order="left")
    return nid["nid"], distinct


def one_edit_pairs(distinct: pl.DataFrame) -> pl.DataFrame:
    """Pairs ``nid_a < nid_b`` of distinct names (``name_ids``) within one edit of each other
    (optimal string alignment distance 1), both at least ``MIN_LENGTH`` letters long."""
    names = distinct.filter(pl.col("name").str.len_chars() >= MIN_LENGTH).select("nid", "name")
    length = pl.col("name").str.len_chars()
    keys = (
        names.lazy()
        .with_columns(pl.int_ranges(-1, length).alias("pos"))
        .explode("pos")
        .select(
            "nid",
            pl.when(pl.col("pos") < 0)
            .then(pl.col("name"))
            .otherwise(
                pl.col("name").str.slice(0, pl.col("pos"))
                + pl.col("name").str.slice(pl.col("pos") + 1)
            )
            .alias("key"),
        )
        .unique()
    )
    shared = (
        keys.join(keys, on="key", suffix="_b")
        .filter(pl.col("nid") < pl.col("nid_b"))
        .select(pl.col("nid").alias("nid_a"), "nid_b")
        .unique()
        .collect()
    )
    if shared.is_empty():
        return shared
    values = distinct["name"]
    left = values.gather(shared["nid_a"]).to_list()
    right = values.gather(shared["nid_b"]).to_list()
    dist = np.asarray(process.cpdist(left, right, scorer=OSA.distance, workers=-1))
    return shared.filter(pl.Series(dist <= 1))
