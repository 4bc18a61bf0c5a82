"""Aggregated input rows made directly (no items), for tests of the score."""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradeguard.posts.aggregate import COUNT_COLUMNS, INPUT_COLUMNS

BASE: dict[str, int] = {
    "n_items": 5000,
    "n_aed_required": 5000,
    "aed_present": 4600,
    "aed_timely": 4500,
    "aed_valid": 4300,
    "n_sampled": 900,
    "x_cf": 2,
    "x_nx": 0,
    "x_cb": 1,
    "r_req": 20,
    "r_ok": 18,
}


def row(post: str = "P1", quarter: str = "FY2026Q1", **counts: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"post_code": post, "quarter": quarter}
    out.update({c: 0 for c in COUNT_COLUMNS})
    out.update(BASE)
    out.update(counts)
    return out


def frame(*rows: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=list(INPUT_COLUMNS))
