"""Clustering scored pairs into firms.

Pairs at or above the threshold are joined strongest first (union-find), except that two groups
holding different valid RUCs are never joined: a RUC with a good check digit identifies one
taxpayer, so such a pair is two firms however alike their names (branches, namesakes).
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
) -> npt.NDArray[np.int64]:
    """Cluster label (the smallest member index) for each of ``n_records`` records.

    ``scored`` has ``idx_l``, ``idx_r``, ``match_probability``; ``rucs[i]`` is record i's valid
    RUC or None."""
    edges = scored.filter(pl.col("match_probability") >= threshold).sort(
        "match_probability", descending=True
    )
    parent = np.arange(n_records, dtype=np.int64)
    # The valid RUCs held by each root (only roots are kept up to date).
    held: dict[int, set[str]] = {}
    if rucs is not None:
        held = {i: {r} for i, r in enumerate(rucs) if r}

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
        if ha and hb and ha != hb:
            continue  # different taxpayers
        if rb < ra:
            ra, rb = rb, ra
        parent[rb] = ra
        if hb:
            held[ra] = (ha or set()) | hb
            held.pop(rb, None)
    return np.array([find(i) for i in range(n_records)], dtype=np.int64)
