from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest

from tradeguard.errors import Conflict
from tradeguard.revenue.bond_status import (
    BondEvent,
    BondReview,
    BondStatus,
    review_bond,
    transition,
)
from tradeguard.revenue.covered import build_records
from tradeguard.revenue.params import SecuritySetting
from tradeguard.revenue.security import (
    Debarment,
    continuous_bond_eligibility,
    live_entry_candidates,
    security_amounts,
)

from .builders import ON, POLICY, bill, small_world

IDX = ["A", "B", "C", "D"]


def exposure(values: list[float], worst: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"exposure_usd": values, "worst_case_usd": worst}, index=IDX)


def test_supplemental_security_threshold_multiplier_minimum_cap_and_grid() -> None:
    p = pd.Series([0.6, 0.6, 0.2, 0.9], index=IDX)
    covered = pd.Series([True, True, True, False], index=IDX)
    ex = exposure([100_000, 5_000, 1e6, 1e6], [500_000, 6_000, 2e6, 2e6])
    got = security_amounts(p, ex, covered, SecuritySetting(0.5, 2.0), 10_000, 1_000)
    # A: 2 x 0.6 x 100,000 = 120,000; B: minimum 10,000 capped at the worst case 6,000;
    # C: below the threshold; D: not covered (never an uplift for non-covered importers)
    assert got.tolist() == [120_000.0, 6_000.0, 0.0, 0.0]
    odd = security_amounts(pd.Series([0.55], index=["A"]), exposure([33_333, 0, 0, 0],
                           [1e6, 0, 0, 0]).iloc[:1], pd.Series([True], index=["A"]),
                           SecuritySetting(0.5, 1.0), 10_000, 1_000)
    assert odd.tolist() == [19_000.0]  # 18,333.15 rounded up to the $1,000 grid
    none = security_amounts(pd.Series([0.9], index=["A"]), exposure([0, 0, 0, 0],
                            [0, 0, 0, 0]).iloc[:1], pd.Series([True], index=["A"]),
                            SecuritySetting(0.5, 1.0), 10_000, 1_000)
    assert none.tolist() == [0.0]  # nothing open to secure


def test_security_is_monotone_in_probability_and_exposure() -> None:
    covered = pd.Series(True, index=IDX)
    ex = exposure([1e4, 1e5, 1e5, 1e6], [1e6, 1e6, 1e6, 1e7])
    low = security_amounts(pd.Series([0.5, 0.5, 0.6, 0.6], index=IDX), ex, covered,
                           SecuritySetting(0.5, 1.0), 10_000, 1_000)
    assert list(low) == sorted(low)


def test_live_entry_after_60_days_unless_protested() -> None:
    frames, iors = small_world()
    records = build_records(frames, ON, POLICY)
    live = live_entry_candidates(records.ledger, POLICY.live_entry_after_days)
    unpaid = live.loc[iors["UNPAID"]]
    assert (unpaid["overdue_n"], unpaid["oldest_bill"], unpaid["oldest_days"]) == (
        1, "B-UNPAID", 90)
    protested = frames.bills.assign(protest_filed_on=pd.Timestamp("2026-01-05"))
    records = build_records(frames.__class__(**{**frames.__dict__, "bills": protested}), ON,
                            POLICY)
    live = live_entry_candidates(records.ledger, POLICY.live_entry_after_days)
    assert live.loc[iors["UNPAID"], "overdue_n"] == 0
    assert live.loc[iors["UNPAID"], "protested_n"] == 1
    assert bill("x", "y", "2026-01-01", 1)["kind"] == "SUPPLEMENTAL"


def test_debarred_principal_loses_the_continuous_bond_after_15_days_notice() -> None:
    on = dt.date(2026, 3, 2)
    decisions = continuous_bond_eligibility({
        "A": Debarment(dt.date(2026, 2, 1)),
        "B": Debarment(dt.date(2026, 2, 1), ftz_only=True),
        "C": Debarment(dt.date(2024, 1, 1), ends_on=dt.date(2025, 1, 1)),
        "D": Debarment(dt.date(2026, 2, 1), notice_on=dt.date(2026, 2, 20)),
    }, on, 15, POLICY.version)
    by = {d.subject: d for d in decisions}
    assert by["IOR:A"].outcome == "continuous_blocked"
    assert by["IOR:A"].hits[0].evidence["blocked_from"] == dt.date(2026, 3, 17)
    assert "single-transaction bonds and cash in lieu remain allowed" in by["IOR:A"].hits[0].reason
    assert by["IOR:B"].outcome == "continuous_allowed"
    assert by["IOR:C"].outcome == "continuous_allowed"
    assert by["IOR:D"].hits[0].evidence["blocked_from"] == dt.date(2026, 3, 7)


def test_bond_status_machine() -> None:
    assert transition(BondStatus.ACTIVE, BondEvent.LETTER) is BondStatus.INSUFFICIENT_NOTICE
    assert transition(BondStatus.INSUFFICIENT_NOTICE, BondEvent.CLOCK_EXPIRED) is (
        BondStatus.INSUFFICIENT)
    assert transition(BondStatus.INSUFFICIENT, BondEvent.NEW_BOND) is BondStatus.REPLACED
    assert transition(BondStatus.ACTIVE, BondEvent.VOID) is BondStatus.VOIDED_IMPORTER_RECORD
    assert transition(BondStatus.INSUFFICIENT, BondEvent.TERMINATE) is BondStatus.TERMINATED
    assert not BondStatus.INSUFFICIENT.accepts_entries
    assert BondStatus.INSUFFICIENT_NOTICE.accepts_entries
    with pytest.raises(Conflict):
        transition(BondStatus.REPLACED, BondEvent.LETTER)
    with pytest.raises(Conflict):
        transition(BondStatus.TERMINATED, BondEvent.VOID)


@pytest.mark.parametrize(("days", "status"), [(14, "INSUFFICIENT_NOTICE"),
                                              (15, "INSUFFICIENT_NOTICE"),
                                              (16, "INSUFFICIENT")])
def test_letter_of_insufficiency_gives_15_days(days: int, status: str) -> None:
    sent = dt.date(2026, 1, 5)
    review = BondReview("12-3456789AB", "B-1", BondStatus.INSUFFICIENT_NOTICE,
                        Decimal(50_000), Decimal(60_000), letter_sent_on=sent)
    assert review_bond(review, sent + dt.timedelta(days=days)).outcome == status


def test_letter_is_sent_with_the_deadline_and_gross_shortfall_is_immediate() -> None:
    on = dt.date(2026, 1, 5)
    short = review_bond(BondReview("X", "B-1", BondStatus.ACTIVE, Decimal(50_000),
                                   Decimal(60_000)), on)
    assert short.outcome == "INSUFFICIENT_NOTICE"
    assert "letter of insufficiency sent on 2026-01-05; the importer has until 2026-01-20" in (
        short.hits[0].reason)
    gross = review_bond(BondReview("X", "B-1", BondStatus.ACTIVE, Decimal(50_000),
                                   Decimal(600_000)), on)
    assert gross.outcome == "INSUFFICIENT"
    cured = review_bond(BondReview("X", "B-1", BondStatus.INSUFFICIENT_NOTICE, Decimal(60_000),
                                   Decimal(60_000), dt.date(2026, 1, 1)), on)
    assert cured.outcome == "ACTIVE"
