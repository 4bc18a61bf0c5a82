"""Fee sufficiency for parcels: EO 13904 s.7 (a) analysis and (b) recommendations.

Implements the COBRA fee schedule and calculators (19 U.S.C. 58c; 19 CFR 24.22-24.23; FAST Act
inflation adjustment, 19 CFR 24.22(k)), the STOP Act inbound EMS fee and its USPS/CBP split,
an OMB A-25 full-cost activity-based cost model per parcel stream, coverage and cost to collect,
break-even fees with elasticity and true-up, Monte Carlo, and the report (methods 5.C).

>>> from tradeguard.policy import load_policy
>>> str(fee_schedule(load_policy(), 2026).value("dutiable_mail"))
'7.39'
"""

from __future__ import annotations

from tradeguard.fees.breakeven import BreakEvenProblem, BreakEvenResult, solve_break_even
from tradeguard.fees.costs import AbcResult, CostPolicy, activity_based_cost
from tradeguard.fees.coverage import CoverageRow, YearCoverage, year_coverage
from tradeguard.fees.defaults import default_volumes
from tradeguard.fees.noncompliance import (
    PostCost,
    PostRates,
    noncompliance_costs,
    post_rates_from_mail_items,
)
from tradeguard.fees.recommend import FeeRecommendation, recommend_fees
from tradeguard.fees.schedule import (
    EmsFee,
    FeeSchedule,
    dutiable_mail_fee,
    ems_fee,
    ems_remittances,
    express_fee,
    fee_schedule,
    informal_entry_fee,
    manual_surcharge,
    mpf_formal,
)
from tradeguard.fees.service import FeeReportResult, analyse, fee_report
from tradeguard.fees.volumes import STREAMS, StreamVolume, read_volumes_csv

__all__ = [
    "STREAMS",
    "AbcResult",
    "BreakEvenProblem",
    "BreakEvenResult",
    "CostPolicy",
    "CoverageRow",
    "EmsFee",
    "FeeRecommendation",
    "FeeReportResult",
    "FeeSchedule",
    "PostCost",
    "PostRates",
    "StreamVolume",
    "YearCoverage",
    "activity_based_cost",
    "analyse",
    "default_volumes",
    "dutiable_mail_fee",
    "ems_fee",
    "ems_remittances",
    "express_fee",
    "fee_report",
    "fee_schedule",
    "informal_entry_fee",
    "manual_surcharge",
    "mpf_formal",
    "noncompliance_costs",
    "post_rates_from_mail_items",
    "read_volumes_csv",
    "recommend_fees",
    "solve_break_even",
    "year_coverage",
]
