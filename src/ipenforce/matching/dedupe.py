"""De-duplication of one list: records in, cluster ids out."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import numpy as np
import numpy.typing as npt
import polars as pl

from ipenforce.matching.blocking import candidate_pairs
from ipenforce.matching.cluster import cluster
from ipenforce.matching.predict import Model, predict, prior_weight
from ipenforce.matching.records import prepare, to_frame
from ipenforce.matching.settings import MatchSettings

#: Called with the name of each phase as it starts: prepare, block, score, cluster.
Progress = Callable[[str], None]


def score(
    records: pl.DataFrame | Iterable[Mapping[str, object]],
    *,
    model: Model | None = None,
    settings: MatchSettings | None = None,
    progress: Progress | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The prepared records and their scored candidate pairs (what clustering works on)."""
    model = model or Model.load()
    settings = settings or MatchSettings.load()
    step = progress or (lambda _phase: None)
    df = records if isinstance(records, pl.DataFrame) else to_frame(records)
    step("prepare")
    prepared = prepare(df)
    step("block")
    pairs = candidate_pairs(prepared, settings.max_block_size)
    step("score")
    prior = prior_weight(settings.matches_per_record, prepared.height)
    return prepared, predict(model, prepared, pairs, prior)


def labels(prepared: pl.DataFrame, scored: pl.DataFrame, threshold: float) -> npt.NDArray[np.int64]:
    """A cluster label per prepared record, joining pairs of probability ≥ ``threshold``."""
    return cluster(
        prepared.height,
        scored,
        threshold,
        prepared["ruc_valid"].to_list(),
        prepared["department_norm"].to_list(),
    )


def dedupe(
    records: pl.DataFrame | Iterable[Mapping[str, object]],
    *,
    model: Model | None = None,
    settings: MatchSettings | None = None,
    progress: Progress | None = None,
) -> pl.DataFrame:
    """Cluster the records of one list into firms.

    ``records`` has ``record_id`` and ``name`` and optionally ``ruc``, ``address``,
    ``district``, ``department``. Returns ``record_id, cluster_id`` in input order; records of
    one firm share a cluster_id (an opaque string)."""
    settings = settings or MatchSettings.load()
    prepared, scored = score(records, model=model, settings=settings, progress=progress)
    (progress or (lambda _phase: None))("cluster")
    found = labels(prepared, scored, settings.cluster_threshold)
    return pl.DataFrame(
        {
            "record_id": prepared["record_id"],
            "cluster_id": pl.Series(found)
            .cast(pl.String)
            .map_elements(lambda s: f"C{int(s) + 1}", return_dtype=pl.String),
        }
    )
