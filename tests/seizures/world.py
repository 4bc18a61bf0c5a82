"""Small seizure frames made by code for the tests (the smallest data that shows each rule)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

ORIGINS = ("CN", "HK", "VN", "TR", "IN", "TH")
POSTS = ("CNA", "HKA", "VNA", "TRA")
OPERATORS = ("DHL", "FDX", "UPS")
VIOLATIONS = ("IPR_TRADEMARK", "DRUGS", "OTHER_CONTRABAND", "ORIGIN", "UNDERVALUATION")
CATEGORIES = ("Watches/Jewelry", "Handbags/Wallets", "Footwear", "Toys")


def seizure_frame(
    n: int = 400, *, seed: int = 1, start: dt.date = dt.date(2025, 10, 1), days: int = 180,
    offenders: int = 120,
) -> pd.DataFrame:
    """``n`` seizures over ``days`` from ``start`` by ``offenders`` importers (some repeat)."""
    rng = np.random.default_rng(seed)
    env = rng.choice(["MAIL", "EXPRESS", "CARGO"], size=n, p=[0.5, 0.4, 0.1])
    violation = rng.choice(VIOLATIONS, size=n, p=[0.5, 0.15, 0.1, 0.15, 0.1])
    who = rng.zipf(1.6, size=n) % offenders
    day = rng.integers(0, days, size=n)
    ipr = violation == "IPR_TRADEMARK"
    category = np.where(ipr, rng.choice(CATEGORIES, size=n), "Other")
    tags = np.where(ipr, np.where(category == "Toys", "IPR;IMPORT_SAFETY", "IPR"),
                    np.where(violation == "DRUGS", "IMPORT_SAFETY",
                             np.where(violation == "UNDERVALUATION", "REVENUE", "")))
    return pd.DataFrame({
        "case_number": [f"2026-2704-{i:06d}-01" for i in range(n)],
        "seized_on": [start + dt.timedelta(days=int(d)) for d in day],
        "port": "2704",
        "environment": env,
        "violation": violation,
        "origin_country": rng.choice(ORIGINS, size=n, p=[0.5, 0.2, 0.1, 0.1, 0.05, 0.05]),
        "category": category,
        "lines": 1 + rng.poisson(0.5, size=n),
        "quantity": 1.0 + rng.poisson(20, size=n),
        "msrp_usd": np.round(rng.lognormal(8, 1.2, size=n), 2),
        "domestic_value_usd": np.round(rng.lognormal(6, 1.0, size=n), 2),
        "pti_tags": [t or None for t in tags],
        "disposition": rng.choice(["SEIZED", "ABANDONED", "FORFEITED"], size=n),
        "ior_number": [f"12-34567{w:02d}00" for w in who],
        "shipper_name": [f"Shipper {w} Trading Co" for w in who],
        "manufacturer_name": "Maker Ltd",
        "post_code": np.where(env == "MAIL", rng.choice(POSTS, size=n), None),
        "operator_id": np.where(env == "EXPRESS", rng.choice(OPERATORS, size=n), None),
        "item_id": None,
        "waybill": None,
        "recordation_number": np.where(ipr, "TMK 23-00123", None),
    })  # fmt: skip
