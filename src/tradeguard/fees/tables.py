"""The data behind the report, as frames: each one is also written as CSV."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from tradeguard.domain.calendar import fiscal_year_start
from tradeguard.domain.decisions import Decision
from tradeguard.errors import NotFound
from tradeguard.fees.costs import ACTIVITIES, POOLS
from tradeguard.fees.coverage import YearCoverage
from tradeguard.fees.noncompliance import PostCost
from tradeguard.fees.recommend import FeeRecommendation
from tradeguard.fees.schedule import FeeSchedule
from tradeguard.policy import PolicyBook

__all__ = [
    "abc_table",
    "assumptions_table",
    "break_even_table",
    "coverage_table",
    "format_value",
    "monte_carlo_table",
    "post_cost_table",
    "recommendations_table",
    "schedule_table",
    "tornado_table",
]


def _text(value: Decimal | None) -> str:
    """A fee as text with cents ("0.00" stays "0.00"); blank when there is none."""
    return "" if value is None else f"{value:.2f}"


def coverage_table(coverages: Mapping[int, YearCoverage]) -> pd.DataFrame:
    """One row per stream and fiscal year: revenue by fee, cost, coverage, gap, cost to collect."""
    rows = []
    for fy in sorted(coverages):
        for r in coverages[fy].rows:
            rows.append({
                "fiscal_year": fy,
                "stream": r.stream,
                "items": r.items,
                "fee_revenue_usd": r.fee_revenue_usd,
                "fees": "; ".join(f"{k}={v:.2f}" for k, v in r.revenue_by_fee_usd.items()),
                "cost_usd": r.cost_usd,
                "fixed_cost_usd": r.fixed_cost_usd,
                "coverage_ratio": r.coverage_ratio,
                "gap_usd": r.gap_usd,
                "gap_per_item_usd": r.gap_per_item_usd,
                "cost_per_item_usd": r.cost_per_item_usd,
                "duty_cost_usd": r.duty_cost_usd,
                "duties_usd": r.duties_usd,
                "cost_to_collect_per_100_usd": r.cost_to_collect_per_100_usd,
            })
    return pd.DataFrame(rows)


def abc_table(cov: YearCoverage) -> pd.DataFrame:
    """Pools by activity (stage 1), with each activity's driver total and rate (stage 2)."""
    abc = cov.abc
    frame = pd.DataFrame(
        [[abc.pool_activity_usd[p][a] for a in ACTIVITIES] for p in POOLS],
        index=list(POOLS),
        columns=list(ACTIVITIES),
    )
    frame.loc["total"] = frame.sum()
    frame.loc["driver_units"] = [sum(d[a] for d in abc.drivers.values()) for a in ACTIVITIES]
    frame.loc["rate_usd_per_unit"] = [abc.rates_usd[a] for a in ACTIVITIES]
    frame.insert(0, "pool", frame.index)
    return frame.reset_index(drop=True)


def schedule_table(schedule: FeeSchedule) -> pd.DataFrame:
    rows = [
        {
            "fee": line.name,
            "base_usd": str(line.base_usd),
            "factor": str(line.factor),
            "factor_basis": line.factor_basis,
            "published_usd": str(line.published_usd) if line.published_usd is not None else "",
            "computed_usd": str(line.computed_usd),
            "value_usd": str(line.value_usd),
            "basis": line.basis,
        }
        for line in schedule.lines.values()
    ]
    rows.append({"fee": "mpf_rate_pct", "value_usd": str(schedule.mpf_rate_pct), "basis": "law"})
    rows.append({"fee": "ems_inbound", "value_usd": str(schedule.ems_per_item_usd),
                 "basis": f"law; CBP share {schedule.ems_cbp_share}"})
    return pd.DataFrame(rows).fillna("")


def break_even_table(recs: Sequence[FeeRecommendation]) -> pd.DataFrame:
    rows = []
    for rec in recs:
        for sc in rec.scenarios:
            for label, res in (("no", sc.without_true_up), ("yes", sc.with_true_up)):
                rows.append({
                    "fee": rec.fee,
                    "elasticity": sc.elasticity,
                    "true_up": label,
                    "feasible": res.feasible,
                    "fee_exact_usd": res.fee_exact_usd,
                    "fee_usd": str(res.fee_usd) if res.fee_usd is not None else "",
                    "volume_at_fee": res.volume_at_fee,
                    "coverage_at_fee": res.coverage_at_fee,
                    "reason": res.reason,
                })
    return pd.DataFrame(rows)


def monte_carlo_table(recs: Sequence[FeeRecommendation]) -> pd.DataFrame:
    rows = []
    for rec in recs:
        mc = rec.monte_carlo
        if mc is None:
            continue
        q = np.quantile(mc.coverage_now, [0.1, 0.5, 0.9])
        rows.append({
            "fee": rec.fee,
            "draws": mc.draws,
            "seed": mc.seed,
            "p_full_recovery_now": mc.p_full_recovery_now,
            "coverage_now_p10": float(q[0]),
            "coverage_now_p50": float(q[1]),
            "coverage_now_p90": float(q[2]),
            "fee_p50_usd": _text(mc.recommended_fee_usd),
            "fee_p80_usd": _text(mc.prudent_fee_usd),
            "p_full_recovery_at_p50": mc.p_full_recovery_at_recommended,
            "infeasible_share": mc.infeasible_share,
        })
    return pd.DataFrame(rows)


def tornado_table(recs: Sequence[FeeRecommendation]) -> pd.DataFrame:
    rows = [
        {
            "fee": rec.fee,
            "base_fee_usd": rec.tornado_base_usd,
            "input": b.input,
            "low_multiplier": b.low_multiplier,
            "high_multiplier": b.high_multiplier,
            "fee_at_low_usd": b.fee_at_low_usd,
            "fee_at_high_usd": b.fee_at_high_usd,
            "swing_usd": b.swing_usd,
        }
        for rec in recs
        for b in rec.tornado
    ]
    return pd.DataFrame(rows)


def recommendations_table(recs: Sequence[FeeRecommendation]) -> pd.DataFrame:
    rows = []
    for rec in recs:
        d: Decision = rec.decision
        mc = rec.monte_carlo
        rows.append({
            "fee": rec.fee,
            "fiscal_year": rec.fiscal_year,
            "current_fee_usd": rec.inputs.fee0_usd if rec.inputs else None,
            "outcome": rec.outcome,
            "p_full_recovery_now": d.score,
            "recommended_fee_usd": _text(mc.recommended_fee_usd) if mc else "",
            "prudent_fee_p80_usd": _text(mc.prudent_fee_usd) if mc else "",
            "fast_act_next_fy_usd": _text(rec.admin_fee_usd),
            "true_up_usd": rec.true_up.gap_usd,
            "provision": d.provision,
            "policy_version": d.policy_version,
            "reasons": " | ".join(f"[{h.code}] {h.reason}" for h in d.hits),
        })
    return pd.DataFrame(rows)


def post_cost_table(costs: Sequence[PostCost]) -> pd.DataFrame:
    return pd.DataFrame([
        {
            "post_code": c.post_code,
            "stream": c.stream,
            "items": c.items,
            "cost_per_item_usd": c.cost_per_item_usd,
            "baseline_cost_per_item_usd": c.baseline_cost_per_item_usd,
            "excess_usd": c.excess_usd,
            "marginal_excess_usd": c.marginal_excess_usd,
        }
        for c in costs
    ])


def format_value(value: Any) -> str:
    """A policy value as one line: mappings as ``k: v; ...``, lists comma-separated."""
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {format_value(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(format_value(v) for v in value)
    return str(value)


def assumptions_table(
    policy: PolicyBook, fiscal_year: int, prefixes: Sequence[str]
) -> pd.DataFrame:
    """Every rule under ``prefixes`` in force in the fiscal year, with its footing and source."""
    day = fiscal_year_start(fiscal_year)
    rows = []
    for key in sorted(policy.rules):
        if not any(key.startswith(p) for p in prefixes):
            continue
        rule = policy.rules[key]
        try:
            value = rule.value_on(day)
        except NotFound:  # not in force yet in that year
            continue
        rows.append({
            "key": key,
            "value": format_value(value),
            "unit": rule.unit or "",
            "status": rule.status,
            "source": rule.source + (f" ({rule.note})" if rule.note else ""),
        })
    return pd.DataFrame(rows, columns=["key", "value", "unit", "status", "source"])
