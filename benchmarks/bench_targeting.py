"""Scoring throughput: declarations from raw rows (strings, as read from a CSV) to a probability
of a finding, against a year of labelled history. Ours: the vectorised path
(``canonical_frame`` -> ``encode_new`` -> trees). Baseline, same rows, same trees: a plain
per-row Python pass (parse each field, history counts from dictionaries day by day, row
features one row at a time), then the same model on the assembled matrix.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from benchmarks.harness import Comparison, timed
from tradeguard.policy import load_policy
from tradeguard.targeting.baseline import history_features_per_row
from tradeguard.targeting.frame import canonical_frame
from tradeguard.targeting.mapping import parse_mapping
from tradeguard.targeting.model import TargetingModel, encode_new, train_model
from tradeguard.targeting.params import targeting_policy

SIZES = {"small": 100_000, "full": 1_000_000}
HISTORY_ROWS = 50_000
MAPPING = parse_mapping({
    "columns": {"id": "id", "date": "date", "importer": "importer", "declarant": "declarant",
                "seller": "seller", "product": "hs", "origin": "origin", "office": "office",
                "value": "value", "mass": "kg", "duty_rate_pct": "duty"},
    "label": {"column": "fraud", "negative": ["0"]}, "categorical": ["kind"]}, "bench")


def raw_rows(n: int, start: dt.date, days: int, seed: int, labelled: bool) -> pd.DataFrame:
    """KCS-like declarations as strings: 20k importers, 2k product codes, 60 origins."""
    rng = np.random.default_rng(seed)
    importer = rng.zipf(1.3, n) % 20_000
    product = rng.integers(0, 2_000, n)
    risk = 0.05 + 0.5 * (importer % 17 == 0) + 0.2 * (product % 11 == 0)
    day = pd.Timestamp(start) + pd.to_timedelta(rng.integers(0, days, n), unit="D")
    return pd.DataFrame({
        "id": np.char.add("D", np.arange(n).astype(str)),
        "date": day.strftime("%Y-%m-%d"),
        "importer": np.char.add("I", importer.astype(str)),
        "declarant": np.char.add("B", rng.integers(0, 1_000, n).astype(str)),
        "seller": np.char.add("S", (rng.zipf(1.3, n) % 15_000).astype(str)),
        "hs": (100_000 + product * 37).astype(str),
        "origin": np.char.add("C", rng.integers(0, 60, n).astype(str)),
        "office": rng.integers(10, 50, n).astype(str),
        "value": np.round(rng.lognormal(8, 1.5, n), 2).astype(str),
        "kg": np.round(rng.lognormal(3, 1.5, n), 1).astype(str),
        "duty": rng.choice(["0", "6.5", "8", "13"], n),
        "kind": rng.choice(["A", "B", "C"], n),
        "fraud": (rng.random(n) < risk).astype(int).astype(str) if labelled else "",
    })


def ours(model: TargetingModel, history: pd.DataFrame, raw: pd.DataFrame) -> pd.Series:
    new = canonical_frame(raw, MAPPING, "bench")
    p = model.predict(encode_new(history, new, model.prior_strength))
    return pd.Series(p, index=new["decl_id"].to_numpy())


def _row_features(row: dict[str, str]) -> dict[str, object]:
    value, kg, duty = float(row["value"]), float(row["kg"]), float(row["duty"])
    return {"value_log": math.log1p(value), "mass_log": math.log1p(kg),
            "unit_value_log": math.log1p(value / max(kg, 1e-3)), "duty_rate_pct": duty,
            "at_stake_log": math.log1p(value * duty / 100), "cat:origin": row["origin"],
            "cat:office": row["office"], "cat:kind": row["kind"]}


def baseline(model: TargetingModel, history: pd.DataFrame, raw: pd.DataFrame) -> pd.Series:
    records = []
    for row in raw.to_dict("records"):
        records.append({"decl_id": row["id"], "date": pd.Timestamp(
            dt.date.fromisoformat(row["date"])), "importer": row["importer"],
            "declarant": row["declarant"], "seller": row["seller"], "product": row["hs"],
            "origin": row["origin"], "office": row["office"], "label": math.nan,
            **_row_features(row)})
    new = pd.DataFrame.from_records(records)
    both = pd.concat([history, new], ignore_index=True)
    hist = history_features_per_row(both, prior_strength=model.prior_strength)
    feats = pd.concat([hist.iloc[len(history):].reset_index(drop=True), new], axis=1)
    return pd.Series(model.predict(feats), index=new["decl_id"].to_numpy())


def bench_score_declarations(size: str) -> Comparison:
    rows = SIZES[size]
    policy = targeting_policy(load_policy(), dt.date(2021, 1, 1))
    history = canonical_frame(raw_rows(HISTORY_ROWS, dt.date(2020, 1, 1), 366, 1, True), MAPPING)
    model = train_model(history, policy, rounds=100)
    raw = raw_rows(rows, dt.date(2021, 1, 1), 90, 2, False)
    p_ours, ours_s = timed(lambda: ours(model, history, raw))
    p_base, base_s = timed(lambda: baseline(model, history, raw))
    same = np.allclose(p_ours.to_numpy(), p_base.reindex(p_ours.index).to_numpy())
    assert same, "the two paths must give the same scores"
    return Comparison("score declarations from raw rows", rows, ours_s,
                      "per-row Python features, same trees", base_s, target="1M rows")


BENCHMARKS = [bench_score_declarations]
