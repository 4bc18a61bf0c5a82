"""Break-even fee: worked example, accuracy, monotonicity, infeasibility, true-up (methods 5.C)."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tradeguard.errors import InvalidInput
from tradeguard.fees.breakeven import BreakEvenProblem, break_even_fees, solve_break_even

F, V, V0, F0 = 150e6, 1.20, 100e6, 1.34

fixed_st = st.floats(1e6, 3e8)
var_st = st.floats(0.0, 20.0)
vol_st = st.floats(3e7, 1e9)
eps_st = st.floats(-0.6, 0.0)


def test_worked_example() -> None:
    p = BreakEvenProblem(F, V, V0, F0, elasticity=-0.2)
    assert p.coverage(F0) == pytest.approx(0.496, abs=5e-4)
    assert solve_break_even(BreakEvenProblem(F, V, V0, F0, elasticity=0.0)).fee_usd == Decimal(
        "2.70"
    )
    r = solve_break_even(p)
    assert r.feasible and r.fee_usd == Decimal("2.96")
    assert r.fee_exact_usd == pytest.approx(2.957, abs=5e-4)
    assert r.coverage_at_fee == pytest.approx(1.0008, abs=1e-4)
    assert p.volume(r.fee_exact_usd) / 1e6 == pytest.approx(85.4, abs=0.05)


@settings(max_examples=60, deadline=None)
@given(fixed_st, var_st, vol_st, st.floats(0.1, 10.0), eps_st)
def test_break_even_accuracy_and_rounding(
    f: float, v: float, v0: float, f0: float, e: float
) -> None:
    p = BreakEvenProblem(f, v, v0, f0, elasticity=e)
    r = solve_break_even(p)
    assert r.feasible and r.fee_exact_usd is not None and r.fee_usd is not None
    x = r.fee_exact_usd
    assert abs(x * p.volume(x) - p.cost(x)) / p.cost(x) <= 0.005
    assert r.coverage_at_fee >= 1.0
    assume(x >= 1.0)  # a cent is then at most 1% of the fee
    assert r.coverage_at_fee - 1 <= 0.01


@settings(max_examples=60, deadline=None)
@given(fixed_st, var_st, vol_st, eps_st, st.floats(1.01, 3.0))
def test_monotone_in_cost_and_volume(f: float, v: float, v0: float, e: float, k: float) -> None:
    def fee(ff: float, vv: float, vol: float) -> float:
        return float(break_even_fees(ff, vv, vol, F0, e)[0])

    base = fee(f, v, v0)
    assert fee(f * k, v, v0) >= base * (1 - 1e-9)
    assert fee(f, v * k + 0.01, v0) >= base * (1 - 1e-9)
    assert fee(f, v, v0 * k) <= base * (1 + 1e-9)


@given(fixed_st, var_st, vol_st, st.floats(-1e8, 1e8))
def test_inelastic_closed_form(f: float, v: float, v0: float, offsets: float) -> None:
    assume(f - offsets > 0)
    r = solve_break_even(BreakEvenProblem(f, v, v0, F0, elasticity=0.0, offsets_usd=offsets))
    assert r.fee_exact_usd == pytest.approx((f - offsets) / v0 + v, rel=1e-12)


@pytest.mark.parametrize("e", [-1.0, -1.5, -3.0])
def test_infeasible_is_reported_not_clipped(e: float) -> None:
    r = solve_break_even(BreakEvenProblem(F, V, V0, F0, elasticity=e))
    assert not r.feasible and r.fee_usd is None and r.fee_exact_usd is None
    assert "recovers the cost" in r.reason and "best coverage" in r.reason
    assert math.isnan(float(break_even_fees(F, V, V0, F0, e)[0]))


@settings(max_examples=40, deadline=None)
@given(fixed_st, var_st, vol_st, eps_st, st.floats(1e5, 1e8))
def test_true_up_direction(f: float, v: float, v0: float, e: float, tu: float) -> None:
    def fee(true_up: float) -> float:
        r = solve_break_even(BreakEvenProblem(f, v, v0, F0, elasticity=e, true_up_usd=true_up))
        assert r.fee_exact_usd is not None
        return r.fee_exact_usd

    base = fee(0.0)
    assert fee(tu) > base
    assume(tu < f / 2)
    assert fee(-tu) < base


def test_true_up_amortised_linearly() -> None:
    tu = 90e6
    fees = [
        solve_break_even(
            BreakEvenProblem(F, V, V0, F0, elasticity=0.0, true_up_usd=tu, amortise_years=k)
        ).fee_exact_usd
        for k in (1, 3)
    ]
    assert fees[0] == pytest.approx(2.70 + tu / V0)
    assert fees[1] == pytest.approx(2.70 + tu / 3 / V0)


def test_vectorised_matches_scalar() -> None:
    fixed = np.array([100e6, 150e6, 300e6])
    got = break_even_fees(fixed, V, V0, F0, -0.2)
    want = [solve_break_even(BreakEvenProblem(x, V, V0, F0)).fee_exact_usd for x in fixed]
    assert got == pytest.approx(want, rel=1e-12)


def test_offsets_can_make_the_fee_unneeded() -> None:
    r = solve_break_even(BreakEvenProblem(F, V, V0, F0, other_revenue_per_item_usd=5.0))
    assert r.feasible and r.fee_usd == 0


@given(fixed_st, var_st, vol_st, eps_st, st.floats(0.05, 50.0), st.floats(1.01, 2.0))
def test_coverage_monotone_in_fee(f: float, v: float, v0: float, e: float, fee: float,
                                  k: float) -> None:
    p = BreakEvenProblem(f, v, v0, F0, elasticity=e)
    assert p.coverage(fee * k) >= p.coverage(fee) * (1 - 1e-12)


def test_bad_problem_rejected() -> None:
    with pytest.raises(InvalidInput):
        BreakEvenProblem(F, V, 0.0, F0)
    with pytest.raises(InvalidInput):
        BreakEvenProblem(F, V, V0, F0, amortise_years=0)
