"""Time-ordered evaluation against simple baselines computed in the same run (pure).

Train on the declarations before the split day, score those on and after it with their labels
hidden, and compare at fixed inspection rates with: a random choice (mean of several draws) and
the historical finding rate of the product code (smoothed, from the training period). The model
is shown twice: ranked by the policy's priority (probability weighted by revenue at stake) and
by probability alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from tradeguard.errors import InvalidInput
from tradeguard.targeting.metrics import BudgetRow, auc, budget_rows, mean_rows
from tradeguard.targeting.model import TargetingModel, encode_new, train_model
from tradeguard.targeting.params import TargetingPolicy
from tradeguard.targeting.selection import priority

__all__ = ["EvaluationResult", "evaluate", "split_by_date"]

RANDOM_DRAWS = 20
MODEL = "model, probability"
MODEL_PRIORITY = "model, priority p(1+revenue)^w"
PRODUCT = "product-code finding rate"
RANDOM = f"random (mean of {RANDOM_DRAWS})"


@dataclass(frozen=True)
class EvaluationResult:
    """Figures per method and rate, and the AUC of each method."""

    split_date: dt.date
    train_rows: int
    test_rows: int
    base_rate: float
    rows: list[BudgetRow]
    aucs: dict[str, float]
    model: TargetingModel | None = field(default=None, repr=False, compare=False)

    def table(self) -> str:
        """The figures as a Markdown table, one line per method and rate."""
        lines = ["| method | inspected | n | found | precision | recall | revenue | AUC |",
                 "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for r in self.rows:
            lines.append(f"| {r.method} | {r.rate:.0%} | {r.inspected:,} | {r.found:,} |"
                         f" {r.precision:.3f} | {r.recall:.3f} | {r.revenue_share:.3f} |"
                         f" {self.aucs[r.method]:.3f} |")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"split_date": self.split_date.isoformat(), "train_rows": self.train_rows,
                "test_rows": self.test_rows, "base_rate": self.base_rate,
                "aucs": self.aucs, "rows": [r.to_dict() for r in self.rows]}


def split_by_date(frame: pd.DataFrame, split: dt.date | None = None,
                  test_share: float = 0.2) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows before ``split`` and rows on or after it (default: the last ``test_share`` of days)."""
    if split is None:
        days = np.sort(frame["date"].unique())
        split = pd.Timestamp(days[min(len(days) - 1, int(len(days) * (1 - test_share)))]).date()
    before = (frame["date"] < pd.Timestamp(split)).to_numpy()
    if before.all() or not before.any():
        raise InvalidInput(f"split day {split} leaves no training or no test rows")
    return frame[before].reset_index(drop=True), frame[~before].reset_index(drop=True)


def _methods(model: TargetingModel, train: pd.DataFrame, test: pd.DataFrame,
             weight: float) -> dict[str, np.ndarray]:
    feats = encode_new(train, test, model.prior_strength)
    p = model.predict(feats)
    product = (feats["product:rate"].fillna(model.base_rate).to_numpy()
               if "product:rate" in feats else np.full(len(test), model.base_rate))
    stake = test["at_stake"].to_numpy(dtype=np.float64)
    return {MODEL_PRIORITY: priority(p, stake, weight), MODEL: p, PRODUCT: product}


def evaluate(train: pd.DataFrame, test: pd.DataFrame, policy: TargetingPolicy,
             rates: Sequence[float] | None = None, *,
             rounds: int | None = None) -> EvaluationResult:
    """Train on ``train``, rank ``test`` (labels hidden), report figures on its labelled rows."""
    rates = tuple(rates or policy.evaluation_rates)
    model = train_model(train, policy, rounds=rounds)
    scores = _methods(model, train, test, policy.revenue_weight)
    has_label = test["label"].notna().to_numpy()
    label = test["label"].to_numpy(dtype=np.float64, na_value=np.nan)[has_label]
    stake = test["at_stake"].to_numpy(dtype=np.float64)[has_label]
    if len(set(label.tolist())) < 2:
        raise InvalidInput("the test period needs labelled rows of both classes")
    rows: list[BudgetRow] = []
    aucs: dict[str, float] = {}
    for name, ranking in scores.items():
        rows += budget_rows(name, ranking[has_label], label, stake, rates)
        aucs[name] = auc(ranking[has_label], label)
    draws = [np.random.default_rng(seed).random(len(label)) for seed in range(RANDOM_DRAWS)]
    rows += mean_rows(RANDOM, [budget_rows(RANDOM, d, label, stake, rates) for d in draws])
    aucs[RANDOM] = float(np.mean([auc(d, label) for d in draws]))
    order = {name: i for i, name in enumerate([MODEL_PRIORITY, MODEL, PRODUCT, RANDOM])}
    rows.sort(key=lambda r: (r.rate, order[r.method]))
    return EvaluationResult(test["date"].min().date(), int(train["label"].notna().sum()),
                            len(label), float(label.mean()), rows, aucs, model)
