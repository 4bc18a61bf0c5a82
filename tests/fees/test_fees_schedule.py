"""Fee schedule and calculators: FY2026 published values, FAST Act regression, MPF vectors."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradeguard.domain.calendar import Quarter
from tradeguard.errors import InvalidInput, NotFound
from tradeguard.fees.schedule import (
    FeeSchedule,
    cents,
    dutiable_mail_fee,
    ems_fee,
    ems_remittances,
    express_fee,
    fee_factor,
    fee_schedule,
    informal_entry_fee,
    manual_surcharge,
    mpf_formal,
)
from tradeguard.policy import PolicyBook

D = Decimal


@pytest.fixture(scope="module")
def fy26(policy: PolicyBook) -> FeeSchedule:
    return fee_schedule(policy, 2026)


def test_fy2026_published_values(fy26: FeeSchedule) -> None:
    assert fy26.value("mpf_minimum") == D("33.58")
    assert fy26.value("mpf_maximum") == D("651.50")
    assert informal_entry_fee(fy26) == D("2.69")
    assert fy26.value("express_waybill") == D("1.34")
    assert fy26.value("dutiable_mail") == D("7.39")
    assert fy26.mpf_rate_pct == D("0.3464")
    assert fy26.lines["dutiable_mail"].basis == "published"


def test_fy2026_computed_rows(fy26: FeeSchedule) -> None:
    assert informal_entry_fee(fy26, "manual") == D("8.06")
    assert informal_entry_fee(fy26, "cbp_prepared") == D("12.09")
    assert manual_surcharge(fy26) == D("4.03")
    assert fy26.lines["informal_manual"].basis == "computed (published factor)"


@pytest.mark.parametrize(
    ("base", "published"),
    [("2", "2.69"), ("1", "1.34"), ("5.50", "7.39"), ("25", "33.58"), ("485", "651.50")],
)
def test_fast_act_regression(policy: PolicyBook, base: str, published: str) -> None:
    factor, basis = fee_factor(policy, 2026)
    assert basis == "published" and factor == D("1.34331")
    assert abs(cents(D(base) * factor) - D(published)) <= D("0.01")


@pytest.mark.parametrize(
    ("value", "fee"), [(5_000, "33.58"), (100_000, "346.40"), (250_000, "651.50")]
)
def test_mpf_vectors_fy2026(fy26: FeeSchedule, value: int, fee: str) -> None:
    assert mpf_formal(value, fy26) == D(fee)


def test_mpf_breakpoints(fy26: FeeSchedule) -> None:
    assert mpf_formal(9_600, fy26) == D("33.58") < mpf_formal(9_800, fy26)
    assert mpf_formal(188_000, fy26) < D("651.50") == mpf_formal(188_200, fy26)


@given(st.decimals(min_value=0, max_value=10**9, places=2))
def test_mpf_clamped(policy: PolicyBook, value: Decimal) -> None:
    s = fee_schedule(policy, 2026)
    fee = mpf_formal(value, s)
    assert s.value("mpf_minimum") <= fee <= s.value("mpf_maximum")
    assert mpf_formal(value + 1000, s) >= fee


def test_earlier_years_published_and_derived(policy: PolicyBook) -> None:
    fy20 = fee_schedule(policy, 2020)
    assert fy20.value("informal_manual") == D("6.43")
    assert fy20.lines["mpf_maximum"].factor_basis == "derived"
    assert mpf_formal(1_000, fy20) == D("26.79")


def test_unpublished_year_is_projected(policy: PolicyBook) -> None:
    fy27 = fee_schedule(policy, 2027)
    assert fy27.lines["dutiable_mail"].factor_basis == "projected"
    assert fy27.value("dutiable_mail") > D("7.39")
    with pytest.raises(NotFound):
        fee_factor(policy, 2012)


def test_counts_and_ems_split(fy26: FeeSchedule) -> None:
    assert express_fee(10, fy26) == D("13.40")
    assert dutiable_mail_fee(3, fy26) == D("22.17")
    ems = ems_fee(1001, fy26)
    assert ems.total_usd == D("1001.00") and ems.cbp_usd + ems.usps_usd == ems.total_usd
    assert ems.cbp_usd == D("500.50")
    with pytest.raises(InvalidInput):
        express_fee(-1, fy26)
    with pytest.raises(InvalidInput):
        informal_entry_fee(fy26, "carrier")


def test_ems_quarterly_remittance(fy26: FeeSchedule) -> None:
    quarters = {Quarter(2026, 2): 300, Quarter(2026, 1): 100}
    out = ems_remittances(quarters, fy26)
    assert [str(r.quarter) for r in out] == ["FY2026Q1", "FY2026Q2"]
    assert [r.due_to_cbp_usd for r in out] == [D("50.00"), D("150.00")]
    with pytest.raises(InvalidInput):
        ems_remittances({Quarter(2026, 1, fiscal=False): 1}, fy26)
