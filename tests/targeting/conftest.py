"""Small purposeful frames for the targeting tests, made by code (and a KCS sample in data/)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tradeguard.policy import load_policy
from tradeguard.targeting import TargetingPolicy, canonical_frame, parse_mapping, targeting_policy

DATA = Path(__file__).parent / "data"
MAPPING = parse_mapping({
    "columns": {"id": "id", "date": "date", "importer": "importer", "declarant": "broker",
                "seller": "seller", "product": "hs", "origin": "origin", "value": "value",
                "mass": "kg", "duty_rate_pct": "duty"},
    "label": {"column": "found", "negative": ["0"]},
    "categorical": ["kind"],
}, "test-mapping")


def raw_declarations(n: int, days: int, seed: int, inspected: float = 1.0) -> pd.DataFrame:
    """Declarations where a few importers and one product from one origin are risky."""
    rng = np.random.default_rng(seed)
    importer = rng.integers(0, 30, n)
    product = rng.integers(0, 8, n)
    origin = rng.integers(0, 4, n)
    risk = 0.05 + 0.6 * (importer < 4) + 0.3 * ((product == 3) & (origin == 1))
    found = rng.random(n) < risk
    labelled = rng.random(n) < inspected
    start = dt.date(2021, 1, 4)
    return pd.DataFrame({
        "id": [f"D{i:05d}" for i in range(n)],
        "date": [(start + dt.timedelta(days=int(d))).isoformat() for d in rng.integers(0, days, n)],
        "importer": [f"IMP{i}" for i in importer],
        "broker": [f"B{i}" for i in rng.integers(0, 5, n)],
        "seller": [f"S{i}" for i in rng.integers(0, 20, n)],
        "hs": [f"61{p:02d}90" for p in product],
        "origin": np.array(["CN", "VN", "DE", "MX"])[origin],
        "value": np.round(rng.lognormal(6, 1, n), 2).astype(str),
        "kg": np.round(rng.lognormal(2, 1, n), 1).astype(str),
        "duty": rng.choice(["0", "8", "12.5"], n),
        "kind": rng.choice(["A", "B"], n),
        "found": np.where(labelled, found.astype(int).astype(str), ""),
    })


def declarations(n: int = 400, days: int = 30, seed: int = 1,
                 inspected: float = 1.0) -> pd.DataFrame:
    return canonical_frame(raw_declarations(n, days, seed, inspected), MAPPING, "test")


@pytest.fixture
def policy() -> TargetingPolicy:
    base = targeting_policy(load_policy(), dt.date(2021, 1, 4))
    params = dict(base.model_params) | {"rounds": 40, "min_data_in_leaf": 10}
    return base.with_changes(model_params=params, retrain_rounds=20, cold_start_min_labels=50)
