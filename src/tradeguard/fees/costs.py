"""Two-stage activity-based costing of the parcel streams (OMB A-25 full cost; methods 5.C).

Stage 1 puts resource pools on activities: officer labour (direct, overtime, supervision and
imputed OPM benefits) and non-labour unit costs follow each activity's driver volume; fixed
pools (facilities, NII depreciation, IT, headquarters overhead) are spread by activity shares.
Stage 2 puts activities on streams at the activity rate r_a = C_a / D_a. Nothing is lost on the
way: the stream costs add up to the activity costs, which add up to the pools.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tradeguard.domain.calendar import fiscal_year_start
from tradeguard.errors import InvalidInput
from tradeguard.fees.volumes import STREAMS, StreamVolume
from tradeguard.policy import PolicyBook

__all__ = [
    "ACTIVITIES",
    "FIXED_POOLS",
    "LABOUR_POOLS",
    "AbcResult",
    "CostPolicy",
    "activity_based_cost",
    "stream_drivers",
]

ACTIVITIES = ("screening", "exam", "lab", "seizure", "duty", "protest")
LABOUR_POOLS = ("officer_direct", "overtime", "supervision", "imputed_benefits")
FIXED_POOLS = ("facilities", "nii_depreciation", "it_targeting_ace", "hq_overhead")
NON_LABOUR_POOL = "direct_non_labour"
POOLS = (*LABOUR_POOLS, NON_LABOUR_POOL, *FIXED_POOLS)


def _floats(raw: object, keys: Sequence[str], what: str) -> dict[str, float]:
    if not isinstance(raw, Mapping):
        raise InvalidInput(f"policy {what} must be a mapping")
    missing = [k for k in keys if k not in raw]
    if missing:
        raise InvalidInput(f"policy {what} lacks {', '.join(missing)}")
    return {k: float(raw[k]) for k in keys}


@dataclass(frozen=True, slots=True)
class CostPolicy:
    """The cost assumptions of one fiscal year (namespace ``fee_cost``)."""

    rate_usd_per_hour: float
    overtime_share: float
    overtime_premium: float
    supervision_ratio: float
    imputed_ratio: float
    minutes: Mapping[str, float]
    direct_usd: Mapping[str, float]
    fixed_pools_usd: Mapping[str, float]
    pool_shares: Mapping[str, Mapping[str, float]]
    hold_rate: Mapping[str, float]
    lab_share: Mapping[str, float]
    seizure_rate: Mapping[str, float]
    duty_weight: Mapping[str, float]
    protest_rate: float

    @classmethod
    def from_policy(cls, policy: PolicyBook, fiscal_year: int) -> CostPolicy:
        ns = policy.namespace("fee_cost", on=fiscal_year_start(fiscal_year))
        pools = {p: float(ns[f"pool.{p}.annual_usd"]) for p in FIXED_POOLS}
        shares = {p: _floats(ns[f"pool.{p}.activity_shares"], ACTIVITIES, p) for p in FIXED_POOLS}
        for pool, split in shares.items():
            if abs(sum(split.values()) - 1.0) > 1e-9:
                raise InvalidInput(f"policy fee_cost.pool.{pool}.activity_shares must sum to 1")
        return cls(
            rate_usd_per_hour=float(ns["labour.cbpo_rate_usd_per_hour"]),
            overtime_share=float(ns["labour.overtime_share"]),
            overtime_premium=float(ns["labour.overtime_premium"]),
            supervision_ratio=float(ns["labour.supervision_ratio"]),
            imputed_ratio=float(ns["labour.imputed_ratio"]),
            minutes=_floats(ns["activity.minutes"], ACTIVITIES, "activity.minutes"),
            direct_usd=_floats(ns["activity.direct_usd"], ACTIVITIES, "activity.direct_usd"),
            fixed_pools_usd=pools,
            pool_shares=shares,
            hold_rate=_floats(ns["driver.hold_rate"], STREAMS, "driver.hold_rate"),
            lab_share=_floats(ns["driver.lab_share"], STREAMS, "driver.lab_share"),
            seizure_rate=_floats(ns["driver.seizure_rate"], STREAMS, "driver.seizure_rate"),
            duty_weight=_floats(ns["driver.duty_weight"], STREAMS, "driver.duty_weight"),
            protest_rate=float(ns["driver.protest_rate"]),
        )

    @property
    def labour_loading(self) -> float:
        """Labour cost per dollar of direct officer time, loadings included."""
        return 1.0 + self.overtime_share * self.overtime_premium + self.supervision_ratio + (
            self.imputed_ratio
        )

    def labour_usd_per_unit(self, activity: str) -> dict[str, float]:
        """Labour cost of one driver unit of ``activity``, by labour pool."""
        direct = self.minutes[activity] / 60.0 * self.rate_usd_per_hour
        return {
            "officer_direct": direct,
            "overtime": direct * self.overtime_share * self.overtime_premium,
            "supervision": direct * self.supervision_ratio,
            "imputed_benefits": direct * self.imputed_ratio,
        }

    def variable_usd_per_unit(self, activity: str) -> float:
        return sum(self.labour_usd_per_unit(activity).values()) + self.direct_usd[activity]


def stream_drivers(volume: StreamVolume, cost: CostPolicy) -> dict[str, float]:
    """Activity driver volumes of one stream: items screened, examined, sampled, seized..."""
    s = volume.stream
    exams = volume.items * cost.hold_rate[s]
    return {
        "screening": float(volume.items),
        "exam": exams,
        "lab": exams * cost.lab_share[s],
        "seizure": exams * cost.seizure_rate[s],
        "duty": volume.dutiable_items * cost.duty_weight[s],
        "protest": volume.dutiable_items * cost.protest_rate,
    }


@dataclass(frozen=True, slots=True)
class AbcResult:
    """Pools, activities and streams of one fiscal year, with the drivers that link them."""

    fiscal_year: int
    pool_activity_usd: Mapping[str, Mapping[str, float]]  # pool -> activity -> usd
    drivers: Mapping[str, Mapping[str, float]]  # stream -> activity -> driver units
    rates_usd: Mapping[str, float]  # activity -> full cost per driver unit (r_a)
    fixed_rates_usd: Mapping[str, float]  # activity -> fixed part of r_a
    items: Mapping[str, int]

    @property
    def pool_usd(self) -> dict[str, float]:
        return {p: sum(acts.values()) for p, acts in self.pool_activity_usd.items()}

    @property
    def activity_usd(self) -> dict[str, float]:
        return {a: sum(self.pool_activity_usd[p][a] for p in POOLS) for a in ACTIVITIES}

    def stream_activity_usd(self, stream: str) -> dict[str, float]:
        return {a: self.rates_usd[a] * self.drivers[stream][a] for a in ACTIVITIES}

    def stream_usd(self, stream: str) -> float:
        return sum(self.stream_activity_usd(stream).values())

    def stream_fixed_usd(self, stream: str) -> float:
        return sum(self.fixed_rates_usd[a] * self.drivers[stream][a] for a in ACTIVITIES)

    def stream_variable_usd(self, stream: str) -> float:
        return self.stream_usd(stream) - self.stream_fixed_usd(stream)

    def duty_usd(self, stream: str) -> float:
        """Cost of assessing and collecting duties (and their protests) in ``stream``."""
        act = self.stream_activity_usd(stream)
        return act["duty"] + act["protest"]

    def cost_per_item_usd(self, stream: str) -> float | None:
        n = self.items[stream]
        return self.stream_usd(stream) / n if n else None

    @property
    def streams(self) -> tuple[str, ...]:
        return tuple(s for s in STREAMS if s in self.drivers)


def activity_based_cost(volumes: Sequence[StreamVolume], cost: CostPolicy) -> AbcResult:
    """Cost every stream of one fiscal year; raise if a cost could not be put on any stream."""
    years = {v.fiscal_year for v in volumes}
    if len(years) != 1:
        raise InvalidInput(f"activity-based costing takes one fiscal year, got {sorted(years)}")
    drivers = {v.stream: stream_drivers(v, cost) for v in volumes}
    totals = {a: sum(d[a] for d in drivers.values()) for a in ACTIVITIES}
    pools: dict[str, dict[str, float]] = {p: {} for p in POOLS}
    for a in ACTIVITIES:
        for pool, usd in cost.labour_usd_per_unit(a).items():
            pools[pool][a] = usd * totals[a]
        pools[NON_LABOUR_POOL][a] = cost.direct_usd[a] * totals[a]
        for pool in FIXED_POOLS:
            pools[pool][a] = cost.fixed_pools_usd[pool] * cost.pool_shares[pool][a]
    rates: dict[str, float] = {}
    fixed_rates: dict[str, float] = {}
    for a in ACTIVITIES:
        activity_cost = sum(pools[p][a] for p in POOLS)
        fixed = sum(pools[p][a] for p in FIXED_POOLS)
        if totals[a] <= 0:
            if activity_cost > 0:
                raise InvalidInput(
                    f"FY{years.pop()}: ${activity_cost:,.0f} of {a} cost has no driver volume "
                    f"in any stream, so it cannot be allocated (no pool may be left unallocated)"
                )
            rates[a], fixed_rates[a] = 0.0, 0.0
            continue
        rates[a], fixed_rates[a] = activity_cost / totals[a], fixed / totals[a]
    items = {v.stream: v.items for v in volumes}
    return AbcResult(years.pop(), pools, drivers, rates, fixed_rates, items)

