"""Tables of TradeGuard as a service: API keys, cases with their timeline, dismissed matches,
risk-level overrides and policy changes awaiting a second person's approval.

They attach to the one ``metadata`` of :mod:`tradeguard.store.schema`, so the migration test
compares them too; migration ``0002`` creates them.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from tradeguard.store.schema import metadata

__all__ = [
    "api_keys",
    "case_alerts",
    "case_events",
    "cases",
    "dismissed_matches",
    "policy_changes",
    "risk_overrides",
]


def _id() -> Column[int]:
    return Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )


api_keys = Table(
    "api_keys",
    metadata,
    Column("key_id", String(24), primary_key=True),
    Column("role", String(30), nullable=False),
    Column("subject", String(300), nullable=False),
    Column("name", String(200), nullable=False),
    Column("secret_hash", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)

cases = Table(
    "cases",
    metadata,
    _id(),
    Column("subject", String(200), nullable=False),
    Column("kind", String(60), nullable=False),
    Column("title", String(400), nullable=False),
    Column("status", String(20), nullable=False),
    Column("priority", Integer, nullable=False),
    Column("assignee", String(200)),
    Column("due_on", Date),
    Column("due_rule", String(120)),
    Column("match_key", String(200)),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True)),
    Column("resolution", Text),
    Index("ix_cases_subject_status", "subject", "status"),
    Index("ix_cases_status_priority", "status", "priority"),
)

case_events = Table(
    "case_events",
    metadata,
    _id(),
    Column(
        "case_id",
        BigInteger().with_variant(Integer, "sqlite"),
        ForeignKey("cases.id"),
        nullable=False,
        index=True,
    ),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(40), nullable=False),
    Column("detail", JSON, nullable=False),
)

case_alerts = Table(
    "case_alerts",
    metadata,
    Column(
        "decision_id",
        BigInteger().with_variant(Integer, "sqlite"),
        ForeignKey("decisions.id"),
        primary_key=True,
    ),
    Column(
        "case_id",
        BigInteger().with_variant(Integer, "sqlite"),
        ForeignKey("cases.id"),
        index=True,
    ),
    Column("effect", String(20), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

dismissed_matches = Table(
    "dismissed_matches",
    metadata,
    Column("subject", String(200), primary_key=True),
    Column("match_key", String(200), primary_key=True),
    Column("reason", Text, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("case_id", BigInteger().with_variant(Integer, "sqlite")),
)

risk_overrides = Table(
    "risk_overrides",
    metadata,
    _id(),
    Column("subject", String(200), nullable=False),
    Column("kind", String(60), nullable=False),
    Column("level", String(60), nullable=False),
    Column("reason", Text, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_risk_overrides_subject_kind", "subject", "kind"),
)

policy_changes = Table(
    "policy_changes",
    metadata,
    _id(),
    Column("rule_key", String(200), nullable=False),
    Column("value", JSON, nullable=False),
    Column("effective_from", Date, nullable=False),
    Column("reason", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("proposed_by", String(200), nullable=False),
    Column("proposed_at", DateTime(timezone=True), nullable=False),
    Column("decided_by", String(200)),
    Column("decided_at", DateTime(timezone=True)),
    Column("decision_note", Text),
    UniqueConstraint("rule_key", "effective_from", "proposed_at", name="uq_policy_changes_key"),
)
