"""The rules of case work, pure: which decisions are alerts, how serious, when a case is due,
whether an alert opens a case or raises the open one, how a case may move, and maker-checker.

Nothing here touches a database; :mod:`tradeguard.cases.store` keeps cases and
:mod:`tradeguard.cases.service` ties the two together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import IntEnum, StrEnum
from typing import Any

from tradeguard.domain.calendar import add_business_days
from tradeguard.domain.decisions import Decision
from tradeguard.errors import Conflict, FieldError, Forbidden, InvalidInput
from tradeguard.policy import PolicyBook, PolicyValue

__all__ = [
    "DUE_RULES",
    "Alert",
    "CaseStatus",
    "DueRule",
    "OpenCase",
    "Priority",
    "Triage",
    "alert_from_decision",
    "apply_changes",
    "check_checker",
    "check_value",
    "due_on",
    "match_key",
    "next_status",
    "person",
    "require_reason",
    "triage",
]


class Priority(IntEnum):
    """How urgently a case needs an analyst; a more serious alert raises it, never lowers it."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4


class CaseStatus(StrEnum):
    OPEN = "open"
    IN_REVIEW = "in_review"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    CLOSED = "closed"


OPEN_STATUSES = frozenset({CaseStatus.OPEN, CaseStatus.IN_REVIEW})


@dataclass(frozen=True, slots=True)
class DueRule:
    """A deadline counted from the day of the alert: a policy key and how its days count."""

    name: str
    policy_key: str
    business_days: bool


DUE_RULES: Mapping[str, DueRule] = {
    "notice_60_days": DueRule("notice_60_days", "deadline.ior.facilitator_notice_days", False),
    "bond_letter_15_days": DueRule("bond_letter_15_days", "bond.insufficiency.letter_days", False),
    "disclosure_30_business_days": DueRule(
        "disclosure_30_business_days", "deadline.ipr.seizure_disclosure_business_days", True
    ),
}

# (kind, outcome or "*") -> (priority, due rule or None). Outcomes not listed are not alerts.
_ALERTS: Mapping[tuple[str, str], tuple[Priority, str | None]] = {
    ("party_screening", "alert"): (Priority.MEDIUM, None),
    ("party_screening", "match"): (Priority.HIGH, None),
    ("ior_eligibility", "review"): (Priority.MEDIUM, None),
    ("ior_eligibility", "ineligible"): (Priority.HIGH, None),
    ("reestablishment", "probable_affiliate"): (Priority.HIGH, None),
    ("sam_list_change", "added"): (Priority.LOW, "notice_60_days"),
    ("facilitator_notice", "open"): (Priority.LOW, "notice_60_days"),
    ("facilitator_notice", "late"): (Priority.MEDIUM, None),
    ("facilitator_notice", "missing"): (Priority.MEDIUM, None),
    ("cease_facilitation", "stop"): (Priority.CRITICAL, None),
    ("facilitator_measure", "*"): (Priority.MEDIUM, None),
    ("present_responsibility_referral", "queued"): (Priority.HIGH, None),
    ("continuous_bond_sufficiency", "insufficient"): (Priority.MEDIUM, "bond_letter_15_days"),
    ("continuous_bond_sufficiency", "no_continuous_bond"): (Priority.LOW, None),
    ("bond_insufficiency", "*"): (Priority.MEDIUM, "bond_letter_15_days"),
    ("covered_importer", "covered"): (Priority.LOW, None),
    ("revenue_risk", "risk"): (Priority.MEDIUM, None),
    ("adcvd_security", "live_entry"): (Priority.HIGH, "bond_letter_15_days"),
    ("adcvd_security", "*"): (Priority.MEDIUM, "bond_letter_15_days"),
    ("post_quarter_status", "NONCOMPLIANT"): (Priority.LOW, None),
    ("post_measures", "*"): (Priority.MEDIUM, None),
    ("prosecution_priority", "refer"): (Priority.HIGH, None),
    ("ipr_disclosure", "due"): (Priority.MEDIUM, "disclosure_30_business_days"),
    ("inspection_selection", "inspect"): (Priority.LOW, None),
}
_NOT_ALERTS = frozenset({"none", "sufficient", "clear", "eligible", "filed", "not_covered"})


@dataclass(frozen=True, slots=True)
class Alert:
    """A decision that needs a person: what, about whom, how serious, and by when."""

    subject: str
    kind: str
    outcome: str
    priority: Priority
    title: str
    raised_on: dt.date
    due_rule: str | None = None
    match_key: str | None = None
    decision_id: int | None = None
    stated_due: dt.date | None = None  # a deadline the decision itself states


def match_key(decision: Decision) -> str | None:
    """The listed person (SAM Number) a screening-type decision points at, if any.

    >>> from tradeguard.domain.decisions import RuleHit
    >>> d = Decision("PARTY:P1", "party_screening", "alert", 0.9,
    ...              (RuleHit("SCREEN-CANDIDATE", 1.0, "x", {"sam_number": "S1"}),),
    ...              "EO 13904 s.3(a)", "v", "d", dt.datetime(2026, 1, 5))
    >>> match_key(d)
    'SAM:S1'
    """
    for hit in decision.hits:
        evidence: Mapping[str, Any] = hit.evidence
        if evidence.get("sam_number"):
            return f"SAM:{evidence['sam_number']}"
        numbers = evidence.get("sam_numbers")
        if isinstance(numbers, list | tuple) and numbers:
            return "SAM:" + ",".join(sorted(str(n) for n in numbers))
    return None


def alert_from_decision(decision: Decision, decision_id: int | None = None) -> Alert | None:
    """The alert a decision raises, or None when it needs nobody's attention."""
    if decision.outcome in _NOT_ALERTS:
        return None
    found = _ALERTS.get((decision.kind, decision.outcome)) or _ALERTS.get((decision.kind, "*"))
    if found is None:
        return None
    priority, rule = found
    strongest = max(decision.hits, key=lambda h: abs(h.weight), default=None)
    reason = f": {strongest.reason}" if strongest is not None else ""
    title = f"{decision.kind.replace('_', ' ')} {decision.outcome} for {decision.subject}{reason}"
    return Alert(
        decision.subject,
        decision.kind,
        decision.outcome,
        priority,
        title[:400],
        decision.decided_at.date(),
        rule,
        match_key(decision),
        decision_id,
        _stated_due(decision),
    )


def _stated_due(decision: Decision) -> dt.date | None:
    for hit in decision.hits:
        for key in ("due_on", "notice_due", "due_by"):
            value = hit.evidence.get(key)
            if isinstance(value, dt.date):
                return value
            if isinstance(value, str):
                try:
                    return dt.date.fromisoformat(value[:10])
                except ValueError:
                    continue
    return None


def due_on(alert: Alert, values: Mapping[str, Any]) -> dt.date | None:
    """The alert's deadline: the one the decision states (a notice's due date), else its rule
    counted with the policy ``values`` in force (``{key: value}``) from the day it was raised.

    >>> a = Alert("IOR:1", "continuous_bond_sufficiency", "insufficient", Priority.MEDIUM, "t",
    ...           dt.date(2026, 1, 5), "bond_letter_15_days")
    >>> due_on(a, {"bond.insufficiency.letter_days": 15})
    datetime.date(2026, 1, 20)
    """
    if alert.stated_due is not None:
        return alert.stated_due
    if alert.due_rule is None:
        return None
    rule = DUE_RULES[alert.due_rule]
    days = int(values[rule.policy_key])
    if rule.business_days:
        return add_business_days(alert.raised_on, days)
    return alert.raised_on + dt.timedelta(days=days)


class Triage(StrEnum):
    OPEN = "open"  # no open case for the subject: open one
    RAISE = "raise"  # an open case of lower priority: raise it
    ATTACH = "attach"  # an open case at least as serious: note the alert on its timeline
    SUPPRESS = "suppress"  # the same match was dismissed as false for this subject


@dataclass(frozen=True, slots=True)
class OpenCase:
    """What triage needs to know about the subject's open case."""

    case_id: int
    priority: int


def triage(alert: Alert, open_case: OpenCase | None, dismissed: frozenset[str]) -> Triage:
    """What an alert does: open a case, raise the open one, attach to it, or stay suppressed.

    >>> a = Alert("IOR:1", "ior_eligibility", "ineligible", Priority.HIGH, "t", dt.date(2026, 1, 5))
    >>> triage(a, OpenCase(7, Priority.MEDIUM), frozenset())
    <Triage.RAISE: 'raise'>
    """
    if alert.match_key is not None and alert.match_key in dismissed:
        return Triage.SUPPRESS
    if open_case is None:
        return Triage.OPEN
    if alert.priority > open_case.priority:
        return Triage.RAISE
    return Triage.ATTACH


_MOVES: Mapping[str, tuple[frozenset[CaseStatus], CaseStatus | None]] = {
    "assign": (frozenset(OPEN_STATUSES), CaseStatus.IN_REVIEW),
    "comment": (frozenset(CaseStatus), None),
    "confirm": (frozenset(OPEN_STATUSES), CaseStatus.CONFIRMED),
    "dismiss": (frozenset(OPEN_STATUSES), CaseStatus.DISMISSED),
    "close": (frozenset(OPEN_STATUSES), CaseStatus.CLOSED),
    "reopen": (
        frozenset({CaseStatus.CONFIRMED, CaseStatus.DISMISSED, CaseStatus.CLOSED}),
        CaseStatus.OPEN,
    ),
}


def next_status(current: str, action: str) -> CaseStatus:
    """The status after ``action``; a move the case's status does not allow is a Conflict.

    >>> next_status("open", "dismiss")
    <CaseStatus.DISMISSED: 'dismissed'>
    """
    if action not in _MOVES:
        error = FieldError("action", f"must be one of {', '.join(_MOVES)}", value=action)
        raise InvalidInput(f"unknown case action {action!r}", errors=[error])
    allowed, target = _MOVES[action]
    status = CaseStatus(current)
    if status not in allowed:
        raise Conflict(f"a case that is {status.value} cannot be {action}ed")
    return target or status


def require_reason(reason: str | None, field: str = "reason") -> str:
    """A non-empty reason, stripped; who and why are both recorded for every judgement."""
    text = (reason or "").strip()
    if len(text) < 3:
        error = FieldError(field, "a reason of at least 3 characters is required")
        raise InvalidInput("a reason is required", errors=[error])
    return text


def check_checker(proposed_by: str, status: str, approver: str) -> None:
    """Maker-checker: a pending change, approved by someone other than who proposed it.

    >>> check_checker("supervisor:ann", "pending", "supervisor:ann")
    Traceback (most recent call last):
    ...
    tradeguard.errors.Forbidden: the person who proposed a policy change cannot approve it
    """
    if status != "pending":
        raise Conflict(f"the change is already {status}")
    if proposed_by == approver:
        raise Forbidden("the person who proposed a policy change cannot approve it")


def person(actor: str) -> str:
    """The person behind an actor name (``supervisor:ann`` -> ``ann``): maker-checker compares
    people, not the roles they acted in."""
    return actor.split(":", 1)[-1]


def check_value(rule_key: str, current: Any, proposed: Any) -> None:
    """A proposed value has the shape of the value in force (a number for a number...).

    >>> check_value("bond.insufficiency.letter_days", 15, "soon")
    Traceback (most recent call last):
    ...
    tradeguard.errors.InvalidInput: bond.insufficiency.letter_days takes a number, not 'soon'
    """
    number = (int, float)
    same = (
        isinstance(proposed, number) and not isinstance(proposed, bool)
        if isinstance(current, number) and not isinstance(current, bool)
        else type(proposed) is type(current)
    )
    if not same:
        kind = "a number" if isinstance(current, number) else type(current).__name__
        error = FieldError("value", f"must be {kind}", value=repr(proposed))
        raise InvalidInput(f"{rule_key} takes {kind}, not {proposed!r}", errors=[error])


def apply_changes(
    book: PolicyBook, approved: Sequence[tuple[int, str, Any, dt.date]]
) -> PolicyBook:
    """``book`` with approved changes ``(id, key, value, effective_from)`` added as dated
    values; the version names the last change so that decisions record it.

    >>> from tradeguard.policy import load_policy
    >>> book = apply_changes(load_policy(), [(4, "bond.insufficiency.letter_days", 10,
    ...                                       dt.date(2027, 1, 1))])
    >>> book.value("bond.insufficiency.letter_days", dt.date(2027, 1, 2)), book.version[-5:]
    (10, '+chg4')
    """
    if not approved:
        return book
    rules = dict(book.rules)
    for _, key, value, start in sorted(approved, key=lambda c: c[0]):
        rule = rules[key]
        kept = tuple(v for v in rule.values if v.effective_from != start)
        values = tuple(sorted((*kept, PolicyValue(start, value)), key=lambda v: v.effective_from))
        rules[key] = replace(rule, values=values)
    last = max(c[0] for c in approved)
    return PolicyBook(f"{book.version}+chg{last}", rules)
