from __future__ import annotations

import datetime as dt

from tests.parties.helpers import policy, small_list
from tradeguard.parties.linkage import Linker, clusters
from tradeguard.parties.records import Party
from tradeguard.parties.reestablish import find_reestablished
from tradeguard.parties.screen import Screener

ORIGINAL = Party(
    "11-1111111AA",
    "GOLDEN PACIFIC TRADING LLC",
    "firm",
    street="1017 8TH ST",
    city="LAUREL",
    postal_code="20707",
    country="US",
    phone="410-555-0101",
    email="import@goldenpacific.com",
    ior_number="11-1111111AA",
    officers=("DAVID KUMAR",),
    formed_on=dt.date(2015, 1, 1),
    broker="ABC",
)
COMEBACK = Party(
    "22-2222222AA",
    "PACIFIK GOLDEN IMPORTS CORP",
    "firm",
    street="77 ELM ST",
    city="DOVER",
    postal_code="19901",
    country="US",
    phone="(410) 555-0101",
    email="sales@pgi.com",
    ior_number="22-2222222AA",
    officers=("DAVID KUMAR", "ANNA LEE"),
    formed_on=dt.date(2025, 6, 1),
    broker="ABC",
)
BYSTANDER = Party(
    "33-3333333AA",
    "BLUE RIVER FOODS INC",
    "firm",
    street="5 OAK ST",
    city="RENO",
    postal_code="89501",
    country="US",
    phone="775-555-0199",
    email="info@blueriver.com",
    ior_number="33-3333333AA",
    officers=("JOHN DOE",),
    formed_on=dt.date(2025, 7, 1),
    broker="ABC",
)


def test_indicia_explain_the_tie() -> None:
    linker = Linker(policy())
    codes = {h.code for h in linker.indicia(ORIGINAL, COMEBACK, dt.date(2025, 1, 10))}
    assert {
        "LINK-SHARED_OFFICER",
        "LINK-SHARED_PHONE",
        "LINK-NEW_ENTITY_AFTER_EXCLUSION",
        "LINK-SHARED_BROKER",
    } <= codes
    assert linker.compare(ORIGINAL, BYSTANDER).weight < policy().affiliate_threshold


def test_link_and_dedupe_and_clusters() -> None:
    linker = Linker(policy())
    links = linker.link([ORIGINAL], [COMEBACK, BYSTANDER])
    assert [(x.left, x.right) for x in links] == [(ORIGINAL.party_id, COMEBACK.party_id)]
    assert "shared officer or owner DAVID KUMAR" in links[0].reasons
    assert linker.link([ORIGINAL, COMEBACK, BYSTANDER]) != []
    assert clusters([("a", "b"), ("c", "b"), ("d", "e")]) == [{"a", "b", "c"}, {"d", "e"}]


def test_reestablished_firm_is_found_with_its_case() -> None:
    screener = Screener(small_list(), policy())
    found, _cases = find_reestablished([ORIGINAL, COMEBACK, BYSTANDER], screener, Linker(policy()))
    assert [r.importer.party_id for r in found] == [COMEBACK.party_id]
    case = found[0].case
    assert case.sam_numbers == ("S1", "S2") and case.originals == (ORIGINAL.party_id,)
