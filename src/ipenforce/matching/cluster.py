"""Clustering scored pairs into firms.

Pairs at or above the threshold are joined strongest first (union-find), except that two groups
holding different valid RUCs, or different departments, are never joined: a RUC with a good check
digit identifies one taxpayer, and a firm's records name one department. Without this, a record
with a name only (no RUC, address or district) would chain two namesakes into one firm.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl


def cluster(
    n_records: int,
    scored: pl.DataFrame,
    threshold: float,
    rucs: list[str | None] | None = None,
    departments: list[str | None] | None = None,
) -> npt.NDArray[np.int64]:
    """Cluster label (the smallest member index) for each of ``n_records`` records.

    ``scored`` has ``idx_l``, ``idx_r``, ``match_probability``; ``rucs[i]`` is record i's valid
    RUC or None, ``departments[i]`` its normalised department or None."""
    edges = scored.filter(pl.col("match_probability") >= threshold).sort(
        "match_probability", descending=True
    )
    parent = np.arange(n_records, dtype=np.int64)
    # The identifiers (valid RUC, department) held by each root; only roots are kept up to date.
    held: dict[int, set[str]] = {}
    for prefix, values in (("R", rucs), ("D", departments)):
        for i, v in enumerate(values or []):
            if v:
                held.setdefault(i, set()).add(prefix + v)

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = int(parent[root])
        while parent[x] != root:
            parent[x], x = root, int(parent[x])
        return root

    for a, b in zip(edges["idx_l"].to_list(), edges["idx_r"].to_list(), strict=True):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        ha, hb = held.get(ra), held.get(rb)
        if ha and hb and _conflict(ha, hb):
            continue  # different taxpayers or places
        if rb < ra:
            ra, rb = rb, ra
        parent[rb] = ra
        if hb:
            held[ra] = (ha or set()) | hb
            held.pop(rb, None)
    return np.array([find(i) for i in range(n_records)], dtype=np.int64)


def _conflict(a: set[str], b: set[str]) -> bool:
    """Two groups conflict when they hold different values of one kind (R: RUC, D: department)."""
    for kind in ("R", "D"):
        va = {x for x in a if x[0] == kind}
        vb = {x for x in b if x[0] == kind}
        if va and vb and va != vb:
            return True
    return False
