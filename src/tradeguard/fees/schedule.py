"""The COBRA fee schedule of a fiscal year and the fee calculators (19 U.S.C. 58c).

Each indexed fee keeps its FY2014 base, the cumulative FAST Act factor of the year and the value
CBP published; the published value wins, and a year with none is computed as base x factor,
rounded half up to the cent. The factor of a year is, in order: the factor CBP published, else the
one implied by the published MPF maximum (published / base), else the latest known factor
compounded by the assumed CPI growth (``fee.projection.cpi_growth``)::

    >>> from tradeguard.policy import load_policy
    >>> s = fee_schedule(load_policy(), 2026)
    >>> str(s.value("mpf_minimum")), str(mpf_formal(100_000, s)), str(mpf_formal(5_000, s))
    ('33.58', '346.40', '33.58')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from tradeguard.domain.calendar import Quarter, fiscal_year_start
from tradeguard.errors import InvalidInput, NotFound
from tradeguard.policy import PolicyBook, PolicyRule

__all__ = [
    "INDEXED_FEES",
    "EmsFee",
    "EmsRemittance",
    "FeeLine",
    "FeeSchedule",
    "cents",
    "dutiable_mail_fee",
    "ems_fee",
    "ems_remittances",
    "express_fee",
    "fee_schedule",
    "informal_entry_fee",
    "manual_surcharge",
    "mpf_formal",
]

CENT = Decimal("0.01")

#: Indexed fees: name -> policy key prefix under ``fee.`` (``.base_usd``, ``.published_usd``).
INDEXED_FEES: Mapping[str, str] = {
    "mpf_minimum": "mpf.minimum",
    "mpf_maximum": "mpf.maximum",
    "informal_automated": "informal.automated",
    "informal_manual": "informal.manual",
    "informal_cbp_prepared": "informal.cbp_prepared",
    "informal_manual_surcharge": "informal.manual_surcharge",
    "express_waybill": "express.waybill",
    "express_limit_minimum": "express.limit_minimum",
    "express_limit_maximum": "express.limit_maximum",
    "dutiable_mail": "mail.dutiable",
}
INFORMAL_KINDS = ("automated", "manual", "cbp_prepared")


def cents(value: Decimal | float | int | str) -> Decimal:
    """Round half up to the cent: ``cents(651.505)`` -> ``Decimal('651.51')``."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class FeeLine:
    """One indexed fee in one fiscal year: base, factor, published value and the value used."""

    name: str
    base_usd: Decimal
    factor: Decimal
    factor_basis: str  # published | derived | projected
    published_usd: Decimal | None
    computed_usd: Decimal

    @property
    def value_usd(self) -> Decimal:
        return self.published_usd if self.published_usd is not None else self.computed_usd

    @property
    def basis(self) -> str:
        """``published`` or ``computed (<factor basis> factor)``."""
        if self.published_usd is not None:
            return "published"
        return f"computed ({self.factor_basis} factor)"


@dataclass(frozen=True, slots=True)
class FeeSchedule:
    """Every fee in force in one fiscal year (from 1 October)."""

    fiscal_year: int
    lines: Mapping[str, FeeLine]
    mpf_rate_pct: Decimal
    ems_per_item_usd: Decimal
    ems_cbp_share: Decimal
    ems_remittances_per_year: int
    policy_version: str

    def value(self, name: str) -> Decimal:
        try:
            return self.lines[name].value_usd
        except KeyError:
            raise NotFound(f"no fee named {name!r} (known: {sorted(self.lines)})") from None


def _dated(rule: PolicyRule, day: dt.date) -> Decimal | None:
    """The value dated exactly ``day`` (a published value for that fiscal year), else None."""
    for item in rule.values:
        if item.effective_from == day:
            return Decimal(str(item.value))
    return None


def _known_factor(policy: PolicyBook, fy: int) -> tuple[Decimal, str] | None:
    start = fiscal_year_start(fy)
    published = _dated(policy.rule("fee.factor.cumulative"), start)
    if published is not None:
        return published, "published"
    mpf_max = _dated(policy.rule("fee.mpf.maximum.published_usd"), start)
    if mpf_max is not None:
        base = Decimal(str(policy.value("fee.mpf.maximum.base_usd", on=start)))
        return (mpf_max / base).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP), "derived"
    return None


def fee_factor(policy: PolicyBook, fy: int) -> tuple[Decimal, str]:
    """The cumulative FAST Act factor of ``fy`` and how it was found."""
    known = _known_factor(policy, fy)
    if known is not None:
        return known
    for earlier in range(fy - 1, 2013, -1):
        found = _known_factor(policy, earlier)
        if found is not None:
            growth = Decimal(str(policy.value("fee.projection.cpi_growth", fiscal_year_start(fy))))
            projected = found[0] * (1 + growth) ** (fy - earlier)
            return projected.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP), "projected"
    raise NotFound(f"no FAST Act factor known for FY{fy} or any year before it")


def fee_schedule(policy: PolicyBook, fiscal_year: int) -> FeeSchedule:
    """The schedule in force from 1 October of ``fiscal_year - 1``."""
    start = fiscal_year_start(fiscal_year)
    factor, factor_basis = fee_factor(policy, fiscal_year)
    lines: dict[str, FeeLine] = {}
    for name, prefix in INDEXED_FEES.items():
        base = cents(policy.value(f"fee.{prefix}.base_usd", on=start))
        published_key = f"fee.{prefix}.published_usd"
        published = (
            _dated(policy.rule(published_key), start) if published_key in policy.rules else None
        )
        if published is not None:
            published = cents(published)
        lines[name] = FeeLine(name, base, factor, factor_basis, published, cents(base * factor))
    try:  # the inbound EMS fee exists from the STOP Act rule (FY2020 Q4) on
        ems = (
            cents(policy.value("fee.ems.inbound.per_item_usd", on=start)),
            Decimal(str(policy.value("fee.ems.inbound.cbp_share", on=start))),
            int(policy.value("fee.ems.inbound.remittances_per_year", on=start)),
        )
    except NotFound:
        ems = (Decimal(0), Decimal(0), 4)
    return FeeSchedule(
        fiscal_year=fiscal_year,
        lines=lines,
        mpf_rate_pct=Decimal(str(policy.value("fee.mpf.rate_pct", on=start))),
        ems_per_item_usd=ems[0],
        ems_cbp_share=ems[1],
        ems_remittances_per_year=ems[2],
        policy_version=policy.version,
    )


def mpf_formal(value_usd: Decimal | float | int, schedule: FeeSchedule) -> Decimal:
    """Merchandise processing fee of one formal entry: ad valorem, clamped to min and max.

    >>> from tradeguard.policy import load_policy
    >>> str(mpf_formal(250_000, fee_schedule(load_policy(), 2026)))
    '651.50'
    """
    value = Decimal(str(value_usd))
    if value < 0:
        raise InvalidInput(f"entered value must not be negative, got {value}")
    raw = cents(value * schedule.mpf_rate_pct / 100)
    low, high = schedule.value("mpf_minimum"), schedule.value("mpf_maximum")
    return min(max(raw, low), high)


def informal_entry_fee(schedule: FeeSchedule, kind: str = "automated") -> Decimal:
    """Fee of one informal entry or release: ``automated``, ``manual`` or ``cbp_prepared``."""
    if kind not in INFORMAL_KINDS:
        raise InvalidInput(f"informal entry kind must be one of {INFORMAL_KINDS}, got {kind!r}")
    return schedule.value(f"informal_{kind}")


def manual_surcharge(schedule: FeeSchedule) -> Decimal:
    """Surcharge for a manual entry or release, added to the entry's own fee."""
    return schedule.value("informal_manual_surcharge")


def _count(n: int, what: str) -> int:
    if n < 0:
        raise InvalidInput(f"{what} must not be negative, got {n}")
    return n


def express_fee(waybills: int, schedule: FeeSchedule) -> Decimal:
    """Express consignment carrier/hub fee: the per-waybill fee times individual waybills."""
    return schedule.value("express_waybill") * _count(waybills, "waybills")


def dutiable_mail_fee(items: int, schedule: FeeSchedule) -> Decimal:
    """Dutiable mail fee owed on ``items`` dutiable mail items."""
    return schedule.value("dutiable_mail") * _count(items, "dutiable mail items")


@dataclass(frozen=True, slots=True)
class EmsFee:
    """The inbound EMS fee on some items and its split between USPS and CBP."""

    items: int
    total_usd: Decimal
    cbp_usd: Decimal
    usps_usd: Decimal


def ems_fee(items: int, schedule: FeeSchedule) -> EmsFee:
    """Inbound EMS fee on ``items``, split by the CBP share (the remainder stays with USPS)."""
    total = schedule.ems_per_item_usd * _count(items, "EMS items")
    cbp = cents(total * schedule.ems_cbp_share)
    return EmsFee(items, total, cbp, total - cbp)


@dataclass(frozen=True, slots=True)
class EmsRemittance:
    """What USPS owes CBP for one quarter of inbound EMS items."""

    quarter: Quarter
    fee: EmsFee

    @property
    def due_to_cbp_usd(self) -> Decimal:
        return self.fee.cbp_usd


def ems_remittances(
    items_by_quarter: Mapping[Quarter, int], schedule: FeeSchedule
) -> list[EmsRemittance]:
    """One remittance per fiscal quarter, in order (USPS remits CBP's share quarterly)."""
    if schedule.ems_remittances_per_year != 4:
        raise InvalidInput("only quarterly EMS remittance is implemented")
    out = []
    for quarter in sorted(items_by_quarter):
        if not quarter.fiscal:
            raise InvalidInput(f"EMS remittances are by fiscal quarter, got {quarter}")
        out.append(EmsRemittance(quarter, ems_fee(items_by_quarter[quarter], schedule)))
    return out
