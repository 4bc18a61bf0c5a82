"""Recommended fee adjustments (EO 13904 s.7(b)): break-even, true-up, Monte Carlo, footing.

For each fee that a group of streams pays (``fee_cost.breakeven.levers``) the analysis trues up
the past years' over- or under-recovery, solves the break-even fee under each elasticity
scenario, simulates the uncertain inputs, and classifies the recommendation:

* ``sufficient``: the current fee already recovers cost and true-up;
* ``administrative``: next year's FAST Act inflation adjustment (19 CFR 24.22(k)) is enough;
* ``requires_legislation``: COBRA fee amounts are statutory (19 U.S.C. 58c), so anything more
  needs an Act of Congress;
* ``infeasible``: no fee recovers the cost (for example when ε ≤ -1);
* ``not_assessed``: the streams carried no items in the year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from tradeguard.domain.calendar import fiscal_year_start
from tradeguard.domain.decisions import Decision, RuleHit, inputs_digest
from tradeguard.errors import InvalidInput, NotFound
from tradeguard.fees.breakeven import (
    BreakEvenProblem,
    BreakEvenResult,
    Scenario,
    TrueUp,
    solve_break_even,
)
from tradeguard.fees.coverage import YearCoverage
from tradeguard.fees.explain import recommendation_hits
from tradeguard.fees.montecarlo import (
    LeverInputs,
    MonteCarloResult,
    TornadoBar,
    lever_inputs,
    simulate,
    tornado,
)
from tradeguard.fees.schedule import INDEXED_FEES, cents, fee_factor
from tradeguard.policy import PolicyBook

__all__ = ["FeeRecommendation", "Scenario", "TrueUp", "recommend_fees", "true_up"]

PROVISION_B = "EO 13904 s.7(b)"
STATUTE = "19 U.S.C. 58c"


@dataclass(frozen=True, slots=True)
class FeeRecommendation:
    fee: str
    fiscal_year: int
    outcome: str
    inputs: LeverInputs | None
    true_up: TrueUp
    scenarios: tuple[Scenario, ...]
    monte_carlo: MonteCarloResult | None
    tornado_base_usd: float | None
    tornado: tuple[TornadoBar, ...]
    admin_fee_usd: Decimal | None
    decision: Decision


def true_up(
    coverages: Mapping[int, YearCoverage], fiscal_year: int, streams: Sequence[str], lookback: int
) -> TrueUp:
    """Sum of cost minus fee revenue of ``streams`` over the ``lookback`` years before."""
    years, gap, skipped = [], 0.0, []
    for fy in range(fiscal_year - lookback, fiscal_year):
        cov = coverages.get(fy)
        if cov is None:
            skipped.append(f"FY{fy}: no volumes")
            continue
        revenue, cost = cov.total(streams)
        years.append(fy)
        gap += cost - revenue
    return TrueUp(tuple(years), gap, tuple(skipped))


def _admin_fee(policy: PolicyBook, fee: str, fiscal_year: int) -> tuple[Decimal, str] | None:
    """Next fiscal year's FAST Act adjusted fee and the basis of its factor (None if unindexed)."""
    if fee not in INDEXED_FEES:
        return None
    start = fiscal_year_start(fiscal_year + 1)
    base = Decimal(str(policy.value(f"fee.{INDEXED_FEES[fee]}.base_usd", on=start)))
    factor, basis = fee_factor(policy, fiscal_year + 1)
    return cents(base * factor), f"FY{fiscal_year + 1} factor {factor} ({basis})"


@dataclass(frozen=True, slots=True)
class _Settings:
    levers: Mapping[str, tuple[str, ...]]
    elasticity: float
    scenarios: tuple[float, ...]
    lookback: int
    amortise_years: int
    reserve_months: float
    max_fee_usd: float
    draws: int
    cv: Mapping[str, float]
    quantiles: tuple[float, float]
    tornado_quantiles: tuple[float, float]

    @classmethod
    def from_policy(cls, policy: PolicyBook, fiscal_year: int) -> _Settings:
        ns = policy.namespace("fee_cost", on=fiscal_year_start(fiscal_year))
        levers = ns["breakeven.levers"]
        if not isinstance(levers, Mapping):
            raise InvalidInput("policy fee_cost.breakeven.levers must map fees to streams")
        tq = [float(x) for x in ns["uncertainty.tornado_quantiles"]]
        return cls(
            levers={str(k): tuple(str(s) for s in v) for k, v in levers.items()},
            elasticity=float(ns["breakeven.elasticity_default"]),
            scenarios=tuple(float(x) for x in ns["breakeven.elasticity_scenarios"]),
            lookback=int(ns["breakeven.true_up_lookback_years"]),
            amortise_years=int(ns["breakeven.amortise_years"]),
            reserve_months=float(ns["breakeven.reserve_months"]),
            max_fee_usd=float(ns["breakeven.max_fee_usd"]),
            draws=int(ns["uncertainty.draws"]),
            cv={str(k): float(v) for k, v in ns["uncertainty.cv"].items()},
            quantiles=(
                float(ns["uncertainty.recommend_quantile"]),
                float(ns["uncertainty.prudent_quantile"]),
            ),
            tornado_quantiles=(tq[0], tq[1]),
        )


def recommend_fees(
    coverages: Mapping[int, YearCoverage],
    policy: PolicyBook,
    fiscal_year: int,
    seed: int,
    decided_at: dt.datetime,
) -> list[FeeRecommendation]:
    """One recommendation per lever fee for ``fiscal_year`` (whose coverage must be present)."""
    if fiscal_year not in coverages:
        raise NotFound(f"no volumes for FY{fiscal_year}: nothing to recommend on")
    cfg = _Settings.from_policy(policy, fiscal_year)
    return [
        _recommend(coverages, policy, cfg, fee, streams, fiscal_year, seed, decided_at)
        for fee, streams in cfg.levers.items()
    ]


def _recommend(
    coverages: Mapping[int, YearCoverage],
    policy: PolicyBook,
    cfg: _Settings,
    fee: str,
    streams: tuple[str, ...],
    fy: int,
    seed: int,
    decided_at: dt.datetime,
) -> FeeRecommendation:
    cov = coverages[fy]
    tu = true_up(coverages, fy, streams, cfg.lookback)
    inputs = lever_inputs(cov, fee, streams)
    admin = _admin_fee(policy, fee, fy)
    digest = inputs_digest({"fee": fee, "fy": fy, "seed": seed, "inputs": inputs, "true_up": tu})

    def decide(outcome: str, score: float | None, hits: list[RuleHit]) -> Decision:
        return Decision(f"fee:{fee}", "fee_recommendation", outcome, score, tuple(hits),
                        PROVISION_B, policy.version, digest, decided_at)

    if inputs is None:
        hit = RuleHit("FEE-RECOMMEND-NA", 0.0,
                      f"No items in {', '.join(streams)} in FY{fy}: the fee was not assessed")
        return FeeRecommendation(fee, fy, "not_assessed", None, tu, (), None, None, (),
                                 admin[0] if admin else None, decide("not_assessed", None, [hit]))
    cost_now = inputs.problem(0.0).cost(inputs.fee0_usd)
    reserve = cost_now * cfg.reserve_months / 12

    def problem(elasticity: float, true_up_usd: float) -> BreakEvenProblem:
        return inputs.problem(elasticity, true_up_usd, cfg.amortise_years, reserve,
                              cfg.max_fee_usd)

    scenarios = tuple(
        Scenario(e, solve_break_even(problem(e, 0.0)), solve_break_even(problem(e, tu.gap_usd)))
        for e in cfg.scenarios
    )
    main = problem(cfg.elasticity, tu.gap_usd)
    extra = main.extra_usd
    mc = simulate(inputs, cfg.cv, elasticity=cfg.elasticity, extra_usd=extra, draws=cfg.draws,
                  seed=seed, quantiles=cfg.quantiles)
    base, bars = tornado(inputs, cfg.cv, elasticity=cfg.elasticity, extra_usd=extra,
                         quantiles=cfg.tornado_quantiles)
    main_result = solve_break_even(main)
    outcome = _classify(main.coverage(inputs.fee0_usd), main_result, mc, admin)
    hits = recommendation_hits(inputs, tu, cfg.amortise_years, scenarios, main_result, mc, admin,
                               outcome, cov)
    return FeeRecommendation(fee, fy, outcome, inputs, tu, scenarios, mc, base, tuple(bars),
                             admin[0] if admin else None,
                             decide(outcome, mc.p_full_recovery_now, hits))


def _classify(
    coverage_now: float,
    main: BreakEvenResult,
    mc: MonteCarloResult,
    admin: tuple[Decimal, str] | None,
) -> str:
    rec = mc.recommended_fee_usd
    at_most_current = rec is not None and float(rec) <= main.problem.fee0_usd + 1e-9
    if coverage_now >= 1 or (main.feasible and at_most_current):
        return "sufficient"
    if not main.feasible or mc.recommended_fee_usd is None:
        return "infeasible"
    if admin is not None and admin[0] >= mc.recommended_fee_usd:
        return "administrative"
    return "requires_legislation"
