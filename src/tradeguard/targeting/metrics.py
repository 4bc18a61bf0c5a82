"""Figures at a fixed inspection rate (pure): precision, recall, revenue recovered, AUC."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from scipy.stats import rankdata

__all__ = ["BudgetRow", "auc", "budget_rows", "mean_rows", "top_k"]


@dataclass(frozen=True, slots=True)
class BudgetRow:
    """One method at one inspection rate."""

    method: str
    rate: float
    inspected: int
    found: int
    precision: float
    recall: float
    revenue_share: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def top_k(priority: np.ndarray, k: int, seed: int = 0) -> np.ndarray:
    """Indices of the ``k`` highest priorities; ties broken by a seeded random order."""
    tie = np.random.default_rng(seed).random(len(priority))
    order = np.lexsort((tie, -np.asarray(priority, dtype=np.float64)))
    return order[:k]


def budget_rows(method: str, priority: np.ndarray, label: np.ndarray, at_stake: np.ndarray,
                rates: Sequence[float], seed: int = 0) -> list[BudgetRow]:
    """Precision, recall and share of revenue at stake recovered when inspecting the top rates.

    >>> rows = budget_rows("m", np.array([.9, .1, .8, .2]), np.array([1, 0, 1, 0]),
    ...                    np.ones(4), [0.5])
    >>> rows[0].precision, rows[0].recall
    (1.0, 1.0)
    """
    label = np.asarray(label, dtype=np.float64)
    found_total = max(float(label.sum()), 1.0)
    revenue_total = float((at_stake * label).sum()) or 1.0
    out = []
    for rate in rates:
        k = max(1, round(len(label) * rate))
        pick = top_k(priority, k, seed)
        found = float(label[pick].sum())
        out.append(BudgetRow(method, rate, k, int(found), found / k, found / found_total,
                             float((at_stake[pick] * label[pick]).sum()) / revenue_total))
    return out


def mean_rows(method: str, runs: Sequence[Sequence[BudgetRow]]) -> list[BudgetRow]:
    """The mean of several runs of the same method (e.g. random draws)."""
    out = []
    for same in zip(*runs, strict=True):
        first = same[0]
        out.append(BudgetRow(method, first.rate, first.inspected,
                             round(float(np.mean([r.found for r in same]))),
                             float(np.mean([r.precision for r in same])),
                             float(np.mean([r.recall for r in same])),
                             float(np.mean([r.revenue_share for r in same]))))
    return out


def auc(score: np.ndarray, label: np.ndarray) -> float:
    """Area under the ROC curve (Mann-Whitney, ties counted half); NaN if one class only."""
    label = np.asarray(label, dtype=bool)
    n_pos, n_neg = int(label.sum()), int((~label).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    ranks = rankdata(score)
    return float((ranks[label].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))
