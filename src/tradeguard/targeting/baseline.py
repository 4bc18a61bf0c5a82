"""A plain per-row Python computation of the history features: the reference the vectorised
:func:`~tradeguard.targeting.features.feature_frame` is tested against, and the baseline the
scoring benchmark measures it against. Day by day: every row of a day reads the counts of
earlier days from dictionaries, then the day's rows are added to them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from typing import Any

import pandas as pd

from tradeguard.targeting.features import key_groups

__all__ = ["history_features_per_row"]


def _value(row: dict[str, Any], role: str) -> Any:
    if role in ("heading", "chapter"):
        product = row.get("product")
        if product is None or product is pd.NA:
            return None
        return str(product)[: 4 if role == "heading" else 2]
    value = row.get(role)
    return None if value is None or value is pd.NA else value


def _key(row: dict[str, Any], roles: tuple[str, ...]) -> tuple[Any, ...] | None:
    values = tuple(_value(row, r) for r in roles)
    return None if any(v is None for v in values) else values


def history_features_per_row(frame: pd.DataFrame, *, label_until: dt.date | None = None,
                             prior_strength: float = 5.0) -> pd.DataFrame:
    """The ``KEY:seen/inspected/found/rate`` columns of ``feature_frame``, row by row."""
    groups = key_groups(frame)
    counts: dict[str, dict[tuple[Any, ...], list[int]]] = {
        name: defaultdict(lambda: [0, 0, 0]) for name, _ in groups}
    overall = [0, 0, 0]
    cutoff = pd.Timestamp(label_until) if label_until is not None else None
    records: list[dict[str, Any]] = [{str(k): v for k, v in r.items()}
                                     for r in frame.to_dict("records")]
    order = sorted(range(len(records)), key=lambda i: records[i]["date"])
    out: list[dict[str, float]] = [{} for _ in records]
    start = 0
    while start < len(order):
        day = records[order[start]]["date"]
        end = start
        while end < len(order) and records[order[end]]["date"] == day:
            end += 1
        prior = overall[2] / overall[1] if overall[1] else math.nan
        for i in order[start:end]:
            for name, roles in groups:
                key = _key(records[i], roles)
                c = counts[name][key] if key is not None and key in counts[name] else [0, 0, 0]
                seen, inspected, found = (c if key is not None else [math.nan] * 3)
                out[i][f"{name}:seen"] = seen
                out[i][f"{name}:inspected"] = inspected
                out[i][f"{name}:found"] = found
                out[i][f"{name}:rate"] = (found + prior_strength * prior) / (
                    inspected + prior_strength)
        for i in order[start:end]:
            row = records[i]
            label = row["label"]
            known = not pd.isna(label) and (cutoff is None or row["date"] < cutoff)
            hit = known and label > 0
            overall[0] += 1
            overall[1] += known
            overall[2] += hit
            for name, roles in groups:
                key = _key(row, roles)
                if key is not None:
                    c = counts[name][key]
                    c[0] += 1
                    c[1] += known
                    c[2] += hit
        start = end
    return pd.DataFrame(out, index=frame.index)
