"""Recommendations: classification, Monte Carlo reproducibility, decisions that explain."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest

from tradeguard.fees.coverage import year_coverage
from tradeguard.fees.defaults import default_volumes
from tradeguard.fees.montecarlo import lever_inputs, simulate, tornado
from tradeguard.fees.recommend import recommend_fees
from tradeguard.fees.volumes import StreamVolume
from tradeguard.policy import PolicyBook

WHEN = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
CV = {"volume": 0.1, "labour_rate": 0.08, "hold_rate": 0.25, "seizure_rate": 0.25,
      "fixed_pools": 0.1}


def coverages(policy: PolicyBook):  # type: ignore[no-untyped-def]
    vols = default_volumes()
    return {fy: year_coverage(vols, policy, fy) for fy in (2024, 2025, 2026)}


def test_default_recommendations(policy: PolicyBook) -> None:
    recs = {r.fee: r for r in recommend_fees(coverages(policy), policy, 2026, 7, WHEN)}
    assert set(recs) == {"dutiable_mail", "ems_inbound", "express_waybill"}
    assert recs["express_waybill"].outcome == "sufficient"
    assert recs["dutiable_mail"].outcome == "requires_legislation"
    assert recs["ems_inbound"].admin_fee_usd is None  # not inflation-indexed
    for rec in recs.values():
        d = rec.decision
        assert d.provision == "EO 13904 s.7(b)" and d.kind == "fee_recommendation"
        codes = [h.code for h in d.hits]
        assert "FEE-TRUE-UP" in codes and "FEE-MONTE-CARLO" in codes
        assert all(h.reason and h.status in ("law", "assumption") for h in d.hits)
    assert recs["dutiable_mail"].true_up.years == (2024, 2025)


def test_administrative_when_cpi_adjustment_is_enough(edit_policy: Any) -> None:
    # Cheaper officer time: the gap closes within the next FAST Act adjustment.
    cheap = edit_policy({"fee_costs.yaml": (
        "      - {from: 2023-10-01, value: 120}", "      - {from: 2023-10-01, value: 112}")})
    recs = {r.fee: r for r in recommend_fees(coverages(cheap), cheap, 2026, 7, WHEN)}
    rec = recs["dutiable_mail"]
    assert rec.outcome == "administrative", rec.decision.explain()
    assert rec.monte_carlo is not None and rec.admin_fee_usd is not None
    assert rec.monte_carlo.recommended_fee_usd is not None
    assert rec.admin_fee_usd >= rec.monte_carlo.recommended_fee_usd > rec.inputs.fee0_usd
    footing = next(h for h in rec.decision.hits if h.code == "FEE-ADMINISTRATIVE")
    assert footing.status == "law" and "24.22(k)" in footing.reason


@pytest.mark.parametrize(
    ("elasticity", "why"),
    [("-0.2", "volume is too small"), ("-1.5", "revenue falls as the fee rises")],
)
def test_infeasible_is_a_recommendation(edit_policy: Any, elasticity: str, why: str) -> None:
    new = f"      - {{from: 2023-10-01, value: {elasticity}}}"
    pol = edit_policy({"fee_costs.yaml": ("      - {from: 2023-10-01, value: -0.2}", new)})
    tiny = [StreamVolume("mail.ems", 2026, 1000, dutiable_items=1)]
    recs = {r.fee: r for r in recommend_fees({2026: year_coverage(tiny, pol, 2026)}, pol, 2026,
                                             7, WHEN)}
    assert recs["ems_inbound"].outcome == "infeasible"
    assert why in recs["ems_inbound"].decision.explain()
    assert recs["dutiable_mail"].outcome == "not_assessed"
    assert recs["dutiable_mail"].decision.hits[0].code == "FEE-RECOMMEND-NA"


def test_monte_carlo_is_seeded(policy: PolicyBook) -> None:
    cov = year_coverage(default_volumes(), policy, 2026)
    inputs = lever_inputs(cov, "dutiable_mail", ("mail.letter_goods", "mail.parcel"))
    assert inputs is not None
    a = simulate(inputs, CV, elasticity=-0.2, extra_usd=0.0, draws=500, seed=1)
    b = simulate(inputs, CV, elasticity=-0.2, extra_usd=0.0, draws=500, seed=1)
    c = simulate(inputs, CV, elasticity=-0.2, extra_usd=0.0, draws=500, seed=2)
    assert np.array_equal(a.break_even, b.break_even)
    assert not np.array_equal(a.break_even, c.break_even)
    assert 0.0 <= a.p_full_recovery_now <= 1.0
    assert a.recommended_fee_usd is not None and a.prudent_fee_usd is not None
    assert a.prudent_fee_usd >= a.recommended_fee_usd


def test_monte_carlo_without_uncertainty_is_deterministic(policy: PolicyBook) -> None:
    cov = year_coverage(default_volumes(), policy, 2026)
    inputs = lever_inputs(cov, "dutiable_mail", ("mail.letter_goods", "mail.parcel"))
    assert inputs is not None
    zero = dict.fromkeys(CV, 0.0)
    mc = simulate(inputs, zero, elasticity=-0.2, extra_usd=0.0, draws=50, seed=3)
    exact = inputs.problem(-0.2).coverage(inputs.fee0_usd)
    assert mc.coverage_now == pytest.approx(np.full(50, exact))
    base, bars = tornado(inputs, CV, elasticity=-0.2, extra_usd=0.0)
    swings = [b.swing_usd for b in bars]
    assert swings == sorted(swings, reverse=True)
    assert all(min(b.fee_at_low_usd, b.fee_at_high_usd) <= base + 1e-9 for b in bars)
