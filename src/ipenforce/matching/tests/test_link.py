from ipenforce.matching.link import link

KNOWN = [
    {
        "firm_id": "F1",
        "record_id": "k1",
        "name": "INVERSIONES SAN MARTIN S.A.C.",
        "ruc": "20100047218",
        "address": "AV. AREQUIPA 1234",
        "district": "MIRAFLORES",
        "department": "LIMA",
    },
    {
        "firm_id": "F2",
        "record_id": "k2",
        "name": "INVERSIONES SAN MARTIN S.A.C.",
        "address": "CA. MERCADERES 120",
        "district": "CAYMA",
        "department": "AREQUIPA",
    },
    {
        "firm_id": "F3",
        "record_id": "k3",
        "name": "DISTRIBUIDORA QUISPE E.I.R.L.",
        "address": "JR. HUALLAGA 560",
        "district": "LIMA",
        "department": "LIMA",
    },
]


def test_it_links_a_copy_and_shows_the_evidence() -> None:
    [r] = link(
        KNOWN,
        [
            {
                "record_id": "n1",
                "name": "Inversiones San Martín SAC",
                "ruc": "20100047218",
                "address": "Avenida Arequipa 1234",
            }
        ],
    )
    assert r.status == "linked" and r.firm_id == "F1"
    assert r.match_probability is not None and r.match_probability > 0.9
    ev = {e.field: e for e in r.evidence}
    assert ev["ruc"].level == "same" and ev["ruc"].agrees and ev["ruc"].weight > 0
    assert ev["place"].agrees is None  # no district given: no evidence
    assert ev["address"].new_value == "Avenida Arequipa 1234"
    assert ev["address"].known_value == "AV. AREQUIPA 1234"


def test_a_name_alone_shared_by_two_firms_is_uncertain() -> None:
    [r] = link(KNOWN, [{"record_id": "n2", "name": "INVERSIONES SAN MARTIN SAC"}])
    assert r.status == "uncertain" and r.firm_id is None
    assert {c.firm_id for c in r.candidates} == {"F1", "F2"}


def test_an_unknown_firm_is_new() -> None:
    [r] = link(
        KNOWN, [{"record_id": "n3", "name": "CORPORACION TITICACA S.A.", "district": "PUNO"}]
    )
    assert r.status == "new" and r.candidates == []


def test_results_keep_the_input_order() -> None:
    new = [
        {"record_id": f"n{i}", "name": n}
        for i, n in enumerate(["DISTRIBUIDORA QUISPE EIRL", "CORPORACION TITICACA S.A."])
    ]
    assert [r.record_id for r in link(KNOWN, new)] == ["n0", "n1"]
