"""Break-even inputs of one fee across its streams, Monte Carlo and tornado (methods 5.C).

Uncertain inputs are multipliers with mean 1 (lognormal, coefficient of variation from
``fee_cost.uncertainty.cv``): the volume forecast, the officer labour rate, the hold rate, the
seizure rate and the fixed pools. Draws come from a seeded generator, so a run is reproducible.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from statistics import NormalDist

import numpy as np

from tradeguard.errors import InvalidInput
from tradeguard.fees.breakeven import Array, BreakEvenProblem, break_even_fees, round_up_cent
from tradeguard.fees.costs import ACTIVITIES
from tradeguard.fees.coverage import YearCoverage
from tradeguard.fees.revenue import fee_units, unit_fee_usd

__all__ = [
    "UNCERTAIN_INPUTS",
    "LeverInputs",
    "MonteCarloResult",
    "TornadoBar",
    "lever_inputs",
    "simulate",
    "tornado",
]

UNCERTAIN_INPUTS = ("volume", "labour_rate", "hold_rate", "seizure_rate", "fixed_pools")


@dataclass(frozen=True, slots=True)
class LeverInputs:
    """One fee and the streams that pay it, reduced to the break-even model's inputs."""

    fee: str
    fiscal_year: int
    streams: tuple[str, ...]
    fee0_usd: float  # the statutory fee per paying unit
    volume0: float  # items
    units_per_item: float  # counted paying units per item (EMS: times CBP's share)
    other_per_item_usd: float  # the streams' other fee revenue per item
    fixed_usd: float
    labour_per_item_usd: Mapping[str, float]  # activity -> variable labour cost per item
    non_labour_per_item_usd: Mapping[str, float]

    @property
    def variable_usd_per_item(self) -> float:
        return sum(self.labour_per_item_usd.values()) + sum(self.non_labour_per_item_usd.values())

    def problem(self, elasticity: float, true_up_usd: float = 0.0, amortise_years: int = 3,
                reserve_usd: float = 0.0, max_fee_usd: float = 100_000.0) -> BreakEvenProblem:
        return BreakEvenProblem(
            fixed_usd=self.fixed_usd,
            variable_usd_per_item=self.variable_usd_per_item,
            volume0=self.volume0,
            fee0_usd=self.fee0_usd,
            elasticity=elasticity,
            fee_units_per_item=self.units_per_item,
            other_revenue_per_item_usd=self.other_per_item_usd,
            true_up_usd=true_up_usd,
            amortise_years=amortise_years,
            reserve_usd=reserve_usd,
            max_fee_usd=max_fee_usd,
        )


def lever_inputs(cov: YearCoverage, fee: str, streams: Sequence[str]) -> LeverInputs | None:
    """Aggregate ``streams`` of one year for ``fee``; None when they carried no items."""
    vols = [v for v in cov.volumes if v.stream in streams]
    items = float(sum(v.items for v in vols))
    if items == 0:
        return None
    schedule, cost, abc = cov.schedule, cov.cost, cov.abc
    fee0 = float(schedule.ems_per_item_usd) if fee == "ems_inbound" else float(schedule.value(fee))
    share = float(schedule.ems_cbp_share) if fee == "ems_inbound" else 1.0
    units = sum(fee_units(fee, v) for v in vols) * share
    lever_revenue = unit_fee_usd(fee, schedule) * units / share
    revenue, _ = cov.total(streams)
    labour = {a: sum(cost.labour_usd_per_unit(a).values()) for a in ACTIVITIES}
    driver = {a: sum(abc.drivers[v.stream][a] for v in vols) for a in ACTIVITIES}
    return LeverInputs(
        fee=fee,
        fiscal_year=cov.fiscal_year,
        streams=tuple(v.stream for v in vols),
        fee0_usd=fee0,
        volume0=items,
        units_per_item=units / items,
        other_per_item_usd=(revenue - lever_revenue) / items,
        fixed_usd=sum(abc.stream_fixed_usd(v.stream) for v in vols),
        labour_per_item_usd={a: labour[a] * driver[a] / items for a in ACTIVITIES},
        non_labour_per_item_usd={a: cost.direct_usd[a] * driver[a] / items for a in ACTIVITIES},
    )


def _sigma(cv: float) -> float:
    return math.sqrt(math.log1p(cv * cv))


def _params(inputs: LeverInputs, m: Mapping[str, Array]) -> tuple[Array, Array, Array]:
    """(fixed cost, variable cost per item, volume) under multipliers ``m``."""
    driver_mult = {"exam": m["hold_rate"], "lab": m["hold_rate"]}
    driver_mult["seizure"] = m["hold_rate"] * m["seizure_rate"]
    ones = np.ones_like(m["volume"])
    variable = sum(
        (inputs.labour_per_item_usd[a] * m["labour_rate"] + inputs.non_labour_per_item_usd[a])
        * driver_mult.get(a, ones)
        for a in ACTIVITIES
    )
    return inputs.fixed_usd * m["fixed_pools"], np.asarray(variable), inputs.volume0 * m["volume"]


@dataclass(frozen=True, slots=True)
class MonteCarloResult:
    draws: int
    seed: int
    coverage_now: Array  # fees over cost at the current fee, one per draw
    break_even: Array  # exact break-even fee per draw (NaN where infeasible)
    recommended_fee_usd: Decimal | None
    prudent_fee_usd: Decimal | None
    p_full_recovery_at_recommended: float | None

    @property
    def p_full_recovery_now(self) -> float:
        return float(np.mean(self.coverage_now >= 1.0))

    @property
    def infeasible_share(self) -> float:
        return float(np.mean(np.isnan(self.break_even)))


def _quantile_fee(values: Array, q: float) -> Decimal | None:
    """Quantile with infeasible draws counted as an infinitely high fee."""
    filled = np.where(np.isnan(values), np.inf, values)
    x = float(np.quantile(filled, q, method="higher"))
    return round_up_cent(x) if math.isfinite(x) else None


def simulate(
    inputs: LeverInputs,
    cv: Mapping[str, float],
    *,
    elasticity: float,
    extra_usd: float,
    draws: int,
    seed: int,
    quantiles: tuple[float, float] = (0.5, 0.8),
) -> MonteCarloResult:
    """Draw the uncertain inputs and report coverage now and the break-even fee distribution."""
    missing = [k for k in UNCERTAIN_INPUTS if k not in cv]
    if missing or draws < 1:
        raise InvalidInput(f"Monte Carlo needs draws >= 1 and a cv for {', '.join(missing)}")
    rng = np.random.default_rng([seed, zlib.crc32(inputs.fee.encode())])
    z = rng.standard_normal((len(UNCERTAIN_INPUTS), draws))
    m = {}
    for i, name in enumerate(UNCERTAIN_INPUTS):
        s = _sigma(cv[name])
        m[name] = np.exp(s * z[i] - s * s / 2)
    fixed, variable, volume = _params(inputs, m)
    per_item0 = inputs.fee0_usd * inputs.units_per_item + inputs.other_per_item_usd
    coverage_now = per_item0 * volume / (fixed + variable * volume)
    fees = break_even_fees(fixed, variable, volume, inputs.fee0_usd, elasticity,
                           inputs.units_per_item, inputs.other_per_item_usd, extra_usd)
    rec = _quantile_fee(fees, quantiles[0])
    p_rec = None
    if rec is not None:
        f = float(rec)
        per_item = f * inputs.units_per_item + inputs.other_per_item_usd
        vol_f = volume * (per_item / per_item0) ** elasticity
        rev = per_item * vol_f
        p_rec = float(np.mean(rev >= fixed + variable * vol_f + extra_usd))
    return MonteCarloResult(
        draws, seed, coverage_now, fees, rec, _quantile_fee(fees, quantiles[1]), p_rec
    )


@dataclass(frozen=True, slots=True)
class TornadoBar:
    """The break-even fee with one input at its low and at its high value, others at base."""

    input: str
    low_multiplier: float
    high_multiplier: float
    fee_at_low_usd: float
    fee_at_high_usd: float

    @property
    def swing_usd(self) -> float:
        return abs(self.fee_at_high_usd - self.fee_at_low_usd)


def tornado(
    inputs: LeverInputs,
    cv: Mapping[str, float],
    *,
    elasticity: float,
    extra_usd: float,
    quantiles: tuple[float, float] = (0.1, 0.9),
) -> tuple[float, list[TornadoBar]]:
    """The base break-even fee and one bar per uncertain input, widest swing first."""

    def fee_with(mults: Mapping[str, float]) -> float:
        arrays = {k: np.array([mults.get(k, 1.0)]) for k in UNCERTAIN_INPUTS}
        fixed, variable, volume = _params(inputs, arrays)
        return float(break_even_fees(fixed, variable, volume, inputs.fee0_usd, elasticity,
                                     inputs.units_per_item, inputs.other_per_item_usd,
                                     extra_usd)[0])

    bars = []
    for name in UNCERTAIN_INPUTS:
        s = _sigma(cv[name])
        lo, hi = (math.exp(s * NormalDist().inv_cdf(q) - s * s / 2) for q in quantiles)
        bars.append(TornadoBar(name, lo, hi, fee_with({name: lo}), fee_with({name: hi})))
    bars.sort(key=lambda b: (-b.swing_usd if math.isfinite(b.swing_usd) else -math.inf, b.input))
    return fee_with({}), bars
