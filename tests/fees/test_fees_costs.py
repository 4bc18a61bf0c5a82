"""Activity-based costing: conservation, a hand-computed toy case, unit cost, non-compliance."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradeguard.errors import InvalidInput
from tradeguard.fees.costs import ACTIVITIES, FIXED_POOLS, CostPolicy, activity_based_cost
from tradeguard.fees.noncompliance import (
    PostRates,
    noncompliance_costs,
    post_rates_from_mail_items,
    unit_cost_usd,
)
from tradeguard.fees.volumes import STREAMS, StreamVolume
from tradeguard.policy import PolicyBook

ZERO = dict.fromkeys(ACTIVITIES, 0.0)


def toy_policy() -> CostPolicy:
    """Three activities with cost (screening, exam, duty), two streams; no loadings."""
    return CostPolicy(
        rate_usd_per_hour=60.0,
        overtime_share=0.0,
        overtime_premium=0.0,
        supervision_ratio=0.0,
        imputed_ratio=0.0,
        minutes={**ZERO, "screening": 1.0, "exam": 10.0, "duty": 2.0},
        direct_usd={**ZERO, "exam": 5.0},
        fixed_pools_usd={**dict.fromkeys(FIXED_POOLS, 0.0), "facilities": 1000.0},
        pool_shares={p: {**ZERO, "exam": 1.0} for p in FIXED_POOLS},
        hold_rate={**dict.fromkeys(STREAMS, 0.0), "mail.parcel": 0.1, "express.formal": 0.3},
        lab_share=dict.fromkeys(STREAMS, 0.0),
        seizure_rate=dict.fromkeys(STREAMS, 0.0),
        duty_weight=dict.fromkeys(STREAMS, 1.0),
        protest_rate=0.0,
    )


def test_abc_toy_case_to_the_cent() -> None:
    # screening: $1/item; exam: $10 labour + $5 direct per exam, plus $1000 fixed over 40 exams
    # parcel: 100 items, 10 exams, 20 dutiable -> 100 + 10*15 + 10*25 + 20*2 = 540
    # formal: 100 items, 30 exams, 50 dutiable -> 100 + 30*15 + 30*25 + 50*2 = 1400
    vols = [
        StreamVolume("mail.parcel", 2026, 100, dutiable_items=20),
        StreamVolume("express.formal", 2026, 100, dutiable_items=50),
    ]
    abc = activity_based_cost(vols, toy_policy())
    assert round(abc.stream_usd("mail.parcel"), 2) == 540.00
    assert round(abc.stream_usd("express.formal"), 2) == 1400.00
    assert round(abc.rates_usd["exam"], 2) == 40.00
    assert round(abc.stream_fixed_usd("mail.parcel"), 2) == 250.00
    assert round(abc.duty_usd("express.formal"), 2) == 100.00


volume_st = st.builds(
    lambda s, n, d: StreamVolume(s, 2026, n, dutiable_items=min(d, n)),
    st.sampled_from(STREAMS),
    st.integers(1, 10**9),
    st.integers(0, 10**9),
)


@settings(max_examples=50, deadline=None)
@given(st.lists(volume_st, min_size=1, max_size=6, unique_by=lambda v: v.stream),
       st.floats(20, 300))
def test_cost_conservation(policy: PolicyBook, vols: list[StreamVolume], rate: float) -> None:
    cost = dataclasses.replace(CostPolicy.from_policy(policy, 2026), rate_usd_per_hour=rate)
    if not any(v.dutiable_items for v in vols):
        vols = [dataclasses.replace(vols[0], dutiable_items=1), *vols[1:]]
    abc = activity_based_cost(vols, cost)
    pools = sum(abc.pool_usd.values())
    activities = sum(abc.activity_usd.values())
    streams = sum(abc.stream_usd(v.stream) for v in vols)
    assert activities == pytest.approx(pools, rel=1e-9)
    assert streams == pytest.approx(pools, rel=1e-9)
    fixed = sum(abc.stream_fixed_usd(v.stream) for v in vols)
    assert fixed == pytest.approx(sum(cost.fixed_pools_usd.values()), rel=1e-9)


def test_unallocated_pool_is_an_error(policy: PolicyBook) -> None:
    cost = CostPolicy.from_policy(policy, 2026)
    with pytest.raises(InvalidInput, match="cannot be allocated"):
        activity_based_cost([StreamVolume("mail.parcel", 2026, 1000)], cost)


def test_unit_cost_formula_matches_abc(policy: PolicyBook) -> None:
    cost = CostPolicy.from_policy(policy, 2026)
    vols = [StreamVolume("mail.parcel", 2026, 10_000, 4_000),
            StreamVolume("express.informal", 2026, 50_000, 50_000, informal_entries=50_000)]
    abc = activity_based_cost(vols, cost)
    for v in vols:
        s = v.stream
        u = unit_cost_usd(abc.rates_usd, cost.hold_rate[s], cost.lab_share[s],
                          cost.seizure_rate[s], v.dutiable_share, cost.duty_weight[s],
                          cost.protest_rate)
        assert u == pytest.approx(abc.cost_per_item_usd(s), rel=1e-12)


def test_cost_of_non_compliance(policy: PolicyBook) -> None:
    cost = CostPolicy.from_policy(policy, 2026)
    abc = activity_based_cost([StreamVolume("mail.parcel", 2026, 10_000, 4_000)], cost)
    base = PostRates("AAA", "mail.parcel", 500, cost.hold_rate["mail.parcel"],
                     cost.seizure_rate["mail.parcel"])
    bad = PostRates("BBB", "mail.parcel", 500, 0.05, 0.4)
    out = noncompliance_costs([base, bad], abc, cost)
    assert out[0].excess_usd == pytest.approx(0.0, abs=1e-9)
    assert out[1].excess_usd > out[1].marginal_excess_usd > 0
    with pytest.raises(InvalidInput):
        noncompliance_costs([PostRates("C", "mail.ems", 1, 0.1, 0.1)], abc, cost)


def test_post_rates_from_mail_items() -> None:
    frame = pd.DataFrame({
        "post_code": ["XA", "XA", "XA", "XA", "XB"],
        "mail_class": ["PARCEL", "PARCEL", "PARCEL", "LETTER_DOCUMENTS", "EMS"],
        "inspected": [True, True, False, True, False],
        "finding": ["IPR", "NONE", None, "DRUGS", None],
    })
    rates = {(r.post_code, r.stream): r for r in post_rates_from_mail_items(frame)}
    xa = rates[("XA", "mail.parcel")]
    assert (xa.items, xa.hold_rate, xa.seizure_rate) == (3, pytest.approx(2 / 3), 0.5)
    assert rates[("XB", "mail.ems")].seizure_rate == 0.0
    assert len(rates) == 2
