"""Append-only tables: the database itself refuses ``UPDATE`` and ``DELETE`` on them.

Used by the migrations, so that the rule holds whichever program touches the database.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_append_only", "drop_append_only"]


def create_append_only(op: Any, table: str) -> None:
    """Triggers on ``table`` (PostgreSQL: one plpgsql function; SQLite: one per verb)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE FUNCTION {table}_append_only() RETURNS trigger AS $$ BEGIN "
            f"RAISE EXCEPTION '{table} is append-only'; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
        )
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        )


def drop_append_only(op: Any, table: str) -> None:
    """Undo :func:`create_append_only` (SQLite drops triggers with their table)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {table}_append_only()")
