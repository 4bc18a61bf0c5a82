"""Fee revenue per stream: the fees CBP keeps, and nothing else (duties are never fee revenue).

Each stream pays the fees listed for it in ``fee_cost.revenue.fee_lines``. The inbound EMS fee
counts only CBP's share (USPS keeps the rest); MPF is the amount charged when the volumes carry it
(``mpf_usd``), else the mean entered value per formal entry run through the MPF clamp.
"""

from __future__ import annotations

from collections.abc import Mapping

from tradeguard.domain.calendar import fiscal_year_start
from tradeguard.errors import InvalidInput
from tradeguard.fees.schedule import FeeSchedule, mpf_formal
from tradeguard.fees.volumes import STREAMS, StreamVolume
from tradeguard.policy import PolicyBook

__all__ = [
    "FEE_NAMES",
    "PER_UNIT_FEES",
    "fee_lines_from_policy",
    "fee_units",
    "stream_fee_revenue",
    "unit_fee_usd",
]

PER_UNIT_FEES = ("dutiable_mail", "ems_inbound", "express_waybill", "informal_automated")
FEE_NAMES = (*PER_UNIT_FEES, "mpf")


def fee_lines_from_policy(policy: PolicyBook, fiscal_year: int) -> dict[str, tuple[str, ...]]:
    """Stream -> the fees it pays, checked against the known fee names."""
    raw = policy.value("fee_cost.revenue.fee_lines", on=fiscal_year_start(fiscal_year))
    if not isinstance(raw, Mapping):
        raise InvalidInput("policy fee_cost.revenue.fee_lines must map streams to fee lists")
    out: dict[str, tuple[str, ...]] = {}
    for stream in STREAMS:
        lines = tuple(str(x) for x in raw.get(stream, ()))
        unknown = sorted(set(lines) - set(FEE_NAMES))
        if unknown:
            raise InvalidInput(f"policy fee_cost.revenue.fee_lines[{stream}]: unknown {unknown}")
        out[stream] = lines
    return out


def fee_units(fee: str, volume: StreamVolume) -> float:
    """How many units of ``volume`` pay ``fee`` (items, dutiable items, entries)."""
    units = {
        "dutiable_mail": volume.dutiable_items,
        "ems_inbound": volume.items,
        "express_waybill": volume.items,
        "informal_automated": volume.informal_entries,
        "mpf": volume.formal_entries,
    }
    try:
        return float(units[fee])
    except KeyError:
        raise InvalidInput(f"unknown fee {fee!r}; known: {', '.join(FEE_NAMES)}") from None


def unit_fee_usd(fee: str, schedule: FeeSchedule) -> float:
    """CBP's revenue per paying unit of a per-unit fee (the EMS fee counts CBP's share only)."""
    if fee == "ems_inbound":
        return float(schedule.ems_per_item_usd * schedule.ems_cbp_share)
    if fee not in PER_UNIT_FEES:
        raise InvalidInput(f"{fee!r} is not a per-unit fee")
    return float(schedule.value(fee))


def _mpf_usd(volume: StreamVolume, schedule: FeeSchedule) -> float:
    if volume.mpf_usd is not None:
        return volume.mpf_usd
    if volume.formal_entries == 0:
        return 0.0
    mean_value = volume.formal_value_usd / volume.formal_entries
    return float(mpf_formal(round(mean_value, 2), schedule)) * volume.formal_entries


def stream_fee_revenue(
    volume: StreamVolume, schedule: FeeSchedule, lines: tuple[str, ...]
) -> dict[str, float]:
    """Fee revenue of one stream by fee line. ``volume.duties_usd`` is deliberately unused."""
    out: dict[str, float] = {}
    for fee in lines:
        if fee == "mpf":
            out[fee] = _mpf_usd(volume, schedule)
        else:
            out[fee] = unit_fee_usd(fee, schedule) * fee_units(fee, volume)
    return out
