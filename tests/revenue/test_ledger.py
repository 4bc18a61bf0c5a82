from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradeguard.revenue.ledger import bill_state, liquidate
from tradeguard.revenue.params import BillClock

from .builders import POLICY

CLOCK = POLICY.clock
DATE = dt.date(2025, 1, 2)
BILL = {"bill_number": "2025-0117", "ior_number": "X", "bill_date": DATE, "amount_usd": 1000.0,
        "kind": "SUPPLEMENTAL", "liquidated_on": dt.date(2024, 12, 20)}


def pay(day: dt.date, amount: float = 1000.0, payer: str = "IMPORTER") -> dict[str, object]:
    return {"payment_id": f"P{day}{payer}", "bill_number": "2025-0117", "paid_on": day,
            "amount_usd": amount, "payer": payer}


def test_clock_comes_from_the_deadline_policy() -> None:
    assert BillClock(30, 31, 30, 120, 180) == CLOCK
    assert CLOCK.due_on(DATE) == dt.date(2025, 2, 1)
    assert CLOCK.delinquent_on(DATE) == dt.date(2025, 2, 2)
    assert CLOCK.dunning_on(DATE) == dt.date(2025, 5, 2)
    assert CLOCK.protest_deadline(dt.date(2024, 12, 20)) == dt.date(2025, 6, 18)


@pytest.mark.parametrize(("days", "late"), [(29, False), (30, False), (31, True), (32, True)])
def test_boundary_days_of_the_bill_clock(days: int, late: bool) -> None:
    row = bill_state(BILL, [pay(DATE + dt.timedelta(days=days))], DATE + dt.timedelta(400), CLOCK)
    assert bool(row["paid_late"]) is late
    assert row["balance_usd"] == 0


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=400))
def test_paid_late_exactly_from_the_delinquent_day(days: int) -> None:
    paid = DATE + dt.timedelta(days=days)
    row = bill_state(BILL, [pay(paid)], DATE + dt.timedelta(days=500), CLOCK)
    assert bool(row["paid_late"]) == (days >= 31) == CLOCK.is_late(DATE, paid)
    if days >= 31:
        assert int(row["days_late"]) == days


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=400))
def test_unpaid_bill_is_delinquent_from_day_31_and_dunned_from_day_120(days: int) -> None:
    row = bill_state(BILL, [], DATE + dt.timedelta(days=days), CLOCK, interest_rate_pct=7.0)
    assert bool(row["delinquent"]) == (days >= 31)
    assert bool(row["dunning_due"]) == (days >= 120)
    assert (row["interest_usd"] > 0) == (days >= 31)


def test_notices_at_billing_and_every_30_days_after_due() -> None:
    assert CLOCK.notices(DATE, DATE + dt.timedelta(days=59)) == [DATE]
    assert CLOCK.notices(DATE, DATE + dt.timedelta(days=90)) == [
        DATE, DATE + dt.timedelta(days=60), DATE + dt.timedelta(days=90)]
    row = bill_state(BILL, [], DATE + dt.timedelta(days=90), CLOCK)
    assert row["notices"] == 3


def test_interest_runs_from_liquidation_once_delinquent() -> None:
    on = dt.date(2025, 12, 20)
    row = bill_state(BILL, [], on, CLOCK, interest_rate_pct=7.0)
    assert row["interest_usd"] == pytest.approx(1000 * 0.07 * 365 / 365, abs=0.01)


def test_partial_payments_complete_late_and_surety_and_write_off() -> None:
    on = DATE + dt.timedelta(days=300)
    parts = [pay(DATE + dt.timedelta(days=10), 400), pay(DATE + dt.timedelta(days=47), 600)]
    row = bill_state(BILL, parts, on, CLOCK)
    assert (bool(row["paid_late"]), int(row["days_late"]), row["balance_usd"]) == (True, 47, 0)
    row = bill_state(BILL, [pay(DATE + dt.timedelta(days=10), 400),
                            pay(DATE + dt.timedelta(days=150), 600, "SURETY")], on, CLOCK)
    assert row["paid_surety_usd"] == 600 and row["paid_importer_usd"] == 400
    row = bill_state(BILL, [pay(DATE + dt.timedelta(days=200), 1000, "WRITE_OFF")], on, CLOCK)
    assert row["balance_usd"] == 0 and row["written_off_usd"] == 1000
    assert row["collected_usd"] == 0 and bool(row["delinquent"]) is False


def test_payments_after_the_decision_day_are_not_known() -> None:
    row = bill_state(BILL, [pay(DATE + dt.timedelta(days=50))], DATE + dt.timedelta(40), CLOCK)
    assert row["balance_usd"] == 1000 and bool(row["delinquent"])


def test_protest_pending_is_reported() -> None:
    protested = {**BILL, "protest_filed_on": DATE + dt.timedelta(days=20)}
    row = bill_state(protested, [], DATE + dt.timedelta(days=90), CLOCK)
    assert bool(row["protest_pending"]) and bool(row["delinquent"])  # delinquent regardless


def test_liquidation_bills_refunds_de_minimis_and_double_duties() -> None:
    up = liquidate(10_000, 1_000, 25.0)
    assert (up.bill_kind, up.amount_usd) == ("SUPPLEMENTAL", 1500.0)
    down = liquidate(10_000, 1_000, 4.0)
    assert (down.bill_kind, down.amount_usd) == ("REFUND", 600.0)
    assert liquidate(10_000, 1_000, 10.0).bill_kind == "NONE"
    tiny = liquidate(10_000, 100, 0.49)
    assert tiny.assessed_usd == 0 and "de minimis" in tiny.reason
    double = liquidate(10_000, 1_000, 10.0, certificate_filed=False)
    assert double.assessed_usd == 2000 and "non-reimbursement" in double.reason
    assert liquidate(10_000, 1_000, 10.0, antidumping=False,
                     certificate_filed=False).bill_kind == "NONE"
