"""Valid RUC numbers for demo data and tests (check digit from python-stdnum)."""

from __future__ import annotations

import random

from stdnum.pe import ruc as stdnum_ruc


def make_ruc(rng: random.Random, prefix: str = "20") -> str:
    body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(8))
    return body + stdnum_ruc.calc_check_digit(body)
