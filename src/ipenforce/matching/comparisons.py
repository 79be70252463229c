"""Comparison rules: for each field, the ordered levels of agreement between two records.

Written in Splink's settings format (``output_column_name``, ``comparison_levels`` with a
``sql_condition`` over ``<column>_l`` / ``<column>_r``), so the trained ``model.json`` is a Splink
model: the first level whose condition holds is the pair's level for that field, and the level's
m and u probabilities give its weight ``log2(m/u)``. Null levels carry no weight.

The SQL runs in DuckDB (``jaro_winkler_similarity``, ``damerau_levenshtein``, lists).
"""

from __future__ import annotations

from typing import Any, TypedDict


class Level(TypedDict, total=False):
    sql_condition: str
    label_for_charts: str
    is_null_level: bool
    tf_adjustment_column: str
    tf_adjustment_weight: float
    disable_tf_exact_match_detection: bool
    m_probability: float
    u_probability: float


class Comparison(TypedDict):
    output_column_name: str
    comparison_description: str
    comparison_levels: list[Level]


def _null(*cols: str) -> Level:
    cond = " OR ".join(f'"{c}_l" IS NULL OR "{c}_r" IS NULL' for c in cols)
    return {"sql_condition": cond, "label_for_charts": "missing", "is_null_level": True}


def _else() -> Level:
    return {"sql_condition": "ELSE", "label_for_charts": "different"}


def _one_inside_other(col: str) -> str:
    """All of one name's words, in order, inside the other ("... DEL SUR" branches)."""
    padded_l = f"""(' ' || "{col}_l" || ' ')"""
    padded_r = f"""(' ' || "{col}_r" || ' ')"""
    return f"(contains({padded_l}, {padded_r}) OR contains({padded_r}, {padded_l}))"


#: Term-frequency adjustment (Splink's ``tf_adjustment_column``) of the levels where the two names
#: are the same name: their u is the share of firms bearing that name instead of the average
#: over all names (see ``predict.name_frequencies``), so "INVERSIONES SAN MARTIN", borne by many
#: firms, is weak evidence and a rare name strong evidence. The weight is ``log2(m / tf)`` with
#: the level's own m: Splink's ``disable_tf_exact_match_detection`` (without it Splink would
#: adjust from the u of the exact-match level on the column, "same words, other order" here).
_TF_NAME: Level = {
    "tf_adjustment_column": "name_sorted",
    "tf_adjustment_weight": 1.0,
    "disable_tf_exact_match_detection": True,
}

#: Not a column of the records: the term frequency of a name *and its neighbours one edit
#: away* (see ``predict.near_name_frequencies``), the u of "one typo". Two firms whose names
#: differ by a letter are common where names are dense ("AGROINDUSTRIAS CB" / "... CE").
NEAR_NAME_COLUMN = "name_core_one_edit"
_TF_NEAR_NAME: Level = {
    "tf_adjustment_column": NEAR_NAME_COLUMN,
    "tf_adjustment_weight": 1.0,
    "disable_tf_exact_match_detection": True,
}

NAME: Comparison = {
    "output_column_name": "name",
    "comparison_description": "firm name without legal form (normalised)",
    "comparison_levels": [
        _null("name_core"),
        {
            "sql_condition": '"name_core_l" = "name_core_r"',
            "label_for_charts": "exact",
            **_TF_NAME,
        },
        {
            "sql_condition": '"name_sorted_l" = "name_sorted_r"',
            "label_for_charts": "same words, other order",
            **_TF_NAME,
        },
        {
            "sql_condition": 'damerau_levenshtein("name_core_l", "name_core_r") <= 1 '
            'AND least(length("name_core_l"), length("name_core_r")) >= 10',
            "label_for_charts": "one typo",
            **_TF_NEAR_NAME,
        },
        {
            "sql_condition": 'least(length("name_core_l"), length("name_core_r")) >= 10 AND ('
            'damerau_levenshtein("name_sorted_l", "name_sorted_r") <= 3 '
            'AND jaro_winkler_similarity("name_core_l", "name_core_r") >= 0.9 '
            'OR damerau_levenshtein("name_core_l", "name_core_r") <= 2 '
            'AND least(length("name_core_l"), length("name_core_r")) >= 12)',
            "label_for_charts": "two or three typos",
        },
        {
            "sql_condition": _one_inside_other("name_core"),
            "label_for_charts": "one name inside the other",
        },
        {
            "sql_condition": 'jaro_winkler_similarity("name_sorted_l", "name_sorted_r") >= 0.88',
            "label_for_charts": "similar",
        },
        _else(),
    ],
}

LEGAL_FORM: Comparison = {
    "output_column_name": "legal_form",
    "comparison_description": "legal form code (SAC, SRL, EIRL, SA, SAA, SACS)",
    "comparison_levels": [
        _null("legal_form"),
        {"sql_condition": '"legal_form_l" = "legal_form_r"', "label_for_charts": "same"},
        _else(),
    ],
}

RUC: Comparison = {
    "output_column_name": "ruc",
    "comparison_description": "RUC with a valid check digit (an invalid one counts as missing)",
    "comparison_levels": [
        _null("ruc_valid"),
        {"sql_condition": '"ruc_valid_l" = "ruc_valid_r"', "label_for_charts": "same"},
        _else(),
    ],
}

ADDRESS: Comparison = {
    "output_column_name": "address",
    "comparison_description": "street address (street type and number markers normalised)",
    "comparison_levels": [
        _null("addr_norm"),
        {"sql_condition": '"addr_norm_l" = "addr_norm_r"', "label_for_charts": "exact"},
        {
            "sql_condition": '"addr_number_l" = "addr_number_r" AND ('
            '"addr_street_l" IS NULL OR "addr_street_r" IS NULL OR '
            'jaro_winkler_similarity("addr_street_l", "addr_street_r") >= 0.88)',
            "label_for_charts": "same number, similar street",
        },
        {
            "sql_condition": '"addr_number_l" = "addr_number_r"',
            "label_for_charts": "same number, other street",
        },
        {
            "sql_condition": 'jaro_winkler_similarity("addr_street_l", "addr_street_r") >= 0.9',
            "label_for_charts": "similar street, other or no number",
        },
        _else(),
    ],
}

_DEPT_DIFFERS = (
    '"department_norm_l" IS NOT NULL AND "department_norm_r" IS NOT NULL '
    'AND "department_norm_l" <> "department_norm_r"'
)
_DISTRICT_MISSING = '("district_norm_l" IS NULL OR "district_norm_r" IS NULL)'

PLACE: Comparison = {
    "output_column_name": "place",
    "comparison_description": "district, and the department when a district is missing",
    "comparison_levels": [
        {
            "sql_condition": f"{_DISTRICT_MISSING} AND "
            '("department_norm_l" IS NULL OR "department_norm_r" IS NULL)',
            "label_for_charts": "missing",
            "is_null_level": True,
        },
        {
            "sql_condition": f'"district_norm_l" = "district_norm_r" AND NOT ({_DEPT_DIFFERS})',
            "label_for_charts": "same district",
        },
        {
            "sql_condition": f"NOT {_DISTRICT_MISSING} AND NOT ({_DEPT_DIFFERS}) AND "
            'jaro_winkler_similarity("district_norm_l", "district_norm_r") >= 0.92',
            "label_for_charts": "district with a typo",
        },
        {
            "sql_condition": f"{_DISTRICT_MISSING} AND NOT ({_DEPT_DIFFERS})",
            "label_for_charts": "district missing, same department",
        },
        {
            "sql_condition": f"NOT ({_DEPT_DIFFERS})",
            "label_for_charts": "other district, same department",
        },
        {"sql_condition": "ELSE", "label_for_charts": "other department"},
    ],
}

COMPARISONS: list[Comparison] = [NAME, LEGAL_FORM, RUC, ADDRESS, PLACE]

#: Columns each side of a pair needs for the comparisons above.
COMPARED_COLUMNS = [
    "name_core",
    "name_sorted",
    "legal_form",
    "ruc_valid",
    "addr_norm",
    "addr_street",
    "addr_number",
    "district_norm",
    "department_norm",
]


def gamma_sql(comparison: Comparison | dict[str, Any]) -> str:
    """``CASE`` expression giving the level index (Splink's gamma: -1 null, else counting down
    from the most similar level) of a comparison."""
    levels = comparison["comparison_levels"]
    n_non_null = sum(1 for lv in levels if not lv.get("is_null_level"))
    parts = []
    k = n_non_null - 1
    for lv in levels:
        if lv.get("is_null_level"):
            value = -1
        else:
            value = k
            k -= 1
        if lv["sql_condition"] == "ELSE":
            parts.append(f"ELSE {value}")
        else:
            parts.append(f"WHEN {lv['sql_condition']} THEN {value}")
    if not any(p.startswith("ELSE") for p in parts):
        parts.append("ELSE 0")
    return "CASE " + " ".join(parts) + " END"
