"""The pure rules of case work, without a database: alerts, deadlines, triage, moves,
maker-checker, policy changes and what each role may read."""

from __future__ import annotations

import datetime as dt

import pytest

from tradeguard.cases.access import Permission, Principal, Role, allowed, decision_scope
from tradeguard.cases.rules import (
    Alert,
    CaseStatus,
    OpenCase,
    Priority,
    Triage,
    alert_from_decision,
    apply_changes,
    check_checker,
    check_value,
    due_on,
    match_key,
    next_status,
    require_reason,
    triage,
)
from tradeguard.domain.decisions import Decision, RuleHit
from tradeguard.errors import Conflict, Forbidden, InvalidInput
from tradeguard.policy import load_policy

DAY = dt.date(2025, 12, 22)  # a Monday, three days before Christmas
VALUES = {
    "deadline.ior.facilitator_notice_days": 60,
    "bond.insufficiency.letter_days": 15,
    "deadline.ipr.seizure_disclosure_business_days": 30,
}


def decision(kind: str, outcome: str, evidence: dict[str, object] | None = None) -> Decision:
    hit = RuleHit("X", 1.0, "because", evidence or {})
    return Decision(
        "PARTY:P1", kind, outcome, 0.9, (hit,), "EO", "v", "d", dt.datetime.combine(DAY, dt.time(9))
    )


def alert(
    priority: Priority = Priority.MEDIUM, rule: str | None = None, key: str | None = None
) -> Alert:
    return Alert("PARTY:P1", "party_screening", "alert", priority, "t", DAY, rule, key)


def test_which_decisions_are_alerts() -> None:
    assert alert_from_decision(decision("party_screening", "clear")) is None
    assert alert_from_decision(decision("ior_eligibility", "eligible")) is None
    assert alert_from_decision(decision("adcvd_security", "none")) is None
    found = alert_from_decision(decision("party_screening", "match", {"sam_number": "S9"}), 4)
    assert found is not None
    assert (found.priority, found.match_key, found.decision_id) == (Priority.HIGH, "SAM:S9", 4)
    measure = alert_from_decision(decision("facilitator_measure", "recommended:warning"))
    assert measure is not None and measure.priority == Priority.MEDIUM
    assert alert_from_decision(decision("unknown_kind", "whatever")) is None


def test_deadlines_count_calendar_or_business_days() -> None:
    notice = Alert("FAC:F:S", "sam_list_change", "added", Priority.LOW, "t", DAY, "notice_60_days")
    assert due_on(notice, VALUES) == DAY + dt.timedelta(days=60)
    bond = Alert(
        "IOR:1",
        "continuous_bond_sufficiency",
        "insufficient",
        Priority.MEDIUM,
        "t",
        DAY,
        "bond_letter_15_days",
    )
    assert due_on(bond, VALUES) == dt.date(2026, 1, 6)
    disclosure = Alert(
        "SEIZURE:1",
        "ipr_disclosure",
        "due",
        Priority.MEDIUM,
        "t",
        DAY,
        "disclosure_30_business_days",
    )
    # 30 business days skip weekends, Christmas, New Year's Day and Martin Luther King Day
    assert due_on(disclosure, VALUES) == dt.date(2026, 2, 5)
    assert due_on(alert(), VALUES) is None
    stated = alert_from_decision(decision("facilitator_notice", "open", {"due_on": "2026-02-01"}))
    assert stated is not None and due_on(stated, VALUES) == dt.date(2026, 2, 1)


def test_a_more_serious_alert_raises_the_open_case_instead_of_a_duplicate() -> None:
    assert triage(alert(), None, frozenset()) is Triage.OPEN
    assert triage(alert(Priority.HIGH), OpenCase(1, Priority.MEDIUM), frozenset()) is Triage.RAISE
    assert triage(alert(Priority.LOW), OpenCase(1, Priority.MEDIUM), frozenset()) is Triage.ATTACH
    assert (
        triage(alert(Priority.MEDIUM), OpenCase(1, Priority.MEDIUM), frozenset()) is Triage.ATTACH
    )
    dismissed = frozenset({"SAM:S9"})
    assert triage(alert(key="SAM:S9"), None, dismissed) is Triage.SUPPRESS
    assert triage(alert(key="SAM:S8"), None, dismissed) is Triage.OPEN


def test_case_moves() -> None:
    assert next_status("open", "assign") is CaseStatus.IN_REVIEW
    assert next_status("in_review", "confirm") is CaseStatus.CONFIRMED
    assert next_status("dismissed", "comment") is CaseStatus.DISMISSED
    assert next_status("dismissed", "reopen") is CaseStatus.OPEN
    with pytest.raises(Conflict):
        next_status("confirmed", "dismiss")
    with pytest.raises(InvalidInput):
        next_status("open", "explode")
    with pytest.raises(InvalidInput):
        require_reason("  ")
    assert require_reason(" a reason ") == "a reason"


def test_maker_checker() -> None:
    check_checker("ann", "pending", "sue")
    with pytest.raises(Forbidden):
        check_checker("ann", "pending", "ann")
    with pytest.raises(Conflict):
        check_checker("ann", "approved", "sue")


def test_approved_changes_take_effect_from_their_day_with_a_new_version() -> None:
    book = load_policy()
    key = "bond.insufficiency.letter_days"
    changed = apply_changes(book, [(3, key, 10, dt.date(2027, 1, 1))])
    assert changed.value(key, dt.date(2026, 12, 31)) == 15
    assert changed.value(key, dt.date(2027, 1, 1)) == 10
    assert changed.version == f"{book.version}+chg3"
    assert apply_changes(book, []) is book
    check_value(key, 15, 10.5)
    with pytest.raises(InvalidInput):
        check_value(key, 15, True)
    with pytest.raises(InvalidInput):
        check_value("x.list", ["a"], "a")


def test_match_key_of_reestablishment_names_every_listed_person() -> None:
    d = decision("reestablishment", "probable_affiliate", {"sam_numbers": ["S2", "S1"]})
    assert match_key(d) == "SAM:S1,S2"
    assert match_key(decision("ior_eligibility", "review")) is None


def test_roles_and_scopes() -> None:
    assert allowed(Role.SUPERVISOR, Permission.POLICY_APPROVE)
    assert not allowed(Role.ANALYST, Permission.POLICY_APPROVE)
    assert not allowed(Role.PUBLIC, Permission.DECISIONS)
    broker = decision_scope(Principal(Role.BROKER, "BRK-1"), ["12-3"])
    assert broker.allows("IOR:12-3", "covered_importer")
    assert broker.allows("FAC:BRK-1:S1", "facilitator_notice")
    assert not broker.allows("FAC:BRK-10:S1", "facilitator_notice")
    assert not broker.allows("IOR:99-9", "covered_importer")
    public = decision_scope(Principal(Role.PUBLIC, "x"))
    assert public.allows("PUBLICATION:FY2026Q1", "seizure_publication")
    assert not public.allows("CELL:x", "publication_cell")
    assert decision_scope(Principal(Role.ANALYST, "ann")).allows("anything", "any")
