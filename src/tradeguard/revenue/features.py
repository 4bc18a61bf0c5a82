"""Importer-specific evidence for the risk model (EO 13785 s.3), one row per importer.

Only facts about the importer itself: its payment record, tenure, volume, residency, linked
importers, its broker's other clients, and how much of its own AD/CVD business sits in orders
whose rates move. Never its product or country as such: a product- or country-wide uplift is
what the courts struck down in the 2004-2009 shrimp bonding (domain brief 1.6). A test pins
this list.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["FEATURES", "Feature", "importer_features"]


@dataclass(frozen=True, slots=True)
class Feature:
    """One input of the model: its name, what it means, and the direction risk may move in
    (+1: more of it may only raise risk; -1: may only lower it; 0: either way)."""

    name: str
    label: str
    direction: int
    unit: str = ""


FEATURES: tuple[Feature, ...] = (
    Feature("late_bills", "AD/CVD bills paid late or open past delinquency", 1, "bills"),
    Feature("unpaid_usd_log", "AD/CVD owed past delinquency (log dollars)", 1, "log $"),
    Feature("surety_or_writeoff", "AD/CVD bills paid by the surety or written off", 1, "bills"),
    Feature("max_days_late_log", "longest delay on an AD/CVD bill (log days)", 1, "log days"),
    Feature("unpaid_share", "share of billed AD/CVD not paid by the importer itself", 1, ""),
    Feature("linked_bad", "linked importers with a bad AD/CVD record", 1, "importers"),
    Feature("new_importer", "no record of imports before the new-importer window", 1, ""),
    Feature("never_liquidated", "no AD/CVD entry of its own liquidated yet", 1, ""),
    Feature("tenure_years", "years since its IOR number was created or first used (own or "
            "linked)", -1, "years"),
    Feature("nonresident", "nonresident importer (19 U.S.C. 4321(e))", 1, ""),
    Feature("broker_bad_rate", "share of its broker's other AD/CVD clients with a bad record",
            1, ""),
    Feature("volume_log", "value entered in the last year (log dollars)", 0, "log $"),
    Feature("surge", "last 90 days' value against its quarterly average", 1, "ratio"),
    Feature("adcvd_share", "share of its value under AD/CVD orders", 1, ""),
    Feature("rate_volatility", "expected rate rise on its own open AD/CVD entries, % of value",
            1, "%"),
)


def _broker_bad_rate(table: pd.DataFrame, prior_weight: float = 5.0) -> pd.Series:
    """Leave-one-out share of the broker's other in-scope clients with a bad own record,
    shrunk towards the overall share with ``prior_weight`` pseudo-clients."""
    scope = table[table["in_scope"]]
    bad = scope["own_bad"].astype(float)
    base = float(bad.mean()) if len(bad) else 0.0
    broker = table["broker"].fillna(table["broker_filer_code"])
    scope_broker = broker.loc[scope.index]
    totals = bad.groupby(scope_broker).agg(["sum", "count"])
    b_sum = broker.map(totals["sum"]).fillna(0.0)
    b_n = broker.map(totals["count"]).fillna(0.0)
    own = table["own_bad"].astype(float).where(table["in_scope"], 0.0)
    in_n = table["in_scope"].astype(float)
    return (b_sum - own + prior_weight * base) / (b_n - in_n + prior_weight)


def importer_features(table: pd.DataFrame, exposure: pd.DataFrame) -> pd.DataFrame:
    """The :data:`FEATURES` for every importer of ``table`` (from
    :func:`tradeguard.revenue.covered.build_records`) and ``exposure`` (from
    :func:`tradeguard.revenue.exposure.importer_exposure`)."""
    t = table
    ex = exposure.reindex(t.index).fillna(0.0)
    billed = t["billed_usd"].where(t["billed_usd"] > 0)
    failed = t["unpaid_usd"] + t["surety_usd"] + t["writeoff_usd"]
    quarter = t["value_window_usd"] / 4
    days = t[["days_since_history", "days_since_created"]].max(axis=1)
    tenure = (days / 365.25).clip(lower=0, upper=20).fillna(0.0)
    open_value = ex["unliquidated_value_usd"].where(ex["unliquidated_value_usd"] > 0)
    out = pd.DataFrame(
        {
            "late_bills": (t["late_n"] + t["unpaid_n"]).astype(float),
            "unpaid_usd_log": np.log1p(t["unpaid_usd"]),
            "surety_or_writeoff": (t["surety_n"] + t["writeoff_n"]).astype(float),
            "max_days_late_log": np.log1p(t["max_days_late"].fillna(0.0).clip(lower=0)),
            "unpaid_share": (failed / billed).clip(0, 1).fillna(0.0),
            "linked_bad": t["linked_bad_n"].astype(float),
            "new_importer": t["no_history"].astype(float),
            "never_liquidated": (t["adcvd_liquidated_n"] == 0).astype(float),
            "tenure_years": tenure,
            "nonresident": (~t["resident"].fillna(True).astype(bool)).astype(float),
            "broker_bad_rate": _broker_bad_rate(t).fillna(0.0),
            "volume_log": np.log1p(t["value_window_usd"]),
            "surge": (t["value_90d_usd"] / quarter.where(quarter > 0)).clip(0, 4).fillna(0.0),
            "adcvd_share": (t["adcvd_value_window_usd"] / t["value_window_usd"].where(
                t["value_window_usd"] > 0)).clip(0, 1).fillna(0.0),
            "rate_volatility": (100 * ex["expected_increase_usd"] / open_value).clip(0, 100)
            .fillna(0.0),
        },
        index=t.index,
    )
    return out[[f.name for f in FEATURES]].astype(float)
