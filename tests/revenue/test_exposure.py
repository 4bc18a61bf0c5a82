from __future__ import annotations

import pytest

from tradeguard.revenue.covered import build_records
from tradeguard.revenue.exposure import POOLED, exposure_decisions, importer_exposure
from tradeguard.revenue.exposure import review_history as history_of

from .builders import CASE, ON, POLICY, small_world


def test_review_history_counts_outcomes_and_pools_small_orders() -> None:
    frames, _ = small_world()
    h = history_of(frames.rates, ON, 5, 5)
    own = h.loc[CASE]
    # ACME: 10 -> 150 (2024-06), 150 -> 120 (2025-06): 2 outcomes, 1 up by 140 points
    assert (own["reviews_n"], own["up_n"], own["p_up"]) == (2, 1, 0.5)
    assert bool(own["pooled"])  # fewer than 5 outcomes: pooled figures used
    assert h.loc[POOLED, "mean_up_share"] == pytest.approx(140 / 376.67)
    assert h.loc[CASE, "mean_up_pp"] == pytest.approx(140.0)


def test_exposure_is_open_bills_interest_and_expected_increase() -> None:
    frames, iors = small_world()
    records = build_records(frames, ON, POLICY)
    ex, by_case, hist = importer_exposure(frames, records.ledger, ON, POLICY)
    unpaid = ex.loc[iors["UNPAID"]]
    assert unpaid["open_bills_usd"] == 4000
    assert unpaid["unliquidated_entries_n"] == 2
    p_inc = hist.loc[CASE, "p_increase"]
    assert unpaid["expected_increase_usd"] == pytest.approx(2 * 10_000 * p_inc * 140 / 100)
    assert unpaid["exposure_usd"] == pytest.approx(
        4000 + unpaid["interest_usd"] + unpaid["expected_increase_usd"], abs=0.01)
    assert unpaid["worst_increase_usd"] == pytest.approx(2 * 10_000 * (376.67 - 10) / 100)
    old = ex.loc[iors["OLD"]]
    assert old["unliquidated_entries_n"] == 1  # its 2020 entry was liquidated
    decision = next(d for d in exposure_decisions(ex, by_case, hist, ON, POLICY)
                    if d.subject == f"IOR:{iors['UNPAID']}")
    text = decision.explain()
    assert "1 open AD/CVD bill: $4,000.00 unpaid" in text
    assert "2 unliquidated AD/CVD entries worth $20,000.00 with $2,000.00 deposited" in text
    assert f"order {CASE}: 2 review outcomes in 5 years, 1 raised the rate (too few" in text
