"""Coverage of cost by fees, per stream and fiscal year (EO 13904 s.7(a); methods 5.C).

CR = fee revenue / full cost; gap = cost - revenue. Duties are reported beside it, with the cost
of collecting them per $100, and never enter the revenue side.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tradeguard.domain.decisions import Decision, RuleHit, inputs_digest
from tradeguard.fees.costs import AbcResult, CostPolicy, activity_based_cost
from tradeguard.fees.revenue import fee_lines_from_policy, stream_fee_revenue
from tradeguard.fees.schedule import FeeSchedule, fee_schedule
from tradeguard.fees.volumes import StreamVolume, volumes_for_year
from tradeguard.policy import PolicyBook

__all__ = ["CoverageRow", "YearCoverage", "coverage_decisions", "year_coverage"]

PROVISION_A = "EO 13904 s.7(a)"


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """Fees against full cost for one stream in one fiscal year."""

    stream: str
    fiscal_year: int
    items: int
    revenue_by_fee_usd: Mapping[str, float]
    cost_usd: float
    fixed_cost_usd: float
    duty_cost_usd: float
    duties_usd: float

    @property
    def fee_revenue_usd(self) -> float:
        return sum(self.revenue_by_fee_usd.values())

    @property
    def coverage_ratio(self) -> float | None:
        return self.fee_revenue_usd / self.cost_usd if self.cost_usd > 0 else None

    @property
    def gap_usd(self) -> float:
        return self.cost_usd - self.fee_revenue_usd

    @property
    def gap_per_item_usd(self) -> float | None:
        return self.gap_usd / self.items if self.items else None

    @property
    def cost_per_item_usd(self) -> float | None:
        return self.cost_usd / self.items if self.items else None

    @property
    def cost_to_collect_per_100_usd(self) -> float | None:
        """Cost of collecting duties per $100 of duties collected."""
        return 100 * self.duty_cost_usd / self.duties_usd if self.duties_usd > 0 else None


@dataclass(frozen=True, slots=True)
class YearCoverage:
    """Everything the coverage analysis of one fiscal year used and found."""

    fiscal_year: int
    schedule: FeeSchedule
    cost: CostPolicy
    abc: AbcResult
    rows: tuple[CoverageRow, ...]
    volumes: tuple[StreamVolume, ...]

    def row(self, stream: str) -> CoverageRow:
        return next(r for r in self.rows if r.stream == stream)

    def total(self, streams: Sequence[str]) -> tuple[float, float]:
        """(fee revenue, cost) summed over ``streams``."""
        rows = [r for r in self.rows if r.stream in streams]
        return sum(r.fee_revenue_usd for r in rows), sum(r.cost_usd for r in rows)


def year_coverage(
    volumes: Sequence[StreamVolume], policy: PolicyBook, fiscal_year: int
) -> YearCoverage:
    """Cost, fee revenue and coverage of every stream with volumes in ``fiscal_year``."""
    rows_in = volumes_for_year(volumes, fiscal_year)
    schedule = fee_schedule(policy, fiscal_year)
    cost = CostPolicy.from_policy(policy, fiscal_year)
    lines = fee_lines_from_policy(policy, fiscal_year)
    abc = activity_based_cost(rows_in, cost)
    rows = tuple(
        CoverageRow(
            stream=v.stream,
            fiscal_year=fiscal_year,
            items=v.items,
            revenue_by_fee_usd=stream_fee_revenue(v, schedule, lines[v.stream]),
            cost_usd=abc.stream_usd(v.stream),
            fixed_cost_usd=abc.stream_fixed_usd(v.stream),
            duty_cost_usd=abc.duty_usd(v.stream),
            duties_usd=v.duties_usd,
        )
        for v in rows_in
    )
    return YearCoverage(fiscal_year, schedule, cost, abc, rows, tuple(rows_in))


def _money(x: float) -> str:
    return f"${x / 1e6:,.1f}M" if abs(x) >= 1e6 else f"${x:,.2f}"


def _coverage_hits(row: CoverageRow) -> list[RuleHit]:
    cr = row.coverage_ratio
    fees = ", ".join(f"{k} {_money(v)}" for k, v in row.revenue_by_fee_usd.items()) or "none"
    hits = [
        RuleHit(
            "FEE-REVENUE",
            0.0,
            f"Fees collected on {row.stream} in FY{row.fiscal_year}: "
            f"{_money(row.fee_revenue_usd)} ({fees}); duties are not counted as fee revenue",
            {"revenue_by_fee_usd": dict(row.revenue_by_fee_usd)},
            "law",
        ),
        RuleHit(
            "FEE-COVERAGE",
            1.0 if cr is not None and cr < 1 else 0.0,
            f"Modelled full cost {_money(row.cost_usd)} for {row.items:,} items; fees cover "
            + (f"{cr:.1%} of it, a gap of {_money(row.gap_usd)}" if cr is not None else "no cost"),
            {"cost_usd": row.cost_usd, "coverage_ratio": cr, "gap_usd": row.gap_usd},
            "assumption",
        ),
    ]
    ctc = row.cost_to_collect_per_100_usd
    if ctc is not None:
        hits.append(
            RuleHit(
                "DUTY-COST-TO-COLLECT",
                0.0,
                f"Collecting {_money(row.duties_usd)} of duties costs {_money(row.duty_cost_usd)}, "
                f"${ctc:.2f} per $100 collected (kept apart from fee revenue)",
                {"duty_cost_usd": row.duty_cost_usd, "duties_usd": row.duties_usd},
                "assumption",
            )
        )
    return hits


def coverage_decisions(cov: YearCoverage, decided_at: dt.datetime) -> list[Decision]:
    """One ``fee_coverage`` decision per stream with items in the year."""
    out = []
    for row in cov.rows:
        cr = row.coverage_ratio
        if cr is None:
            continue
        outcome = "full_recovery" if cr >= 1 else "under_recovery"
        out.append(
            Decision(
                subject=f"stream:{row.stream}:FY{row.fiscal_year}",
                kind="fee_coverage",
                outcome=outcome,
                score=cr,
                hits=tuple(_coverage_hits(row)),
                provision=PROVISION_A,
                policy_version=cov.schedule.policy_version,
                inputs_digest=inputs_digest([v for v in cov.volumes if v.stream == row.stream]),
                decided_at=decided_at,
            )
        )
    return out
