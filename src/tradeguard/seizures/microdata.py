"""Seizure rows made ready for the publication: one internal row per violation event.

:func:`prepare` adds the published classifications (violation group, IPR category, carrier),
the offender entity, the repeat flags and the index weight. The result is internal: it holds
entity identifiers and is never published (methods brief 5.B "microdata, internal only").
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from tradeguard.domain.calendar import Quarter
from tradeguard.errors import InvalidInput
from tradeguard.seizures.params import SeizuresPolicy
from tradeguard.seizures.repeat import event_weights, mark_repeats, resolve_entities

__all__ = ["OTHER", "REQUIRED_COLUMNS", "group_top", "prepare", "quarter_labels"]

REQUIRED_COLUMNS: tuple[str, ...] = (
    "case_number", "seized_on", "environment", "violation", "origin_country",
)  # fmt: skip
OTHER = "All other"


def _require(frame: pd.DataFrame) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in frame]
    if missing:
        raise InvalidInput(f"seizure rows lack the columns {missing}")


def _text(frame: pd.DataFrame, col: str) -> pd.Series:
    if col not in frame:
        return pd.Series(pd.NA, index=frame.index, dtype="string")
    text: pd.Series = frame[col].astype("string").str.strip()
    return text.mask(text == "")


def _number(frame: pd.DataFrame, col: str, default: float = 0.0) -> pd.Series:
    if col not in frame:
        return pd.Series(default, index=frame.index, dtype="float64")
    return pd.to_numeric(frame[col], errors="coerce").fillna(default).astype("float64")


def _classify(frame: pd.DataFrame, policy: SeizuresPolicy) -> pd.DataFrame:
    out = pd.DataFrame(index=frame.index)
    out["case_number"] = frame["case_number"].astype(str)
    out["seized_on"] = pd.to_datetime(frame["seized_on"]).astype("datetime64[ns]")
    out["environment"] = frame["environment"].astype(str).str.upper()
    code_to_group = {c: g for g, codes in policy.violation_groups.items() for c in codes}
    out["violation"] = frame["violation"].astype(str).str.upper()
    out["violation_group"] = out["violation"].map(code_to_group)
    out["origin_country"] = frame["origin_country"].astype(str).str.upper()
    category = _text(frame, "category").fillna("Other")
    known = set(policy.ipr_categories)
    out["category"] = category.where(category.isin(known) | (not known), "Other").astype(str)
    carrier = np.where(out["environment"] == "MAIL", _text(frame, "post_code"),
                       _text(frame, "operator_id"))
    out["carrier_id"] = pd.Series(carrier, index=frame.index).fillna("Unknown").astype(str)
    out["lines"] = _number(frame, "lines", 1.0)
    out["quantity"] = _number(frame, "quantity")
    out["msrp_usd"] = _number(frame, "msrp_usd")
    out["domestic_value_usd"] = _number(frame, "domestic_value_usd")
    tags = _text(frame, "pti_tags").fillna("").astype(str).str.upper()
    out["pti_tags"] = tags
    pti = "|".join(policy.pti_tags) or "^$"
    out["has_pti"] = tags.str.contains(rf"(?:^|;)\s*(?:{pti})\s*(?:;|$)", regex=True)
    out["safety"] = tags.str.contains("IMPORT_SAFETY", regex=False) | (
        out["violation_group"] == "DRUGS"
    )
    for col in ("ior_number", "shipper_name", "manufacturer_name", "disposition",
                "recordation_number", "port", "post_code", "operator_id"):
        out[col] = _text(frame, col)
    return out


def prepare(
    frame: pd.DataFrame, policy: SeizuresPolicy, links: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Classified events with ``entity``, ``repeat``, ``prior_offences`` and ``weight``.

    Repeat offences are found over every row given (all environments, all dates), so pass
    the history before the published quarters too.
    """
    _require(frame)
    events = _classify(frame.reset_index(drop=True), policy)
    events["entity"] = resolve_entities(events, links)
    events = mark_repeats(events, policy.window_days)
    events["weight"] = event_weights(events, policy)
    return events


def quarter_labels(seized_on: pd.Series) -> pd.Series:
    """Fiscal quarter label (``FY2026Q1``) of each date."""
    days = seized_on.dt.date.unique()
    labels = {d: str(Quarter.of(d)) for d in days}
    out: pd.Series = seized_on.dt.date.map(labels)
    return out


def group_top(values: pd.Series, reference: pd.Series, top: int) -> pd.Series:
    """``values`` with everything outside the ``top`` most frequent of ``reference`` as OTHER.

    Ties are broken by name, so the grouping is deterministic.
    """
    counts = reference.value_counts()
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
    keep = {k for k, _ in ranked[:top]}
    return values.where(values.isin(keep), OTHER).astype(str)


def reference_window(events: pd.DataFrame, fy_start: dt.date) -> pd.DataFrame:
    """The four quarters before a fiscal year, which fix the named origins and carriers for
    every release of that year (so that successive releases share one table structure);
    when there are none, the first quarter of the year."""
    start = pd.Timestamp(fy_start)
    before = events[(events["seized_on"] < start)
                    & (events["seized_on"] >= start - pd.DateOffset(years=1))]
    if len(before):
        return before
    q1_end = start + pd.DateOffset(months=3)
    return events[(events["seized_on"] >= start) & (events["seized_on"] < q1_end)]
