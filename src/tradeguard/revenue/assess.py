"""The whole assessment of importers on a day: covered status, exposure, risk and security.

``assess_importers(frames, on, policy, model)`` is pure (frames in, decisions out); the service
loads the frames and stores the decisions. :class:`Assessment` keeps the intermediate tables so
that the backtest, the evaluation and the report reuse them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

import pandas as pd

from tradeguard.domain.decisions import Decision, RuleHit
from tradeguard.revenue.covered import RecordTables, build_records, covered_decisions
from tradeguard.revenue.explain import make_decision, usd
from tradeguard.revenue.exposure import exposure_decisions, importer_exposure
from tradeguard.revenue.features import FEATURES, importer_features
from tradeguard.revenue.frames import RevenueFrames
from tradeguard.revenue.params import RevenuePolicy, SecuritySetting
from tradeguard.revenue.risk import RiskModel
from tradeguard.revenue.security import (
    Debarment,
    continuous_bond_eligibility,
    live_entry_candidates,
    security_amounts,
    security_decisions,
)

__all__ = ["Assessment", "assess_importers", "assess_tables", "risk_decisions"]

RISK_PROVISION = "EO 13785 s.3 (risk assessment); 19 U.S.C. 4321(b)"
LABELS = {f.name: f for f in FEATURES}
LOG_MONEY = {"unpaid_usd_log", "volume_log"}


@dataclass(frozen=True)
class Assessment:
    """Tables behind one day's decisions. ``frame``: one row per importer with ``in_scope``,
    ``covered``, ``exempt``, ``probability``, ``exposure_usd``, ``worst_case_usd``,
    ``security_usd`` and the live-entry columns."""

    on: dt.date
    records: RecordTables
    exposure: pd.DataFrame
    by_case: pd.DataFrame
    history: pd.DataFrame
    features: pd.DataFrame
    contributions: pd.DataFrame
    frame: pd.DataFrame


def assess_tables(frames: RevenueFrames, on: dt.date, policy: RevenuePolicy,
                  model: RiskModel, setting: SecuritySetting | None = None) -> Assessment:
    """Every per-importer table for ``on`` (no decisions yet)."""
    records = build_records(frames, on, policy)
    exposure, by_case, history = importer_exposure(frames, records.ledger, on, policy)
    features = importer_features(records.table, exposure)
    contributions = model.contributions(features)
    table = records.table
    frame = table[["in_scope", "covered", "exempt"]].copy()
    frame["probability"] = model.predict(features)
    ex = exposure.reindex(frame.index).fillna(0.0)
    frame["exposure_usd"] = ex["exposure_usd"]
    frame["worst_case_usd"] = ex["worst_case_usd"]
    frame["security_usd"] = security_amounts(
        frame["probability"], ex, frame["covered"], setting or policy.security,
        policy.security_minimum_usd, policy.security_grid_usd,
    )
    live = live_entry_candidates(records.ledger, policy.live_entry_after_days)
    frame = frame.join(live)
    frame[["overdue_n", "protested_n"]] = frame[["overdue_n", "protested_n"]].fillna(0)
    return Assessment(on, records, exposure, by_case, history, features, contributions, frame)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _feature_text(name: str, value: float) -> str:
    if name in LOG_MONEY:
        return usd(math.expm1(value))
    if name == "max_days_late_log":
        return f"{math.expm1(value):.0f} days"
    if name in ("unpaid_share", "broker_bad_rate", "adcvd_share"):
        return f"{value:.0%}"
    if name in ("new_importer", "never_liquidated", "nonresident"):
        return "yes" if value >= 0.5 else "no"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _risk_hits(p: float, values: Mapping[str, float], weights: Mapping[str, float],
               base: float, policy: RevenuePolicy) -> list[RuleHit]:
    status = policy.status("risk.model")
    hits = [RuleHit(
        "RISK-PROBABILITY", 0.0,
        f"Probability of not paying AD/CVD it will owe: {p:.1%} (an importer at the lowest value "
        f"of every feature: {base:.1%})", {"probability": round(p, 4)}, status,
    )]
    for name in sorted(weights, key=lambda n: -abs(weights[n])):
        weight = weights[name]
        if abs(weight) < 0.05:
            continue
        value = values[name]
        hits.append(RuleHit(
            f"RISK-{name.upper().replace('_', '-')}", round(weight, 4),
            f"{_sentence(LABELS[name].label)}: {_feature_text(name, value)} "
            f"({weight:+.2f} log-odds)",
            {"value": round(value, 6), "log_odds": round(weight, 6)}, status,
        ))
    return hits


def risk_decisions(a: Assessment, model: RiskModel, policy: RevenuePolicy) -> list[Decision]:
    """One ``revenue_risk`` decision per in-scope, non-exempt importer, with per-feature
    contributions as its evidence."""
    out: list[Decision] = []
    threshold = policy.security.threshold_probability
    base = 1 / (1 + math.exp(-model.intercept))
    chosen = a.frame.index[a.frame["in_scope"] & ~a.frame["exempt"]]
    probs = a.frame.loc[chosen, "probability"].to_numpy(dtype=float)
    values = cast("list[dict[str, float]]", a.features.loc[chosen].to_dict("records"))
    weights = cast("list[dict[str, float]]", a.contributions.loc[chosen].to_dict("records"))
    for ior, p, x, w in zip(chosen, probs, values, weights, strict=True):
        p = float(p)
        hits = _risk_hits(p, x, w, base, policy)
        out.append(make_decision(
            str(ior), "revenue_risk", "risk" if p >= threshold else "low_risk", round(p, 6),
            hits, RISK_PROVISION, policy.version, a.on,
            {"features": {k: round(float(v), 6) for k, v in x.items()}},
        ))
    return out


def assess_importers(frames: RevenueFrames, on: dt.date, policy: RevenuePolicy,
                     model: RiskModel, *, debarred: Mapping[str, Debarment] | None = None,
                     notice_days: int = 15) -> tuple[Assessment, list[Decision]]:
    """Covered importers, exposure, risk and security demands on ``on``, as decisions.

    Decision kinds: ``covered_importer``, ``adcvd_exposure``, ``revenue_risk``,
    ``adcvd_security`` and, for importers in ``debarred``, ``continuous_bond_eligibility``.
    """
    a = assess_tables(frames, on, policy, model)
    scope = a.frame.index[a.frame["in_scope"]]
    decisions = covered_decisions(a.records, policy)
    decisions += exposure_decisions(a.exposure, a.by_case, a.history, on, policy, scope)
    decisions += risk_decisions(a, model, policy)
    decisions += security_decisions(a.frame[a.frame["in_scope"]], on, policy)
    if debarred:
        decisions += continuous_bond_eligibility(debarred, on, notice_days, policy.version)
    return a, decisions
