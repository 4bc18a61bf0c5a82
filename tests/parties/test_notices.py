from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from tests.parties.helpers import DAY, policy, small_list
from tradeguard.parties.measures import Ledger, ledgers, measure_decisions, recommend
from tradeguard.parties.notices import (
    Attempt,
    Filing,
    Publication,
    cease_decisions,
    notice_decisions,
    notice_export,
    notice_status,
    publications,
)
from tradeguard.referrals.present_responsibility import referral_decisions

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
days = st.dates(dt.date(2021, 1, 1), dt.date(2030, 1, 1))


def test_publications_open_a_60_day_window_for_cbp_trade_listings_only() -> None:
    pubs = publications(small_list(), policy())
    assert [p.sam_number for p in pubs] == ["S1", "S2", "S4"]
    assert all(p.due_on - p.published_on == dt.timedelta(days=60) for p in pubs)


@given(published=days, filed_after=st.integers(0, 200), as_of_after=st.integers(0, 200))
def test_sixty_day_clock(published: dt.date, filed_after: int, as_of_after: int) -> None:
    pub = Publication("S1", "X", published, published + dt.timedelta(days=60))
    as_of = published + dt.timedelta(days=as_of_after)
    filed = Filing("F", "S1", published + dt.timedelta(days=filed_after))
    status, late = notice_status(pub, [filed], as_of)
    assert (status, late) == (("filed", 0) if filed_after <= 60 else ("late", filed_after - 60))
    status, late = notice_status(pub, [], as_of)
    assert (status, late) == (("open", 0) if as_of_after <= 60 else ("missing", as_of_after - 60))


def attempt(ref: str, day: dt.date, sam: str = "S1", p: float = 0.999) -> Attempt:
    return Attempt("ECO-01", sam, ref, "GOLDEN PACIFIC TRADING", day, p, "name 1.00")


def test_notice_decisions_export_and_stops() -> None:
    lst, pol = small_list(), policy()
    pubs = publications(lst, pol)
    seen = [attempt("W1", dt.date(2025, 2, 1)), attempt("W2", dt.date(2025, 2, 3))]
    decided = notice_decisions(pubs, seen, [], dt.date(2025, 6, 1), pol, NOW)
    assert [(d.subject, d.outcome) for d in decided] == [("FAC:ECO-01:S1", "missing")]
    filed = notice_decisions(
        pubs, seen, [Filing("ECO-01", "S1", dt.date(2025, 2, 20))], dt.date(2025, 6, 1), pol, NOW
    )
    assert filed[0].outcome == "filed"
    export = notice_export("ECO-01", pubs[0], seen)
    assert export["listed_person"]["sam_number"] == "S1" and len(export["attempts"]) == 2
    stops = cease_decisions(
        [*seen, attempt("W0", dt.date(2024, 1, 1)), attempt("W3", DAY, p=0.6)], lst, pol, NOW
    )
    assert [d.subject for d in stops] == ["SHIPMENT:ECO-01:W1", "SHIPMENT:ECO-01:W2"]
    assert "must not carry" in stops[0].hits[0].reason


def test_ledger_measures_with_due_process_and_referrals() -> None:
    pol = policy()
    stops = cease_decisions(
        [attempt(f"W{i}", dt.date(2025, 3, 1)) for i in range(4)], small_list(), pol, NOW
    )
    books = ledgers({"ECO-01": "EXPRESS_OPERATOR"}, stops, [])
    assert books == [Ledger("ECO-01", "EXPRESS_OPERATOR", 4, 0, 0, ("W0", "W1", "W2", "W3"))]
    measures = measure_decisions(books, pol, DAY, NOW)
    assert measures[0].outcome == "recommended:trusted_trader_limit"
    stages = [h.evidence.get("stage") for h in measures[0].hits]
    assert stages[1:] == ["notice", "response", "decision"]
    assert recommend(Ledger("B", "BROKER", 20, 0, 0), pol.measure_thresholds) == (
        "broker_license_revocation"
    )
    referred = referral_decisions(books, pol, NOW)
    assert [d.kind for d in referred] == ["present_responsibility_referral"]
