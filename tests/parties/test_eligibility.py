from __future__ import annotations

import datetime as dt

from tests.parties.helpers import DAY, policy, small_list
from tradeguard.domain.decisions import RuleHit
from tradeguard.parties.eligibility import eligibility_decision
from tradeguard.parties.records import Party
from tradeguard.parties.screen import Screener

SCREENER = Screener(small_list(), policy())
DEADLINES = {
    "suspension.max_months": 12,
    "suspension.max_extended_months": 18,
    "debarment.typical_max_years": 3,
}
NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


def decide(party: Party, day: dt.date = DAY, **kw: object) -> str:
    d = eligibility_decision(party, SCREENER, day, DEADLINES, NOW, **kw)  # type: ignore[arg-type]
    assert d.provision.endswith("(proposed criteria)")
    assert all(h.status in ("proposed", "assumption") for h in d.hits)
    return d.outcome


def test_cbp_trade_exclusion_makes_ineligible_for_its_duration() -> None:
    firm = Party(
        "P",
        "Golden Pacific Trading Inc",
        street="1017 8th St",
        city="Laurel",
        postal_code="20707",
        country="US",
    )
    assert decide(firm) == "ineligible"
    assert decide(firm, dt.date(2028, 1, 10)) == "eligible"  # the debarment has ended
    assert decide(firm, dt.date(2024, 12, 31)) == "eligible"  # not yet active


def test_review_for_other_agencies_names_alone_officers_and_affiliates() -> None:
    assert decide(Party("P", "MARIA LOPEZ", kind="individual")) == "review"
    assert decide(Party("P", "Golden Pacific Trading Inc")) == "review"  # name alone
    assert decide(Party("P", "NEW HORIZON LLC", officers=("DAVID KUMAR",))) == "review"
    hit = RuleHit("LINK-SHARED_PHONE", 8.0, "same phone", {}, "proposed")
    assert decide(Party("P", "UNRELATED LLC"), affiliate_hits=(hit,)) == "review"
    assert decide(Party("P", "UNRELATED LLC")) == "eligible"
