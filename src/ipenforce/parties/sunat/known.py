"""What the mirror already holds: each taxpayer's RUC and row hash, to skip unchanged rows.

A re-import of the padrón sends to the database only the rows that are new or whose hash
differs from the mirror's; the unchanged ones (usually all but a few percent) never leave the
client. Sixteen bytes per taxpayer (RUC and hash as 64-bit integers, sorted by RUC): 32 MB
for two million taxpayers, 320 MB for twenty million; it grows with the mirror, not with the
file being read.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import polars as pl


class KnownRows:
    """RUCs (as integers, sorted) and their row hashes."""

    def __init__(self, rucs: np.ndarray, hashes: np.ndarray) -> None:
        order = np.argsort(rucs)
        self.rucs = rucs.astype(np.int64, copy=False)[order]
        del rucs
        self.hashes = hashes.astype(np.int64, copy=False)[order]

    @classmethod
    def empty(cls) -> KnownRows:
        return cls(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))

    @classmethod
    def from_pairs(cls, parts: Iterable[np.ndarray]) -> KnownRows:
        """From arrays of shape (n, 2): RUC, hash (rows with a NULL hash left out).

        Each part is copied into two flat arrays and let go, so that at most 32 bytes per
        taxpayer are held at once (while sorting), 16 afterwards.
        """
        arrays = [part for part in parts if len(part)]
        total = sum(len(part) for part in arrays)
        rucs = np.empty(total, dtype=np.int64)
        hashes = np.empty(total, dtype=np.int64)
        at = 0
        while arrays:
            part = arrays.pop(0)
            rucs[at : at + len(part)] = part[:, 0]
            hashes[at : at + len(part)] = part[:, 1]
            at += len(part)
            del part
        return cls(rucs, hashes)

    def __len__(self) -> int:
        return len(self.rucs)

    def unchanged(self, frame: pl.DataFrame) -> np.ndarray:
        """For each row of `frame` (ruc, row_hash): is it in the mirror with the same hash?"""
        if not len(self.rucs) or frame.height == 0:
            return np.zeros(frame.height, dtype=bool)
        rucs = frame.get_column("ruc").cast(pl.Int64).to_numpy()
        hashes = frame.get_column("row_hash").to_numpy()
        at = np.minimum(np.searchsorted(self.rucs, rucs), len(self.rucs) - 1)
        return (self.rucs[at] == rucs) & (self.hashes[at] == hashes)

    def changed(self, frame: pl.DataFrame) -> pl.DataFrame:
        """The rows of `frame` that are new or whose hash differs from the mirror's."""
        if not len(self.rucs):
            return frame
        return frame.filter(pl.Series(~self.unchanged(frame)))
