"""The case repository: cases, their timeline, the alerts behind them, dismissed matches,
risk-level overrides and policy changes. Every change writes an ``audit_log`` event in the same
transaction, so a change and its record land together or not at all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, insert, select, update
from sqlalchemy.sql.elements import ColumnElement

import tradeguard.store.service_schema as ss
from tradeguard.cases.rules import (
    OPEN_STATUSES,
    Alert,
    CaseStatus,
    OpenCase,
    Triage,
    triage,
)
from tradeguard.errors import NotFound
from tradeguard.store import schema

__all__ = ["Case", "CaseEvent", "CaseStore", "Override", "PolicyChange"]


@dataclass(frozen=True, slots=True)
class Case:
    id: int
    subject: str
    kind: str
    title: str
    status: str
    priority: int
    assignee: str | None
    due_on: dt.date | None
    due_rule: str | None
    match_key: str | None
    opened_at: dt.datetime
    updated_at: dt.datetime
    closed_at: dt.datetime | None
    resolution: str | None


@dataclass(frozen=True, slots=True)
class CaseEvent:
    id: int
    case_id: int
    at: dt.datetime
    actor: str
    action: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Override:
    id: int
    subject: str
    kind: str
    level: str
    reason: str
    actor: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class PolicyChange:
    id: int
    rule_key: str
    value: Any
    effective_from: dt.date
    reason: str
    status: str
    proposed_by: str
    proposed_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    decision_note: str | None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _case(row: Any) -> Case:
    m = row._mapping
    return Case(**{k: m[k] for k in Case.__dataclass_fields__})


def _audit(
    conn: Connection, actor: str, action: str, kind: str, object_id: str, detail: dict[str, Any]
) -> None:
    conn.execute(
        insert(schema.audit_log).values(
            at=_now(),
            actor=actor,
            action=action,
            object_kind=kind,
            object_id=object_id,
            detail=detail,
        )
    )


class CaseStore:
    """Cases on the store behind ``engine`` (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- alerts -----------------------------------------------------------------------------
    def apply_alert(
        self, alert: Alert, due: dt.date | None, actor: str
    ) -> tuple[Triage, int | None]:
        """Open a case, raise the open one, attach to it, or suppress: one transaction."""
        t = ss.cases
        now = _now()
        with self.engine.begin() as conn:
            if (
                alert.decision_id is not None
                and conn.execute(
                    select(ss.case_alerts.c.decision_id).where(
                        ss.case_alerts.c.decision_id == alert.decision_id
                    )
                ).first()
            ):
                return Triage.ATTACH, None  # already seen: nothing to do
            dismissed = self._dismissed(conn, alert.subject)
            row = conn.execute(
                select(t.c.id, t.c.priority)
                .where(t.c.subject == alert.subject, t.c.status.in_(list(OPEN_STATUSES)))
                .order_by(t.c.id)
                .limit(1)
            ).first()
            current = None if row is None else OpenCase(int(row.id), int(row.priority))
            effect = triage(alert, current, dismissed)
            case_id = self._effect(conn, effect, alert, due, current, actor, now)
            if alert.decision_id is not None:
                conn.execute(
                    insert(ss.case_alerts).values(
                        decision_id=alert.decision_id, case_id=case_id, effect=effect.value, at=now
                    )
                )
        return effect, case_id

    def _effect(
        self,
        conn: Connection,
        effect: Triage,
        alert: Alert,
        due: dt.date | None,
        current: OpenCase | None,
        actor: str,
        now: dt.datetime,
    ) -> int | None:
        detail: dict[str, Any] = {
            "kind": alert.kind,
            "outcome": alert.outcome,
            "priority": int(alert.priority),
            "decision_id": alert.decision_id,
            "title": alert.title,
        }
        if effect is Triage.SUPPRESS:
            _audit(conn, actor, "suppress_alert", "case_alert", alert.subject, detail)
            return None
        if effect is Triage.OPEN:
            case_id = int(
                conn.execute(
                    insert(ss.cases)
                    .values(
                        subject=alert.subject,
                        kind=alert.kind,
                        title=alert.title,
                        status=CaseStatus.OPEN.value,
                        priority=int(alert.priority),
                        due_on=due,
                        due_rule=alert.due_rule,
                        match_key=alert.match_key,
                        opened_at=now,
                        updated_at=now,
                    )
                    .returning(ss.cases.c.id)
                ).scalar_one()
            )
            self._event(conn, case_id, actor, "opened", {**detail, "due_on": _iso(due)})
            return case_id
        assert current is not None
        values: dict[str, Any] = {"updated_at": now}
        if effect is Triage.RAISE:
            values |= {"priority": int(alert.priority), "kind": alert.kind, "title": alert.title}
            detail["from_priority"] = current.priority
        if due is not None:
            existing = conn.execute(
                select(ss.cases.c.due_on).where(ss.cases.c.id == current.case_id)
            ).scalar_one()
            if existing is None or due < existing:
                values |= {"due_on": due, "due_rule": alert.due_rule}
        conn.execute(update(ss.cases).where(ss.cases.c.id == current.case_id).values(**values))
        action = "priority_raised" if effect is Triage.RAISE else "alert"
        self._event(conn, current.case_id, actor, action, detail)
        return current.case_id

    # -- reading ----------------------------------------------------------------------------
    def search(
        self,
        *,
        status: str | None = None,
        assignee: str | None = None,
        kind: str | None = None,
        subject: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[Case], int]:
        t = ss.cases
        where: list[ColumnElement[bool]] = []
        if status == "active":
            where.append(t.c.status.in_(list(OPEN_STATUSES)))
        elif status:
            where.append(t.c.status == status)
        if assignee:
            where.append(t.c.assignee == assignee)
        if kind:
            where.append(t.c.kind == kind)
        if subject:
            where.append(t.c.subject == subject)
        cond = and_(True, *where)
        query = (
            select(t)
            .where(cond)
            .order_by(t.c.priority.desc(), t.c.due_on.is_(None), t.c.due_on, t.c.id)
            .limit(limit)
            .offset(offset)
        )
        with self.engine.connect() as conn:
            total = int(conn.execute(select(func.count()).select_from(t).where(cond)).scalar_one())
            return [_case(r) for r in conn.execute(query)], total

    def get(self, case_id: int) -> Case:
        with self.engine.connect() as conn:
            row = conn.execute(select(ss.cases).where(ss.cases.c.id == case_id)).first()
        if row is None:
            raise NotFound(f"no case {case_id}")
        return _case(row)

    def events(self, case_id: int) -> list[CaseEvent]:
        t = ss.case_events
        with self.engine.connect() as conn:
            rows = conn.execute(select(t).where(t.c.case_id == case_id).order_by(t.c.id))
            return [
                CaseEvent(r.id, r.case_id, r.at, r.actor, r.action, dict(r.detail)) for r in rows
            ]

    def decision_ids(self, case_id: int) -> list[int]:
        t = ss.case_alerts
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.c.decision_id).where(t.c.case_id == case_id).order_by(t.c.decision_id)
            )
            return [int(r) for r in rows.scalars()]

    def unseen_decision_ids(self, after: int = 0, limit: int = 5000) -> list[int]:
        d, a = schema.decisions, ss.case_alerts
        query = (
            select(d.c.id)
            .outerjoin(a, a.c.decision_id == d.c.id)
            .where(a.c.decision_id.is_(None), d.c.id > after)
            .order_by(d.c.id)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [int(r) for r in conn.execute(query).scalars()]

    # -- changes ----------------------------------------------------------------------------
    def change(
        self,
        case_id: int,
        actor: str,
        action: str,
        detail: dict[str, Any],
        values: dict[str, Any] | None = None,
    ) -> None:
        """Record ``action`` on the timeline (and in the audit log); update ``values``."""
        with self.engine.begin() as conn:
            if values:
                conn.execute(
                    update(ss.cases)
                    .where(ss.cases.c.id == case_id)
                    .values(**values, updated_at=_now())
                )
            self._event(conn, case_id, actor, action, detail)

    def _event(
        self, conn: Connection, case_id: int, actor: str, action: str, detail: dict[str, Any]
    ) -> None:
        conn.execute(
            insert(ss.case_events).values(
                case_id=case_id, at=_now(), actor=actor, action=action, detail=detail
            )
        )
        _audit(conn, actor, action, "case", str(case_id), detail)

    def remember_dismissal(
        self, subject: str, match_key: str, reason: str, actor: str, case_id: int
    ) -> None:
        t = ss.dismissed_matches
        with self.engine.begin() as conn:
            if conn.execute(
                select(t.c.subject).where(t.c.subject == subject, t.c.match_key == match_key)
            ).first():
                return
            conn.execute(
                insert(t).values(
                    subject=subject,
                    match_key=match_key,
                    reason=reason,
                    actor=actor,
                    at=_now(),
                    case_id=case_id,
                )
            )
            detail = {"match_key": match_key, "reason": reason, "case_id": case_id}
            _audit(conn, actor, "dismiss_match", "party", subject, detail)

    def dismissed(self, subject: str) -> frozenset[str]:
        with self.engine.connect() as conn:
            return self._dismissed(conn, subject)

    def dismissed_many(self, subjects: Sequence[str]) -> dict[str, frozenset[str]]:
        t = ss.dismissed_matches
        out: dict[str, set[str]] = {}
        with self.engine.connect() as conn:
            for start in range(0, len(subjects), 500):
                chunk = list(subjects[start : start + 500])
                rows = conn.execute(
                    select(t.c.subject, t.c.match_key).where(t.c.subject.in_(chunk))
                )
                for r in rows:
                    out.setdefault(r.subject, set()).add(r.match_key)
        return {k: frozenset(v) for k, v in out.items()}

    @staticmethod
    def _dismissed(conn: Connection, subject: str) -> frozenset[str]:
        t = ss.dismissed_matches
        rows = conn.execute(select(t.c.match_key).where(t.c.subject == subject)).scalars()
        return frozenset(str(r) for r in rows)

    # -- overrides --------------------------------------------------------------------------
    def add_override(self, subject: str, kind: str, level: str, reason: str, actor: str) -> int:
        with self.engine.begin() as conn:
            new_id = int(
                conn.execute(
                    insert(ss.risk_overrides)
                    .values(
                        subject=subject,
                        kind=kind,
                        level=level,
                        reason=reason,
                        actor=actor,
                        at=_now(),
                    )
                    .returning(ss.risk_overrides.c.id)
                ).scalar_one()
            )
            detail = {"kind": kind, "level": level, "reason": reason, "override_id": new_id}
            _audit(conn, actor, "override", "risk_level", subject, detail)
        return new_id

    def overrides(self, subjects: Sequence[str]) -> dict[tuple[str, str], Override]:
        """The latest override per (subject, kind) of ``subjects``."""
        t = ss.risk_overrides
        out: dict[tuple[str, str], Override] = {}
        with self.engine.connect() as conn:
            for start in range(0, len(subjects), 500):
                chunk = list(subjects[start : start + 500])
                rows = conn.execute(select(t).where(t.c.subject.in_(chunk)).order_by(t.c.id))
                for r in rows:
                    out[(r.subject, r.kind)] = Override(
                        r.id, r.subject, r.kind, r.level, r.reason, r.actor, r.at
                    )
        return out

    # -- policy changes ---------------------------------------------------------------------
    def propose(
        self, rule_key: str, value: Any, effective_from: dt.date, reason: str, actor: str
    ) -> int:
        with self.engine.begin() as conn:
            new_id = int(
                conn.execute(
                    insert(ss.policy_changes)
                    .values(
                        rule_key=rule_key,
                        value=value,
                        effective_from=effective_from,
                        reason=reason,
                        status="pending",
                        proposed_by=actor,
                        proposed_at=_now(),
                    )
                    .returning(ss.policy_changes.c.id)
                ).scalar_one()
            )
            detail = {
                "rule_key": rule_key,
                "value": value,
                "effective_from": effective_from.isoformat(),
                "reason": reason,
            }
            _audit(conn, actor, "propose", "policy_change", str(new_id), detail)
        return new_id

    def decide(self, change_id: int, status: str, actor: str, note: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(ss.policy_changes)
                .where(ss.policy_changes.c.id == change_id)
                .values(status=status, decided_by=actor, decided_at=_now(), decision_note=note)
            )
            _audit(conn, actor, status, "policy_change", str(change_id), {"note": note})

    def change_by_id(self, change_id: int) -> PolicyChange:
        changes = self.changes(change_id=change_id)
        if not changes:
            raise NotFound(f"no policy change {change_id}")
        return changes[0]

    def changes(
        self, *, status: str | None = None, change_id: int | None = None, limit: int = 200
    ) -> list[PolicyChange]:
        t = ss.policy_changes
        query = select(t).order_by(t.c.id.desc()).limit(limit)
        if status:
            query = query.where(t.c.status == status)
        if change_id is not None:
            query = query.where(t.c.id == change_id)
        with self.engine.connect() as conn:
            return [
                PolicyChange(**{k: r._mapping[k] for k in PolicyChange.__dataclass_fields__})
                for r in conn.execute(query)
            ]


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()
