"""Case work on a real store (SQLite and PostgreSQL): sync is idempotent, a more serious alert
raises the open case, a dismissed match stays dismissed for its party, the timeline refuses
edits, and every change lands in the audit log."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

import tradeguard.store.service_schema  # noqa: F401
from tradeguard.cases import service as cases
from tradeguard.cases.access import Principal, Role
from tradeguard.domain.decisions import Decision, RuleHit, inputs_digest
from tradeguard.errors import Forbidden
from tradeguard.policy import load_policy
from tradeguard.store.repository import AuditStore, DecisionStore

ANN = Principal(Role.ANALYST, "ann")
DAY = dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC)


def _decision(subject: str, kind: str, outcome: str, sam: str = "S1", n: int = 0) -> Decision:
    hit = RuleHit("X", 1.0, f"{subject} {outcome}", {"sam_number": sam})
    return Decision(
        subject,
        kind,
        outcome,
        0.9,
        (hit,),
        "EO 13904 s.3(a)",
        "v",
        inputs_digest([subject, kind, outcome, n]),
        DAY,
    )


def test_sync_opens_raises_and_remembers_dismissals(store: Engine) -> None:
    book = load_policy()
    decisions = DecisionStore(store)
    decisions.save(
        [
            _decision("PARTY:P1", "party_screening", "alert"),
            _decision("PARTY:P2", "party_screening", "clear"),
        ]
    )
    first = cases.sync_alerts(store, book, ANN)
    assert (first.seen, first.opened) == (2, 1)
    assert cases.sync_alerts(store, book, ANN).seen == 0
    decisions.save([_decision("PARTY:P1", "party_screening", "match", n=1)])
    raised = cases.sync_alerts(store, book, ANN)
    assert (raised.opened, raised.raised) == (0, 1)
    [case], total = cases.list_cases(store, ANN)
    assert total == 1 and case.priority == 3
    view = cases.get_case(store, ANN, case.id)
    assert [e.action for e in view.events] == ["opened", "priority_raised"]
    assert len(view.evidence) == 2
    cases.dismiss(store, ANN, case.id, "a different firm in another state")
    decisions.save(
        [
            _decision("PARTY:P1", "party_screening", "match", n=2),
            _decision("PARTY:P1", "party_screening", "alert", sam="S2", n=3),
        ]
    )
    after = cases.sync_alerts(store, book, ANN)
    assert (after.suppressed, after.opened) == (1, 1)  # same match suppressed, a new one opens
    audit = {e.action for e in AuditStore(store).events(limit=1000)}
    assert {"opened", "priority_raised", "dismissed", "dismiss_match", "suppress_alert"} <= audit


def test_timeline_is_append_only_and_roles_are_checked(store: Engine) -> None:
    DecisionStore(store).save([_decision("IOR:1", "ior_eligibility", "ineligible")])
    cases.sync_alerts(store, load_policy(), ANN)
    [case], _ = cases.list_cases(store, ANN)
    cases.comment(store, ANN, case.id, "called the importer")
    for statement in ("UPDATE case_events SET actor = 'x'", "DELETE FROM case_events"):
        with pytest.raises(DBAPIError, match="append-only"), store.begin() as conn:
            conn.execute(text(statement))
    with pytest.raises(Forbidden):
        cases.comment(store, Principal(Role.BROKER, "BRK-1"), case.id, "let me in")
    with pytest.raises(Forbidden):
        cases.list_cases(store, Principal(Role.PUBLIC, "x"))
