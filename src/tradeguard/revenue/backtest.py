"""Backtest of the security policy: replay the history quarter by quarter.

At the start of each quarter the policy (threshold, multiplier) is applied to what was known
that day, giving a supplemental security per covered importer. That security would have secured
the importer's AD/CVD left uncollected on the entries it made during the quarter, up to its
amount. Against it stands the burden on importers who in fact paid (no uncollected AD/CVD on
the world's last day): how many were asked, and how many dollars of security they had to post.

The default setting is the one that secures the most dollars within two burden limits: at most
``revenue.backtest.max_payer_share`` of the paying importers asked in an average quarter, and at
most ``revenue.backtest.max_payer_security_ratio`` dollars of security held from payers for each
dollar of unpaid AD/CVD secured in a year (ties: the smaller burden).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from tradeguard.revenue.assess import assess_tables
from tradeguard.revenue.evaluate import uncollected_after
from tradeguard.revenue.frames import RevenueFrames, day
from tradeguard.revenue.params import RevenuePolicy, SecuritySetting
from tradeguard.revenue.risk import RiskModel
from tradeguard.revenue.security import security_amounts

__all__ = ["BacktestResult", "quarter_starts", "run_backtest"]


@dataclass(frozen=True)
class BacktestResult:
    """One row per setting (``table``), the chosen default and why, and per-quarter detail."""

    table: pd.DataFrame
    default: SecuritySetting
    reason: str
    quarters: tuple[dt.date, ...]
    detail: pd.DataFrame


def quarter_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of calendar quarters from ``first`` (rounded up) to ``last``.

    >>> quarter_starts(dt.date(2024, 2, 1), dt.date(2024, 10, 1))
    [datetime.date(2024, 4, 1), datetime.date(2024, 7, 1), datetime.date(2024, 10, 1)]
    """
    month = ((first.month - 1) // 3) * 3 + 1
    current = dt.date(first.year, month, 1)
    if current < first:
        current = _next_quarter(current)
    out = []
    while current <= last:
        out.append(current)
        current = _next_quarter(current)
    return out


def _next_quarter(d: dt.date) -> dt.date:
    month = d.month + 3
    return dt.date(d.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def run_backtest(frames: RevenueFrames, quarters: Sequence[dt.date], end: dt.date,
                 policy: RevenuePolicy, model: RiskModel,
                 settings: Sequence[SecuritySetting] | None = None,
                 max_payer_share: float | None = None,
                 max_payer_ratio: float | None = None) -> BacktestResult:
    """Replay ``quarters`` (start days) with every setting; outcomes measured on ``end``."""
    grid = list(settings or [SecuritySetting(t, m) for t in policy.backtest_thresholds
                             for m in policy.backtest_multipliers])
    owed = _owed(frames, end, policy)
    total_left = owed.groupby("ior_number")["uncollected_usd"].sum()
    rows: list[dict[str, object]] = []
    for start, stop in zip(quarters, [*quarters[1:], _next_quarter(quarters[-1])], strict=True):
        a = assess_tables(frames, start, policy, model)
        f = a.frame[a.frame["in_scope"]]
        ex = a.exposure.reindex(f.index).fillna(0.0)
        in_q = owed[(owed["entry_date"] >= day(start)) & (owed["entry_date"] < day(stop))]
        u = in_q.groupby("ior_number")["uncollected_usd"].sum().reindex(f.index).fillna(0.0)
        payer = total_left.reindex(f.index).fillna(0.0) <= 0.005
        for s in grid:
            amount = security_amounts(f["probability"], ex, f["covered"], s,
                                      policy.security_minimum_usd, policy.security_grid_usd)
            asked = amount > 0
            rows.append({
                "quarter": start, "threshold": s.threshold_probability,
                "multiplier": s.multiplier, "at_risk_usd": float(u.sum()),
                "secured_usd": float(pd.concat([amount, u], axis=1).min(axis=1).sum()),
                "demands": int(asked.sum()), "payers": int(payer.sum()),
                "payers_asked": int((asked & payer).sum()),
                "payer_security_usd": float(amount[payer].sum()),
                "payer_ids": frozenset(f.index[asked & payer]),
            })
    detail = pd.DataFrame(rows)
    table = _summarise(detail)
    share = policy.backtest_max_payer_share if max_payer_share is None else max_payer_share
    ratio = policy.backtest_max_payer_ratio if max_payer_ratio is None else max_payer_ratio
    default, reason = _choose(table, share, ratio)
    return BacktestResult(table, default, reason, tuple(quarters),
                          detail.drop(columns="payer_ids"))


def _owed(frames: RevenueFrames, end: dt.date, policy: RevenuePolicy) -> pd.DataFrame:
    """Uncollected dollars per supplemental bill on ``end``, with its entry's date."""
    left = uncollected_after(frames, end, policy)
    dates = frames.entries.drop_duplicates("entry_number").set_index("entry_number")
    return left.assign(entry_date=left["entry_number"].map(dates["entry_date"]))


def _summarise(detail: pd.DataFrame) -> pd.DataFrame:
    keys = ["threshold", "multiplier"]
    g = detail.groupby(keys)
    table = pd.DataFrame({
        "at_risk_usd": g["at_risk_usd"].sum(),
        "secured_usd": g["secured_usd"].sum(),
        "demands_per_quarter": g["demands"].mean(),
        "payers_asked_per_quarter": g["payers_asked"].mean(),
        "payer_share_asked": g["payers_asked"].sum() / g["payers"].sum().clip(lower=1),
        "payers_ever_asked": g["payer_ids"].agg(lambda s: len(frozenset().union(*s))),
        "payer_security_usd_per_quarter": g["payer_security_usd"].mean(),
    })
    table["secured_share"] = table["secured_usd"] / table["at_risk_usd"].where(
        table["at_risk_usd"] > 0)
    years = g.size() / 4
    per_year = table["secured_usd"] / years
    table["payer_security_per_secured_usd"] = (
        table["payer_security_usd_per_quarter"] / per_year.where(per_year > 0)
    )
    return table.reset_index()


def _choose(table: pd.DataFrame, max_payer_share: float,
            max_ratio: float) -> tuple[SecuritySetting, str]:
    ratio = table["payer_security_per_secured_usd"].fillna(float("inf"))
    ok = table[(table["payer_share_asked"] <= max_payer_share) & (ratio <= max_ratio)]
    pool = ok if len(ok) else table.nsmallest(1, "payer_share_asked")
    best = pool.sort_values(["secured_usd", "payer_security_usd_per_quarter"],
                            ascending=[False, True], kind="stable").iloc[0]
    setting = SecuritySetting(float(best["threshold"]), float(best["multiplier"]))
    reason = (
        f"threshold {setting.threshold_probability:g} and multiplier {setting.multiplier:g} "
        f"secure {best['secured_share']:.0%} of the AD/CVD left unpaid "
        f"(${best['secured_usd']:,.0f}) while asking security of "
        f"{best['payer_share_asked']:.1%} of paying importers in an average quarter "
        f"({best['payers_ever_asked']:.0f} payers ever, "
        f"${best['payer_security_usd_per_quarter']:,.0f} of their security outstanding, "
        f"{best['payer_security_per_secured_usd']:.2f} per dollar secured a year); the most "
        f"secured among settings asking at most {max_payer_share:.0%} of payers and holding "
        f"at most {max_ratio:g} dollar(s) of their security per dollar secured a year"
    )
    if not len(ok):
        reason += " (no setting met those limits; the one asking fewest payers was taken)"
    return setting, reason
