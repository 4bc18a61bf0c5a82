"""Coverage per stream: fees only (duties never count), monotone in the fee, decisions."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tradeguard.fees.coverage import coverage_decisions, year_coverage
from tradeguard.fees.defaults import default_volumes
from tradeguard.fees.revenue import stream_fee_revenue
from tradeguard.fees.schedule import fee_schedule
from tradeguard.fees.volumes import StreamVolume
from tradeguard.policy import PolicyBook

WHEN = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(0, 1e11), min_size=6, max_size=6))
def test_duties_never_enter_revenue(policy: PolicyBook, duties: list[float]) -> None:
    base = [v for v in default_volumes() if v.fiscal_year == 2026]
    more = [dataclasses.replace(v, duties_usd=d) for v, d in zip(base, duties, strict=True)]
    a, b = year_coverage(base, policy, 2026), year_coverage(more, policy, 2026)
    for ra, rb in zip(a.rows, b.rows, strict=True):
        assert ra.fee_revenue_usd == rb.fee_revenue_usd
        assert ra.coverage_ratio == rb.coverage_ratio


@given(st.integers(1, 10**8), st.integers(0, 10**8), st.decimals(Decimal("0.01"), Decimal("50"),
                                                               places=2))
def test_revenue_monotone_in_fee(policy: PolicyBook, items: int, dutiable: int,
                                 bump: Decimal) -> None:
    vol = StreamVolume("mail.parcel", 2026, items, min(items, dutiable))
    s = fee_schedule(policy, 2026)
    line = s.lines["dutiable_mail"]
    higher = dataclasses.replace(
        s, lines={**s.lines, "dutiable_mail": dataclasses.replace(
            line, published_usd=line.value_usd + bump)}
    )
    lines = ("dutiable_mail", "mpf")
    low = sum(stream_fee_revenue(vol, s, lines).values())
    high = sum(stream_fee_revenue(vol, higher, lines).values())
    assert high >= low


def test_default_world_fy2026(policy: PolicyBook) -> None:
    cov = year_coverage(default_volumes(), policy, 2026)
    row = cov.row("mail.parcel")
    assert row.revenue_by_fee_usd["dutiable_mail"] == 45_000_000 * 7.39
    assert row.coverage_ratio is not None and row.gap_usd == row.cost_usd - row.fee_revenue_usd
    assert row.cost_to_collect_per_100_usd is not None
    ems = cov.row("mail.ems").revenue_by_fee_usd["ems_inbound"]
    assert ems == 10_000_000 * 0.5  # CBP's share only
    decisions = coverage_decisions(cov, WHEN)
    assert {d.kind for d in decisions} == {"fee_coverage"}
    assert all(d.provision == "EO 13904 s.7(a)" for d in decisions)
    assert len(decisions) == 5  # express.low_value carried nothing after de minimis ended
    hit = next(h for h in decisions[0].hits if h.code == "FEE-COVERAGE")
    assert hit.status == "assumption" and "cover" in hit.reason
