from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.parties.helpers import policy, small_list
from tradeguard.parties.records import Party
from tradeguard.parties.screen import Screener, _subject, screening_decisions

SCREENER = Screener(small_list(), policy())


def test_variants_alert_with_explanations() -> None:
    for name in (
        "Golden Pacifc Trading Corp.",
        "PACIFIC GOLDEN TRADING INC",
        "Golden Pacific Trdg Co., Ltd.",
        "张伟 International Co Ltd",
        "Chang Wei Intl",
    ):
        result = SCREENER.screen_one(Party("P", name))
        assert result.outcome != "clear", name
        assert result.best is not None and result.best.sam_number in {"S1", "S4"}
    best = SCREENER.screen_one(Party("P", "Golden Pacific Trading Inc")).best
    assert best is not None and "after removing the legal form" in best.hits[0].reason


def test_common_words_and_legal_forms_do_not_alert() -> None:
    for name in (
        "PACIFIC TRADING LLC",
        "GOLDEN HARBOR TRADING LLC",
        "INTERNATIONAL CO LTD",
        "DAVID MILLER",
        "TRADING CORP",
    ):
        assert SCREENER.screen_one(Party("P", name)).outcome == "clear", name


def test_name_alone_alerts_but_never_confirms() -> None:
    alone = SCREENER.screen_one(Party("P", "GOLDEN PACIFIC TRADING LLC"))
    placed = SCREENER.screen_one(
        Party(
            "P",
            "GOLDEN PACIFIC TRADING LLC",
            street="1017 8th Street",
            city="Laurel",
            postal_code="20707",
            country="US",
        )
    )
    assert alone.outcome == "alert" and placed.outcome == "match"


def test_officers_are_screened_against_listed_individuals() -> None:
    result = SCREENER.screen_one(Party("P", "NEW HORIZON LLC", officers=("DAVID KUMAR",)))
    assert result.best is not None and result.best.sam_number == "S2"
    assert result.best.hits[0].reason.startswith("officer ")


def test_batch_equals_one_by_one() -> None:
    parties = [
        Party(f"P{i}", n)
        for i, n in enumerate(
            ["Golden Pacifc Trading", "MARIA LOPEZ", "NOBODY AT ALL", "GOLDEN PACIFIC TRADING"]
        )
    ]
    batch = SCREENER.screen(parties)
    single = [SCREENER.screen_one(p) for p in parties]
    assert [r.outcome for r in batch] == [r.outcome for r in single]
    decisions = screening_decisions(batch, policy(), dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    assert {d.subject for d in decisions} == {"PARTY:P0", "PARTY:P1", "PARTY:P3"}


evidence = st.fixed_dictionaries(
    {
        "street": st.sampled_from(["", "1017 8TH ST", "99 ELM ST"]),
        "city": st.sampled_from(["", "LAUREL", "BOSTON"]),
        "postal_code": st.sampled_from(["", "20707", "02101"]),
    }
)


@settings(max_examples=40, deadline=None)
@given(extra=evidence, name=st.sampled_from(["GOLDEN PACIFC TRADING", "GOLDEN PACIFIC TRADING"]))
def test_score_is_monotone_in_agreeing_evidence(extra: dict[str, str], name: str) -> None:
    base = SCREENER.screen_one(Party("P", name, country="US", **extra)).probability
    agreeing = {"street": "1017 8TH ST", "city": "LAUREL", "postal_code": "20707"}
    more = SCREENER.screen_one(Party("P", name, country="US", **agreeing)).probability
    assert more >= base


def test_batch_scores_equal_the_explained_scores() -> None:
    """Pairs scored with arrays carry exactly the weight of the explained score, and a clear
    party's best candidate is explained on demand with the probability already reported."""
    from tradeguard.parties.evalset import make_evalset
    from tradeguard.parties.score import score_pair

    data = make_evalset(400, 600, seed=11)
    parties = [
        Party(p.party_id, p.name, "individual" if k % 5 == 0 else "", (), p.street, p.city,
              p.state, p.postal_code, "CN" if k % 7 == 0 else p.country,
              officers=(data.parties[k - 1].name,) if k % 3 == 0 else ())
        for k, p in enumerate(data.parties)
    ]  # fmt: skip
    screener = Screener(data.screening_list, policy())
    results = screener.screen(parties)
    decided = screener._decide([_subject(p) for p in parties], 0, keep_all=True)
    assert len(decided.who) > 0
    norm = screener.index.normalizer
    for k in range(len(decided.who)):
        party = parties[int(decided.who[k])]
        text = (party.name, *party.aliases, *party.officers)[int(decided.slot[k])]
        listed = screener.index.names[int(decided.nid[k])]
        exact = score_pair(
            party, norm(text), screener.list.entries[listed.sam_number],
            listed.norm, screener.weight, screener.policy,
        )  # fmt: skip
        assert exact.weight_log2 == decided.weight[k]
    alerted = [r for r in results if r.outcome != "clear"]
    clear = [r for r in results if r.outcome == "clear" and r.probability > 0]
    assert alerted and clear
    for r in alerted:
        assert all(m.probability >= screener.policy.alert_threshold for m in r.matches)
    for r in clear[:50]:
        reported = r.probability
        assert r.best is not None and r.best.probability == reported
        assert r.best.probability < screener.policy.alert_threshold
    assert SCREENER.screen([]) == []
    assert SCREENER.screen([Party("P", "...")])[0].outcome == "clear"


def test_parties_sharing_core_words_keep_their_own_name_and_form() -> None:
    """Two parties whose names differ only by legal form are looked up once, but each is
    scored and explained with its own name and form."""
    first, second = SCREENER.screen(
        [Party("A", "Golden Pacific Trading LLC"), Party("B", "GOLDEN PACIFIC TRADING INC")]
    )
    assert first.best is not None and second.best is not None
    assert "'Golden Pacific Trading LLC'" in first.best.hits[0].reason
    assert "'GOLDEN PACIFIC TRADING INC'" in second.best.hits[0].reason
    assert first.best.weight_log2 != second.best.weight_log2  # same form vs a different one


def test_forked_workers_give_the_same_results() -> None:
    from tradeguard.parties.evalset import make_evalset

    data = make_evalset(2_000, 12_000, seed=5)
    serial = Screener(data.screening_list, policy()).screen(data.parties)
    with Screener(data.screening_list, policy(), workers=2) as screener:
        forked = screener.screen(data.parties)
        explained = screener.screen(data.parties, explain=True)
    assert [(r.outcome, r.probability) for r in serial] == [
        (r.outcome, r.probability) for r in forked
    ]
    alerted = [k for k, r in enumerate(serial) if r.outcome != "clear"]
    assert alerted
    for k in alerted[:200]:
        assert serial[k].matches == forked[k].matches
    # explained as the parts come back: every alert's matches built, and the same
    assert all(explained[k]._pending is None for k in alerted)
    assert explained == serial


def test_token_weights_of_parties_are_forgotten_past_the_bound_not_the_lists(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The cache of token weights holds at most so many tokens met in parties: past that it
    keeps the list's own, and screening gives the same results."""
    import tradeguard.parties.screen as screen_module

    screener = Screener(small_list(), policy())
    listed = len(screener._token_weight)
    parties = [Party(f"P{i}", f"Golden Pacifc Tradng ZQX{i} Corp") for i in range(30)]
    expected = [(r.outcome, r.probability) for r in screener.screen(parties)]
    monkeypatch.setattr(screen_module, "_MAX_PARTY_TOKENS", 5)
    got = []
    for party in parties:
        result = screener.screen_one(party)
        got.append((result.outcome, result.probability))
        assert len(screener._token_weight) <= listed + 5 + 5  # the bound, plus one name's
    assert got == expected
    fresh = Screener(small_list(), policy())
    assert list(screener._token_weight)[:listed] == list(fresh._token_weight)
