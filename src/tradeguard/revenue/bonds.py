"""Bond sizing (domain brief 1.2-1.4) and the continuous-bond sufficiency decision.

Continuous bond: ``max(minimum, 10% x duties, taxes and fees of the previous 12 months)``,
rounded up to the next $10,000 up to $100,000 and to the next $100,000 above (CBP Directive
099 3510-004). Single-transaction bond: entered value plus duties, taxes and fees; three times
the entered value for restricted or other-agency merchandise; value times the AD/CVD rate
(else the highest rate for the commodity) for an AD/CVD risk bond.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from tradeguard.domain.decisions import Decision, RuleHit, inputs_digest
from tradeguard.errors import InvalidInput
from tradeguard.policy import PolicyBook

__all__ = [
    "BondPolicy",
    "ImporterBondActivity",
    "assess_continuous_bonds",
    "continuous_bond_amount",
    "single_transaction_bond",
]

PROVISION = "19 CFR 113.13; CBP Directive 099 3510-004"


@dataclass(frozen=True, slots=True)
class BondPolicy:
    """The bond formula's parameters in force on a day."""

    minimum_usd: Decimal
    dtf_share: Decimal
    fine_grid_usd: Decimal
    fine_grid_limit_usd: Decimal
    coarse_grid_usd: Decimal
    restricted_value_multiple: Decimal
    version: str

    @classmethod
    def from_book(cls, book: PolicyBook, on: dt.date) -> BondPolicy:
        def value(key: str) -> Decimal:
            return Decimal(str(book.value(f"bond.{key}", on)))

        return cls(
            value("continuous.minimum_usd"),
            value("continuous.dtf_share"),
            value("continuous.fine_grid_usd"),
            value("continuous.fine_grid_limit_usd"),
            value("continuous.coarse_grid_usd"),
            value("single.restricted_value_multiple"),
            book.version,
        )


def _round_up(amount: Decimal, grid: Decimal) -> Decimal:
    return (amount / grid).to_integral_value(rounding=ROUND_CEILING) * grid


def continuous_bond_amount(dtf_12m_usd: Decimal | float, policy: BondPolicy) -> Decimal:
    """The Activity 1 continuous bond for 12 months of duties, taxes and fees.

    >>> from tradeguard.policy import load_policy
    >>> p = BondPolicy.from_book(load_policy(), dt.date(2026, 1, 5))
    >>> int(continuous_bond_amount(512_345, p)), int(continuous_bond_amount(1_000_001, p))
    (60000, 200000)
    """
    dtf = Decimal(str(dtf_12m_usd))
    if dtf < 0:
        raise InvalidInput("duties, taxes and fees cannot be negative")
    amount = max(policy.minimum_usd, policy.dtf_share * dtf)
    if amount <= policy.fine_grid_limit_usd:
        return _round_up(amount, policy.fine_grid_usd)
    return _round_up(amount, policy.coarse_grid_usd)


def single_transaction_bond(
    value_usd: Decimal | float,
    dtf_usd: Decimal | float,
    policy: BondPolicy,
    *,
    restricted: bool = False,
    adcvd_rate_pct: float | None = None,
    highest_rate_pct: float | None = None,
) -> Decimal:
    """A single-transaction bond: value + DTF; 3 x value if restricted; value x AD/CVD rate
    (or the highest rate for the commodity when the rate is unknown) for an AD/CVD risk bond."""
    value = Decimal(str(value_usd))
    if adcvd_rate_pct is not None or highest_rate_pct is not None:
        rate = adcvd_rate_pct if adcvd_rate_pct is not None else highest_rate_pct
        return (value * Decimal(str(rate)) / 100).quantize(Decimal("0.01"))
    if restricted:
        return value * policy.restricted_value_multiple
    return value + Decimal(str(dtf_usd))


@dataclass(frozen=True, slots=True)
class ImporterBondActivity:
    """What the sufficiency check needs to know about one importer on one day."""

    ior_number: str
    dtf_12m_usd: Decimal
    continuous_bond_number: str | None
    continuous_bond_usd: Decimal | None


def _money(amount: Decimal) -> str:
    return f"${amount:,.2f}"


def _decide(item: ImporterBondActivity, policy: BondPolicy, on: dt.date) -> Decision:
    required = continuous_bond_amount(item.dtf_12m_usd, policy)
    start = on - dt.timedelta(days=365)
    formula = RuleHit(
        "BOND-FORMULA",
        0.0,
        f"Duties, taxes and fees from {start} to {on}: {_money(item.dtf_12m_usd)}; the formula "
        f"(the larger of {_money(policy.minimum_usd)} and {policy.dtf_share:.0%} of that, rounded"
        f" up) requires {_money(required)}",
        {"dtf_12m_usd": str(item.dtf_12m_usd), "required_usd": str(required)},
    )
    hits = [formula]
    if item.continuous_bond_usd is None:
        outcome, score = "no_continuous_bond", None
        hits.append(
            RuleHit(
                "BOND-NONE",
                1.0,
                "No active continuous bond is on file",
                {"required_usd": str(required)},
            )
        )
    else:
        score = float(required / item.continuous_bond_usd) if item.continuous_bond_usd else None
        if item.continuous_bond_usd >= required:
            outcome = "sufficient"
        else:
            outcome = "insufficient"
            short = required - item.continuous_bond_usd
            hits.append(
                RuleHit(
                    "BOND-SHORT",
                    1.0,
                    f"Continuous bond {item.continuous_bond_number} is "
                    f"{_money(item.continuous_bond_usd)}, {_money(short)} short of "
                    f"{_money(required)}",
                    {
                        "bond_number": item.continuous_bond_number,
                        "bond_usd": str(item.continuous_bond_usd),
                        "short_usd": str(short),
                    },
                )
            )
    return Decision(
        subject=f"IOR:{item.ior_number}",
        kind="continuous_bond_sufficiency",
        outcome=outcome,
        score=score,
        hits=tuple(hits),
        provision=PROVISION,
        policy_version=policy.version,
        inputs_digest=inputs_digest({"activity": item, "on": on}),
        decided_at=dt.datetime.combine(on, dt.time(), dt.UTC),
    )


def assess_continuous_bonds(
    activity: Iterable[ImporterBondActivity], policy: BondPolicy, on: dt.date
) -> list[Decision]:
    """One sufficiency decision per importer: sufficient, insufficient, or no bond on file."""
    return [_decide(item, policy, on) for item in activity]
