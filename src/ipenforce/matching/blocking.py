"""Candidate pairs: records that share at least one blocking key.

Splink's blocking rules are equi-joins on one expression each; a firm copied with a typo in the
first letters of its name, no RUC and no district shares none of the usual ones with its
original. So each record gets several keys and any shared key makes a candidate pair:

- ``R`` the valid RUC;
- ``N`` the name's words in alphabetical order (word order and filler words do not matter);
- ``D`` the name, and the name with one word left out, each with the district or the street
  number: one word changed, added or left out (a typo in it, "... HERMANOS") in one place;
- ``P`` / ``S`` the first / last 8 letters of the name (a typo at the other end);
- ``A`` street number and the first letters of the street name, or the district;
- one typo anywhere in the name, whatever the place: names (spaces removed) one edit apart
  (``neighbours``; found with SymSpell's deletion keys). A copy of a two-word name with a typo
  in its distinctive word and no address or district meets its original only this way: its
  other word ("INVERSIONES") is shared by thousands of firms. Two names are not paired when
  their records would make more pairs than a block of ``max_block_size`` (a misspelt copy
  still meets the 25 records of a popular name).

Blocks larger than ``max_block_size`` are dropped (a popular name), but name keys are also
emitted with the district appended, so a popular name still meets its copies in its district.
"""

from __future__ import annotations

import duckdb
import polars as pl

from ipenforce.matching.neighbours import name_ids, one_edit_pairs

_TOKENS = pl.col("name_sorted").str.split(" ")


def _keys(df: pl.DataFrame) -> pl.DataFrame:
    """One row per (idx, key)."""
    base = df.select(
        "idx",
        "name_sorted",
        "name_core",
        "ruc_valid",
        "district_norm",
        "addr_number",
        "addr_street",
    )
    nospace = pl.col("name_core").str.replace_all(" ", "")
    district = pl.col("district_norm")
    simple = base.select(
        "idx",
        pl.concat_list(
            [
                pl.lit("R:") + pl.col("ruc_valid"),
                pl.lit("N:") + pl.col("name_sorted"),
                # "D:" like the drop-one-word keys: a name meets itself with one word more.
                pl.lit("D:") + pl.col("name_sorted") + "|" + district,
                pl.lit("D:") + pl.col("name_sorted") + "#" + pl.col("addr_number"),
                pl.when(nospace.str.len_chars() >= 10).then(pl.lit("P:") + nospace.str.head(8)),
                pl.when(nospace.str.len_chars() >= 10).then(pl.lit("S:") + nospace.str.tail(8)),
                pl.lit("P:") + nospace.str.head(8) + "|" + district,
                pl.lit("S:") + nospace.str.tail(8) + "|" + district,
                pl.lit("A:")
                + pl.col("addr_number")
                + "|"
                + pl.col("addr_street").str.replace(r"^\S+ ", "").str.head(5),
                pl.lit("A:") + pl.col("addr_number") + "|" + district,
            ]
        ).alias("key"),
    ).explode("key")

    # Drop-one-word keys.
    toks = base.select("idx", "district_norm", "addr_number", _TOKENS.alias("tok")).filter(
        pl.col("tok").list.len() >= 2
    )
    toks = toks.with_columns(pl.col("tok").list.len().alias("ntok"))
    dropped = (
        toks.with_columns(pl.int_ranges(0, pl.col("ntok")).alias("drop"))
        .explode("drop")
        .with_columns(
            pl.col("tok")
            .list.gather(
                pl.int_ranges(0, pl.col("ntok")).list.set_difference(pl.concat_list("drop"))
            )
            .list.sort()
            .list.join(" ")
            .alias("rest")
        )
    )
    with_place = [
        pl.lit("D:") + pl.col("rest") + "|" + pl.col("district_norm"),
        pl.lit("D:") + pl.col("rest") + "#" + pl.col("addr_number"),
    ]
    many = dropped.filter(pl.col("ntok") >= 3).select(
        "idx", pl.concat_list(with_place).alias("key")
    )
    two = dropped.filter(pl.col("ntok") == 2).select("idx", pl.concat_list(with_place).alias("key"))
    many, two = many.explode("key"), two.explode("key")
    keys = pl.concat([simple, many, two]).drop_nulls("key")
    return keys.with_columns(pl.col("idx").cast(pl.UInt32))


def candidate_pairs(
    df: pl.DataFrame, max_block_size: int, side: pl.Series | None = None
) -> pl.DataFrame:
    """Unique pairs ``(idx_l, idx_r)`` with ``idx_l < idx_r`` sharing a blocking key.

    With ``side`` (0 = known firm, 1 = new record, aligned with ``df``), only pairs with at
    least one new record are returned: known firms are not compared among themselves.
    The join runs in DuckDB (multi-threaded, about three times faster than Polars here)."""
    keys = _keys(df)
    if side is None:
        keys = keys.with_columns(pl.lit(1, dtype=pl.Int8).alias("side"))
    else:
        sides = pl.DataFrame({"idx": df["idx"].cast(pl.UInt32), "side": side.cast(pl.Int8)})
        keys = keys.join(sides, on="idx")
    linking = side is not None
    con = duckdb.connect()
    con.register("keys", keys.to_arrow())
    nid, distinct = name_ids(df)
    edges = one_edit_pairs(distinct)
    small = distinct.select("nid", "n")
    edges = (
        edges.join(small.rename({"nid": "nid_a", "n": "n_a"}), on="nid_a")
        .join(small.rename({"nid": "nid_b", "n": "n_b"}), on="nid_b")
        .filter(pl.col("n_a") * pl.col("n_b") <= max_block_size * (max_block_size - 1) // 2)
        .select("nid_a", "nid_b")
    )
    named = pl.DataFrame(
        {
            "idx": df["idx"].cast(pl.UInt32),
            "nid": nid,
            "side": pl.Series([1] * df.height, dtype=pl.Int8) if side is None else side,
        }
    ).drop_nulls("nid")
    con.register("edges", edges.to_arrow())
    con.register("named", named.cast({"side": pl.Int8}).to_arrow())
    wanted = f"b_side = 1 AND ({'a_side = 0 OR ' if linking else ''}a_idx < b_idx)"
    # Only an integer and constants are interpolated.
    sql = f"""
        WITH blocks AS (
            SELECT key FROM keys GROUP BY key
            HAVING count(*) BETWEEN 2 AND {int(max_block_size)} AND max(side) = 1
        ),
        kept AS (SELECT * FROM keys SEMI JOIN blocks USING (key)),
        key_pairs AS (
            SELECT a.idx AS a_idx, b.idx AS b_idx, a.side AS a_side, b.side AS b_side
            FROM kept a JOIN kept b ON a.key = b.key AND a.idx <> b.idx
        ),
        del_pairs AS (
            SELECT ra.idx AS a_idx, rb.idx AS b_idx, ra.side AS a_side, rb.side AS b_side
            FROM edges e JOIN named ra ON ra.nid = e.nid_a JOIN named rb ON rb.nid = e.nid_b
        ),
        both_ways AS (
            SELECT * FROM key_pairs
            UNION ALL SELECT * FROM del_pairs
            UNION ALL SELECT b_idx, a_idx, b_side, a_side FROM del_pairs
        )
        SELECT DISTINCT least(a_idx, b_idx) AS idx_l, greatest(a_idx, b_idx) AS idx_r
        FROM both_ways WHERE {wanted}
    """  # noqa: S608
    out = pl.from_arrow(con.sql(sql).to_arrow_table())
    assert isinstance(out, pl.DataFrame)
    return out
