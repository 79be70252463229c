import polars as pl

from bench.generators.companies import generate
from ipenforce.matching.cluster import cluster
from ipenforce.matching.dedupe import dedupe
from ipenforce.matching.evaluate import pairwise_scores


def test_it_groups_copies_of_one_firm_and_keeps_namesakes_apart() -> None:
    out = dedupe(
        [
            {
                "record_id": "a",
                "name": "INVERSIONES SAN MARTIN S.A.C.",
                "ruc": "20100047218",
                "address": "AV. AREQUIPA 1234",
                "district": "MIRAFLORES",
                "department": "LIMA",
            },
            {
                "record_id": "b",
                "name": "Inversiones San Martín Sociedad Anónima Cerrada",
                "address": "Avenida Arequipa Nro. 1234",
                "district": "Miraflores",
            },
            {"record_id": "c", "name": "NIVERSIONES SAN MARTIN SAC", "ruc": "20100047218"},
            {
                "record_id": "d",
                "name": "INVERSIONES SAN MARTIN S.A.C.",
                "address": "CA. MERCADERES 120",
                "district": "CAYMA",
                "department": "AREQUIPA",
            },
        ]
    )
    ids = dict(zip(out["record_id"], out["cluster_id"], strict=True))
    assert ids["a"] == ids["b"] == ids["c"]
    assert ids["d"] != ids["a"]


def test_it_scores_well_on_a_generated_list() -> None:
    records, truth = generate(3000, seed=5)
    out = dedupe(records)
    assert out.height == 3000 and out["record_id"].n_unique() == 3000
    s = pairwise_scores(dict(zip(out["record_id"], out["cluster_id"], strict=True)), truth)
    assert s.precision > 0.95 and s.recall > 0.9


def test_clustering_never_joins_two_valid_rucs() -> None:
    scored = pl.DataFrame({"idx_l": [0, 1], "idx_r": [1, 2], "match_probability": [0.99, 0.98]})
    labels = cluster(3, scored, 0.5, ["20100047218", None, "20131312955"])
    assert labels[0] == labels[1] and labels[2] != labels[0]
