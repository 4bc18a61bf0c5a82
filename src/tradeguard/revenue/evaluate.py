"""Training and evaluating the risk model on the synthetic world's ground truth.

Rows are (importer, as-of date) pairs: every in-scope, non-exempt importer on each as-of date,
its features from data up to that date, and its label from the truth: 1 if it vanishes (stops
importing before its bills and never pays) or defaults within ``horizon_days``. Revenue at risk
is measured from the world's own ledger: the AD/CVD billed after the as-of date that was never
collected (by the importer, the surety or set-off) by the world's last day.

Compared on a later, held-apart window of another world: the model, the rules alone (how many
covered-importer clauses hit, calibrated to the training rates) and a plain logistic regression
on the same features; by AUC, precision and revenue captured in the top k%, calibration error
(ECE, 10 bins) and Brier score.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats

from tradeguard.revenue.covered import build_records
from tradeguard.revenue.exposure import importer_exposure
from tradeguard.revenue.features import FEATURES, importer_features
from tradeguard.revenue.frames import RevenueFrames, day
from tradeguard.revenue.ledger import bill_ledger
from tradeguard.revenue.params import RevenuePolicy
from tradeguard.revenue.risk import RiskModel, fit_logistic, fit_risk_model, logistic_score

__all__ = [
    "Comparison",
    "compare_methods",
    "labelled_rows",
    "score_metrics",
    "uncollected_after",
]

Array = npt.NDArray[np.float64]
RULE_FLAGS = ("no_history", "not_fully_paid", "not_timely", "linked_bad")


def uncollected_after(frames: RevenueFrames, end: dt.date, policy: RevenuePolicy) -> pd.DataFrame:
    """Each supplemental bill dated by ``end`` with what stayed uncollected on ``end``."""
    ledger = bill_ledger(frames.bills, frames.payments, end, policy.clock)
    supp = ledger[ledger["kind"] == "SUPPLEMENTAL"]
    left = supp["amount_usd"] - supp["collected_usd"]
    return pd.DataFrame({"bill_number": supp["bill_number"], "ior_number": supp["ior_number"],
                         "entry_number": supp["entry_number"], "bill_date": supp["bill_date"],
                         "uncollected_usd": left.clip(lower=0.0)})


def _labels(truth: pd.DataFrame, on: dt.date, horizon_days: int) -> pd.Series:
    t = truth.set_index("ior_number")
    until = day(on) + pd.Timedelta(days=horizon_days)
    default_on = pd.to_datetime(t["default_on"], errors="coerce")
    vanisher = t["behaviour"] == "VANISHER"
    defaulter = (t["behaviour"] == "DEFAULTER") & (default_on <= until)
    return (vanisher | defaulter).astype(int)


def labelled_rows(frames: RevenueFrames, truth: pd.DataFrame, dates: Sequence[dt.date],
                  policy: RevenuePolicy, horizon_days: int = 365,
                  end: dt.date | None = None) -> pd.DataFrame:
    """Features, rule flags, label ``y`` and ``revenue_at_risk_usd`` for each in-scope,
    non-exempt importer on each of ``dates`` (index: ``ior_number``; column ``as_of``)."""
    if end is None:
        dated = pd.concat([frames.bills["bill_date"], frames.payments["paid_on"]]).dropna()
        end = dated.max().date() if len(dated) else max(dates)
    bills = uncollected_after(frames, end, policy)
    parts: list[pd.DataFrame] = []
    for on in dates:
        records = build_records(frames, on, policy)
        exposure, _, _ = importer_exposure(frames, records.ledger, on, policy)
        table = records.table
        rows = importer_features(table, exposure)
        for flag in RULE_FLAGS:
            rows[flag] = table[flag].astype(int)
        rows["exposure_usd"] = exposure["exposure_usd"].reindex(rows.index).fillna(0.0)
        rows["y"] = _labels(truth, on, horizon_days).reindex(rows.index).fillna(0).astype(int)
        later = bills[bills["bill_date"] > day(on)].groupby("ior_number")["uncollected_usd"]
        rows["revenue_at_risk_usd"] = later.sum().reindex(rows.index).fillna(0.0)
        rows["as_of"] = on
        parts.append(rows[table["in_scope"] & ~table["exempt"]])
    return pd.concat(parts)


def _ece(y: Array, p: Array, bins: int = 10) -> float:
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        sel = which == b
        if sel.any():
            total += sel.mean() * abs(float(y[sel].mean()) - float(p[sel].mean()))
    return total


def _captured(order_by: Array, revenue: Array, k: float) -> float:
    top = np.argsort(-order_by, kind="stable")[: max(1, round(k * len(order_by)))]
    total = revenue.sum()
    return float(revenue[top].sum() / total) if total else float("nan")


def score_metrics(y: npt.ArrayLike, score: npt.ArrayLike, revenue: npt.ArrayLike,
                  k: float = 0.1, exposure: npt.ArrayLike | None = None) -> dict[str, float]:
    """AUC (ties count half); precision and revenue at risk captured in the top ``k`` share
    by score (ties in order of appearance) and, given ``exposure``, by expected loss
    (score x exposure); ECE (10 bins) and Brier."""
    yv, sv, rv = (np.asarray(a, dtype=float) for a in (y, score, revenue))
    pos, neg = yv == 1, yv == 0
    ranks = stats.rankdata(sv)
    n_pos, n_neg = int(pos.sum()), int(neg.sum())
    auc = ((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)
           if n_pos and n_neg else float("nan"))
    top = np.argsort(-sv, kind="stable")[: max(1, round(k * len(sv)))]
    out = {
        "auc": float(auc),
        f"precision_top{k:.0%}": float(yv[top].mean()),
        f"revenue_top{k:.0%}": _captured(sv, rv, k),
    }
    if exposure is not None:
        loss = sv * np.asarray(exposure, dtype=float)
        out[f"revenue_top{k:.0%}_by_loss"] = _captured(loss, rv, k)
    return {**out, "ece": _ece(yv, sv), "brier": float(np.mean((sv - yv) ** 2))}


@dataclass(frozen=True)
class Comparison:
    """Metrics per method on the test rows, and the fitted model."""

    model: RiskModel
    metrics: pd.DataFrame
    train_rows: int
    test_rows: int
    train_positive_rate: float
    test_positive_rate: float


def _rules_probability(train: pd.DataFrame, test: pd.DataFrame) -> Array:
    """Rules only: number of covered-importer clauses hit, mapped to the training rate."""
    count_train = train[list(RULE_FLAGS)].sum(axis=1)
    count_test = test[list(RULE_FLAGS)].sum(axis=1)
    rates = train.groupby(count_train)["y"].mean()
    fallback = float(train["y"].mean())
    return np.asarray(count_test.map(rates).fillna(fallback), dtype=float)


def compare_methods(train: pd.DataFrame, test: pd.DataFrame, *, k: float = 0.1,
                    penalty: float = 1.0) -> Comparison:
    """Fit on ``train``, score ``test`` with the model and both baselines."""
    names = [f.name for f in FEATURES]
    model = fit_risk_model(train[names], train["y"], penalty=penalty)
    scores = {
        "monotone additive model": model.predict(test[names]).to_numpy(),
        "rules only (covered clauses)": _rules_probability(train, test),
        "logistic regression": logistic_score(test[names], fit_logistic(train[names],
                                                                        train["y"])),
    }
    table = pd.DataFrame({
        method: score_metrics(test["y"], s, test["revenue_at_risk_usd"], k, test["exposure_usd"])
        for method, s in scores.items()
    }).T
    return Comparison(model, table, len(train), len(test), float(train["y"].mean()),
                      float(test["y"].mean()))
