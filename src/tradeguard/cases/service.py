"""Case work as service functions: every call takes the caller's :class:`Principal`, checks
the role, applies the pure rules of :mod:`tradeguard.cases.rules`, and records the change
(case timeline and audit log) through :class:`~tradeguard.cases.store.CaseStore`.

>>> report = sync_alerts(engine, book, Principal(Role.ANALYST, "ann"))  # doctest: +SKIP
>>> comment(engine, Principal(Role.ANALYST, "ann"), 1, "Called the broker")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, insert, select

import tradeguard.store.service_schema as ss
from tradeguard.cases.access import Permission, Principal, Role, require
from tradeguard.cases.rules import (
    DUE_RULES,
    Triage,
    alert_from_decision,
    apply_changes,
    check_checker,
    check_value,
    due_on,
    next_status,
    person,
    require_reason,
)
from tradeguard.cases.store import Case, CaseEvent, CaseStore, Override, PolicyChange
from tradeguard.domain.decisions import Decision, RuleHit, inputs_digest
from tradeguard.errors import FieldError, InvalidInput, NotFound
from tradeguard.policy import PolicyBook
from tradeguard.store import schema
from tradeguard.store.repository import DecisionStore, StoredDecision

__all__ = [
    "CaseView",
    "SyncReport",
    "approve_change",
    "assign",
    "comment",
    "confirm",
    "disclosure_decisions",
    "dismiss",
    "due_values",
    "effective_book",
    "get_case",
    "list_cases",
    "load_decisions",
    "override_risk",
    "propose_change",
    "reject_change",
    "sync_alerts",
]

MAX_COMMENT_CHARS = 5000


@dataclass
class SyncReport:
    """What one pass over new decisions did."""

    seen: int = 0
    opened: int = 0
    raised: int = 0
    attached: int = 0
    suppressed: int = 0
    case_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class CaseView:
    """A case with its timeline, the decisions behind it and the overrides on its subject."""

    case: Case
    events: list[CaseEvent]
    evidence: list[StoredDecision]
    overrides: list[Override]


def decision_from_row(m: Any) -> StoredDecision:
    hits = tuple(
        RuleHit(h["code"], h["weight"], h["reason"], h.get("evidence", {}), h.get("status", "law"))
        for h in m["hits"]
    )
    decision = Decision(
        m["subject"],
        m["kind"],
        m["outcome"],
        m["score"],
        hits,
        m["provision"],
        m["policy_version"],
        m["inputs_digest"],
        m["decided_at"],
    )
    return StoredDecision(int(m["id"]), decision, m["recorded_at"], m["run_id"])


def load_decisions(engine: Engine, ids: Sequence[int]) -> list[StoredDecision]:
    """Stored decisions by id, in id order."""
    t = schema.decisions
    out: list[StoredDecision] = []
    with engine.connect() as conn:
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            rows = conn.execute(select(t).where(t.c.id.in_(chunk)).order_by(t.c.id))
            out += [decision_from_row(r._mapping) for r in rows]
    return out


def due_values(book: PolicyBook, on: dt.date) -> dict[str, Any]:
    """The policy values the deadline rules count with, as in force on ``on``."""
    out: dict[str, Any] = {}
    for rule in DUE_RULES.values():
        out[rule.policy_key] = book.value(rule.policy_key, on)
    return out


def sync_alerts(
    engine: Engine, book: PolicyBook, principal: Principal, *, max_decisions: int = 200_000
) -> SyncReport:
    """Turn every decision not seen before into a case action (open, raise, attach, suppress).

    Idempotent: a decision is looked at once (``case_alerts`` remembers it)."""
    require(principal, Permission.CASES)
    store = CaseStore(engine)
    report = SyncReport()
    after = 0
    while report.seen < max_decisions:
        ids = store.unseen_decision_ids(after, limit=2000)
        if not ids:
            break
        after = ids[-1]
        quiet: list[int] = []
        for item in load_decisions(engine, ids):
            report.seen += 1
            alert = alert_from_decision(item.decision, item.id)
            if alert is None:
                quiet.append(item.id)
                continue
            due = due_on(alert, due_values(book, alert.raised_on))
            effect, case_id = store.apply_alert(alert, due, principal.actor)
            _count(report, effect, case_id)
        _mark_quiet(engine, quiet)
    return report


def _count(report: SyncReport, effect: Triage, case_id: int | None) -> None:
    if effect is Triage.OPEN:
        report.opened += 1
    elif effect is Triage.RAISE:
        report.raised += 1
    elif effect is Triage.SUPPRESS:
        report.suppressed += 1
    else:
        report.attached += 1
    if case_id is not None and case_id not in report.case_ids:
        report.case_ids.append(case_id)


def _mark_quiet(engine: Engine, ids: list[int]) -> None:
    if not ids:
        return
    now = dt.datetime.now(dt.UTC)
    rows = [{"decision_id": i, "case_id": None, "effect": "none", "at": now} for i in ids]
    with engine.begin() as conn:
        conn.execute(insert(ss.case_alerts), rows)


def list_cases(
    engine: Engine,
    principal: Principal,
    *,
    status: str | None = None,
    assignee: str | None = None,
    kind: str | None = None,
    subject: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Case], int]:
    require(principal, Permission.CASES)
    return CaseStore(engine).search(
        status=status, assignee=assignee, kind=kind, subject=subject, limit=limit, offset=offset
    )


def get_case(engine: Engine, principal: Principal, case_id: int) -> CaseView:
    require(principal, Permission.CASES)
    store = CaseStore(engine)
    case = store.get(case_id)
    evidence = load_decisions(engine, store.decision_ids(case_id))
    overrides = [o for (s, _), o in store.overrides([case.subject]).items() if s == case.subject]
    return CaseView(case, store.events(case_id), evidence, overrides)


def comment(engine: Engine, principal: Principal, case_id: int, text: str) -> CaseEvent:
    """Add a comment to the case's timeline."""
    require(principal, Permission.CASES)
    body = text.strip()
    if not body or len(body) > MAX_COMMENT_CHARS:
        error = FieldError("text", f"must be 1 to {MAX_COMMENT_CHARS} characters")
        raise InvalidInput("a comment needs text", errors=[error])
    store = CaseStore(engine)
    store.get(case_id)
    store.change(case_id, principal.actor, "comment", {"text": body})
    return store.events(case_id)[-1]


def assign(engine: Engine, principal: Principal, case_id: int, assignee: str) -> Case:
    """Give the case to someone (an empty name takes it for the caller)."""
    require(principal, Permission.CASES)
    store = CaseStore(engine)
    case = store.get(case_id)
    target = next_status(case.status, "assign")
    who = assignee.strip() or principal.subject
    store.change(
        case_id,
        principal.actor,
        "assigned",
        {"assignee": who, "from": case.assignee},
        {"assignee": who, "status": target.value},
    )
    return store.get(case_id)


def confirm(engine: Engine, principal: Principal, case_id: int, reason: str) -> Case:
    """Confirm the alert (a true match, a real risk), with a reason."""
    return _close(engine, principal, case_id, "confirm", reason)


def dismiss(engine: Engine, principal: Principal, case_id: int, reason: str) -> Case:
    """Dismiss the alert as false, with a reason; a dismissed match is remembered for the
    subject, so the same match does not open a case again."""
    case = _close(engine, principal, case_id, "dismiss", reason)
    if case.match_key:
        CaseStore(engine).remember_dismissal(
            case.subject, case.match_key, require_reason(reason), principal.actor, case_id
        )
    return case


_PAST = {"confirm": "confirmed", "dismiss": "dismissed"}


def _close(engine: Engine, principal: Principal, case_id: int, action: str, reason: str) -> Case:
    require(principal, Permission.CASES)
    why = require_reason(reason)
    store = CaseStore(engine)
    case = store.get(case_id)
    target = next_status(case.status, action)
    store.change(
        case_id,
        principal.actor,
        _PAST[action],
        {"reason": why, "match_key": case.match_key},
        {"status": target.value, "resolution": why, "closed_at": dt.datetime.now(dt.UTC)},
    )
    return store.get(case_id)


def override_risk(
    engine: Engine, principal: Principal, subject: str, kind: str, level: str, reason: str
) -> Override:
    """Set a subject's level by hand for one decision kind, with who and why. The engine's
    decision stays as it was; the override is shown beside it."""
    require(principal, Permission.OVERRIDE)
    why = require_reason(reason)
    if not level.strip() or len(level) > 60:
        raise InvalidInput("a level is required", errors=[FieldError("level", "1-60 characters")])
    t = schema.decisions
    with engine.connect() as conn:
        known = conn.execute(
            select(t.c.id).where(t.c.subject == subject, t.c.kind == kind).limit(1)
        ).first()
    if known is None:
        raise NotFound(f"no {kind} decision about {subject} to override")
    store = CaseStore(engine)
    store.add_override(subject, kind, level.strip(), why, principal.actor)
    for case in store.search(subject=subject, status="active", limit=20)[0]:
        store.change(
            case.id, principal.actor, "override", {"kind": kind, "level": level, "reason": why}
        )
    return store.overrides([subject])[(subject, kind)]


def propose_change(
    engine: Engine,
    principal: Principal,
    book: PolicyBook,
    rule_key: str,
    value: Any,
    effective_from: dt.date,
    reason: str,
) -> PolicyChange:
    """Propose a new value for a policy rule; it takes effect only once someone else approves."""
    require(principal, Permission.POLICY_PROPOSE)
    rule = book.rule(rule_key)
    current = rule.value_on(max(effective_from, rule.values[0].effective_from))
    check_value(rule_key, current, value)
    store = CaseStore(engine)
    change_id = store.propose(
        rule_key, value, effective_from, require_reason(reason), principal.actor
    )
    return store.change_by_id(change_id)


def approve_change(
    engine: Engine, principal: Principal, change_id: int, note: str = ""
) -> PolicyChange:
    """The checker's approval: by a supervisor who is not the person who proposed it."""
    return _decide(engine, principal, change_id, "approved", note)


def reject_change(
    engine: Engine, principal: Principal, change_id: int, note: str = ""
) -> PolicyChange:
    return _decide(engine, principal, change_id, "rejected", note)


def _decide(
    engine: Engine, principal: Principal, change_id: int, status: str, note: str
) -> PolicyChange:
    require(principal, Permission.POLICY_APPROVE)
    store = CaseStore(engine)
    change = store.change_by_id(change_id)
    check_checker(person(change.proposed_by), change.status, principal.subject)
    store.decide(change_id, status, principal.actor, note.strip())
    return store.change_by_id(change_id)


def list_changes(
    engine: Engine, principal: Principal, status: str | None = None
) -> list[PolicyChange]:
    require(principal, Permission.POLICY_PROPOSE)
    return CaseStore(engine).changes(status=status)


def effective_book(engine: Engine, base: PolicyBook) -> PolicyBook:
    """The policy in force: the files plus every approved change (its version says so)."""
    approved = CaseStore(engine).changes(status="approved", limit=10_000)
    return apply_changes(base, [(c.id, c.rule_key, c.value, c.effective_from) for c in approved])


def disclosure_decisions(engine: Engine, book: PolicyBook, on: dt.date) -> list[Decision]:
    """One ``ipr_disclosure`` decision (outcome ``due``) per seized case under a recordation in
    force: the rights holder must get its disclosure within 30 business days of the notice of
    seizure (19 CFR 133.21). Saved, so that case work sees them like any engine's decision."""
    from tradeguard.seizures.service import cases_from_seizures, load_recordations, load_seizures

    key = DUE_RULES["disclosure_30_business_days"].policy_key
    days = int(book.value(key, on))
    recordations = load_recordations(engine)
    out: list[Decision] = []
    for case in cases_from_seizures(load_seizures(engine, on)):
        rec = recordations.get(case.recordation_number)
        notice = case.seizure_notice_on
        if rec is None or notice is None or not rec.in_force(on):
            continue
        reason = (
            f"Seizure {case.case_number} under recordation {rec.recordation_number}: disclose to "
            f"{rec.owner_name} within {days} business days of the notice of seizure ({notice})"
        )
        evidence = {"recordation_number": rec.recordation_number, "notice_on": notice.isoformat()}
        hit = RuleHit("IPR-DISCLOSURE-DUE", 1.0, reason, evidence, book.status(key))
        out.append(
            Decision(
                f"SEIZURE:{case.case_number}",
                "ipr_disclosure",
                "due",
                None,
                (hit,),
                "19 CFR 133.21; EO 13785 s.4(b)",
                book.version,
                inputs_digest([case.case_number, rec.recordation_number, notice]),
                dt.datetime.combine(notice, dt.time(), dt.UTC),
            )
        )
    DecisionStore(engine).save(out, run_id=f"disclosures-{on}")
    return out


def analyst(name: str) -> Principal:
    """A principal for in-process jobs (the demo, the CLI) acting as an analyst."""
    return Principal(Role.ANALYST, name)
