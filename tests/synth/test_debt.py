"""Bill sizes and debt concentration follow the domain brief 2.4 at the default scale."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from tradeguard.synth import adcvd, orders, parties
from tradeguard.synth._rand import stream
from tradeguard.synth.config import Frame, Sizes
from tradeguard.synth.world import _open_bill_amounts, _sam_active


def ledger(seed: int) -> adcvd.Ledger:
    frame, sizes = Frame(dt.date(2024, 10, 1), 8), Sizes.for_scale(1.0)
    world = parties.build_parties(sizes, frame, stream(seed, "parties"))
    series = orders.build_rates(frame, stream(seed, "rates"))
    return adcvd.build_ledger(
        world.importers,
        series,
        world.brokers,
        _sam_active(world),
        sizes,
        frame,
        stream(seed, "ledger"),
    )


@pytest.mark.parametrize("seed", [7, 8, 9])
def test_top_20_debtors_hold_40_to_50_percent(seed: int) -> None:
    owed = np.sort(ledger(seed).uncollected)[::-1]
    assert (owed > 0).sum() >= 100
    assert 0.40 <= owed[:20].sum() / owed.sum() <= 0.50


@pytest.mark.parametrize("seed", [7, 8])
def test_open_bills_are_many_small_and_a_few_huge(seed: int) -> None:
    amounts = _open_bill_amounts(ledger(seed))
    assert len(amounts) >= 300
    median, mean = float(np.median(amounts)), float(amounts.mean())
    assert 100 <= median <= 2_000
    assert mean >= 3 * median
    assert amounts.max() >= 50 * median
