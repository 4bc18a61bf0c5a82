"""Dispositions other than seizure: the offer follows the finding and the three rules."""

from __future__ import annotations

import datetime as dt

from tradeguard.targeting import StoppedItem, TargetingPolicy, disposition_decision

WHEN = dt.datetime(2025, 6, 2, tzinfo=dt.UTC)


def _offer(policy: TargetingPolicy, **kw: object) -> tuple[str, list[str], list[str]]:
    item = StoppedItem(**{"subject": "shipment:1", "finding": "IPR", "value_usd": 100.0} | kw)
    decision = disposition_decision(item, policy, WHEN)
    offered = next(h for h in decision.hits if h.code == "DISP-DEFAULT").evidence["offered"]
    return decision.outcome, list(offered), [h.code for h in decision.hits]


def test_counterfeit_of_low_value_is_offered_abandonment_first(policy: TargetingPolicy) -> None:
    outcome, offered, _ = _offer(policy)
    assert outcome == "voluntary_abandonment"
    assert "seizure_forfeiture" in offered


def test_counterfeit_above_the_limit_goes_to_seizure(policy: TargetingPolicy) -> None:
    outcome, offered, codes = _offer(policy, value_usd=5000.0)
    assert outcome == "seizure_forfeiture" and "voluntary_abandonment" in offered
    assert "DISP-ABANDON-LIMIT" in codes


def test_repeat_offender_loses_abandonment_and_is_referred(policy: TargetingPolicy) -> None:
    outcome, offered, codes = _offer(policy, prior_findings=3)
    assert outcome == "seizure_forfeiture"
    assert "voluntary_abandonment" not in offered and "referral" in offered
    assert "DISP-REPEAT" in codes


def test_other_findings(policy: TargetingPolicy) -> None:
    assert _offer(policy, finding="NONE")[0] == "release"
    assert _offer(policy, finding="DRUGS")[0] == "seizure_forfeiture"
    assert _offer(policy, finding="INADMISSIBLE")[0] == "re_export"
    outcome, _, codes = _offer(policy, finding="UNDERVALUATION", at_stake_usd=50_000.0)
    assert outcome == "release_on_payment" and "DISP-REFERRAL" in codes


def test_unknown_finding_is_referred_with_the_reason(policy: TargetingPolicy) -> None:
    outcome, _, codes = _offer(policy, finding="MYSTERY")
    assert outcome == "referral" and "DISP-NA" in codes


def test_decision_is_reproducible(policy: TargetingPolicy) -> None:
    item = StoppedItem("shipment:9", "IPR", 10.0)
    assert disposition_decision(item, policy, WHEN) == disposition_decision(item, policy, WHEN)
