"""Repositories: decisions with their evidence, the append-only audit log, load batches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, insert, select

from tradeguard.domain.decisions import Decision, RuleHit
from tradeguard.store import schema
from tradeguard.store.db import insert_ignoring_duplicates

__all__ = ["AuditEvent", "AuditStore", "DecisionStore", "StoredDecision", "table_counts"]


@dataclass(frozen=True)
class StoredDecision:
    id: int
    decision: Decision
    recorded_at: dt.datetime
    run_id: str | None


class DecisionStore:
    """Decisions as the engines made them; re-saving an identical decision is a no-op."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def save(
        self, decisions: Iterable[Decision], *, actor: str = "system", run_id: str | None = None
    ) -> int:
        """Store decisions and one audit event for the run; returns how many were new."""
        now = dt.datetime.now(dt.UTC)
        decisions_list = list(decisions)
        rows = [
            {
                "subject": d.subject,
                "kind": d.kind,
                "outcome": d.outcome,
                "score": d.score,
                "hits": [h.to_dict() for h in d.hits],
                "provision": d.provision,
                "policy_version": d.policy_version,
                "inputs_digest": d.inputs_digest,
                "decided_at": d.decided_at,
                "recorded_at": now,
                "run_id": run_id,
            }
            for d in decisions_list
        ]
        if not rows:
            return 0
        with self.engine.begin() as conn:
            before = conn.execute(select(func.count()).select_from(schema.decisions)).scalar_one()
            for start in range(0, len(rows), 5000):
                insert_ignoring_duplicates(conn, schema.decisions, rows[start : start + 5000])
            after = conn.execute(select(func.count()).select_from(schema.decisions)).scalar_one()
            kinds = sorted({d.kind for d in decisions_list})
            conn.execute(
                insert(schema.audit_log).values(
                    at=now,
                    actor=actor,
                    action="decide",
                    object_kind="decisions",
                    object_id=run_id or ",".join(kinds),
                    detail={"kinds": kinds, "offered": len(rows), "new": after - before},
                )
            )
        return int(after - before)

    def list(
        self,
        *,
        subject: str | None = None,
        kind: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[StoredDecision]:
        table = schema.decisions
        query = select(table).order_by(table.c.id).limit(limit).offset(offset)
        if subject is not None:
            query = query.where(table.c.subject == subject)
        if kind is not None:
            query = query.where(table.c.kind == kind)
        with self.engine.connect() as conn:
            return [_stored(row._mapping) for row in conn.execute(query)]


def _stored(row: Any) -> StoredDecision:
    hits = tuple(
        RuleHit(h["code"], h["weight"], h["reason"], h.get("evidence", {}), h.get("status", "law"))
        for h in row["hits"]
    )
    decided = row["decided_at"]
    decision = Decision(
        row["subject"],
        row["kind"],
        row["outcome"],
        row["score"],
        hits,
        row["provision"],
        row["policy_version"],
        row["inputs_digest"],
        decided,
    )
    return StoredDecision(row["id"], decision, row["recorded_at"], row["run_id"])


@dataclass(frozen=True)
class AuditEvent:
    at: dt.datetime
    actor: str
    action: str
    object_kind: str
    object_id: str
    detail: dict[str, Any]


class AuditStore:
    """Who or what changed what. The database refuses updates and deletes of this table."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def append(
        self, actor: str, action: str, object_kind: str, object_id: str, detail: dict[str, Any]
    ) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                insert(schema.audit_log).values(
                    at=dt.datetime.now(dt.UTC),
                    actor=actor,
                    action=action,
                    object_kind=object_kind,
                    object_id=object_id,
                    detail=detail,
                )
            )

    def events(self, *, object_kind: str | None = None, limit: int = 100) -> list[AuditEvent]:
        table = schema.audit_log
        query = select(table).order_by(table.c.id.desc()).limit(limit)
        if object_kind:
            query = query.where(table.c.object_kind == object_kind)
        with self.engine.connect() as conn:
            return [
                AuditEvent(r.at, r.actor, r.action, r.object_kind, r.object_id, dict(r.detail))
                for r in conn.execute(query)
            ]


def table_counts(engine: Engine, tables: Sequence[str] | None = None) -> dict[str, int]:
    """Row count of each table (all tables of the schema by default)."""
    names = tables or [t for t in schema.metadata.tables if t != "alembic_version"]
    with engine.connect() as conn:
        return {
            name: int(
                conn.execute(
                    select(func.count()).select_from(schema.metadata.tables[name])
                ).scalar_one()
            )
            for name in names
        }
