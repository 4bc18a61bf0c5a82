from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradeguard.policy import load_policy
from tradeguard.revenue.bonds import (
    BondPolicy,
    ImporterBondActivity,
    assess_continuous_bonds,
    continuous_bond_amount,
    single_transaction_bond,
)

DAY = dt.date(2026, 1, 5)
POLICY = BondPolicy.from_book(load_policy(), DAY)


@pytest.mark.parametrize(
    ("dtf", "bond"),
    [  # domain brief 1.2, test vectors
        (0, 50_000),
        (320_000, 50_000),
        (500_000, 50_000),
        (512_345, 60_000),
        (999_999, 100_000),
        (1_000_000, 100_000),
        (1_000_001, 200_000),
        (4_350_000, 500_000),
    ],
)
def test_continuous_bond_reproduces_cbp_vectors(dtf: int, bond: int) -> None:
    assert continuous_bond_amount(dtf, POLICY) == bond


amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


@given(amounts, amounts)
def test_continuous_bond_is_monotone_and_on_the_grid(a: Decimal, b: Decimal) -> None:
    low, high = sorted((a, b))
    bond_low, bond_high = continuous_bond_amount(low, POLICY), continuous_bond_amount(high, POLICY)
    assert bond_low <= bond_high
    assert bond_low >= max(POLICY.minimum_usd, POLICY.dtf_share * low)
    grid = (
        POLICY.fine_grid_usd if bond_low <= POLICY.fine_grid_limit_usd else POLICY.coarse_grid_usd
    )
    assert bond_low % grid == 0


def test_single_transaction_bonds() -> None:
    assert single_transaction_bond(10_000, 1_200, POLICY) == 11_200
    assert single_transaction_bond(10_000, 1_200, POLICY, restricted=True) == 30_000
    assert single_transaction_bond(10_000, 0, POLICY, adcvd_rate_pct=167.02) == Decimal("16702.00")
    assert single_transaction_bond(10_000, 0, POLICY, highest_rate_pct=223.01) == Decimal(
        "22301.00"
    )


def test_sufficiency_decisions_explain_themselves() -> None:
    decisions = assess_continuous_bonds(
        [
            ImporterBondActivity("12-3456789AB", Decimal("512345"), "B-1", Decimal("50000")),
            ImporterBondActivity("12-3456789CD", Decimal("100"), "B-2", Decimal("50000")),
            ImporterBondActivity("260401-00042", Decimal("0"), None, None),
        ],
        POLICY,
        DAY,
    )
    short, fine, none = decisions
    assert (short.outcome, fine.outcome, none.outcome) == (
        "insufficient",
        "sufficient",
        "no_continuous_bond",
    )
    assert "B-1 is $50,000.00, $10,000.00 short of $60,000.00" in short.hits[1].reason
    assert short.policy_version == load_policy().version
    assert short.inputs_digest != fine.inputs_digest
