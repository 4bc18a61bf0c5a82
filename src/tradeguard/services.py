"""Service functions shared by the CLI (and any other surface): open the store, load files.

Surfaces stay thin: they parse arguments, call one of these, and render the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine

from tradeguard.domain.decisions import Decision
from tradeguard.ingest.loader import LoadReport, load_file, load_folder
from tradeguard.policy import PolicyBook
from tradeguard.revenue.bonds import BondPolicy, ImporterBondActivity, assess_continuous_bonds
from tradeguard.settings import Settings
from tradeguard.store.db import make_engine, migrate
from tradeguard.store.repository import DecisionStore

__all__ = [
    "assess_bonds",
    "bond_activity",
    "load_path",
    "open_store",
    "write_quarantine_report",
]


def open_store(url: str | None = None, *, settings: Settings | None = None) -> Engine:
    """An engine on the configured store, migrated to the newest schema."""
    settings = settings or Settings()
    engine = make_engine(url or settings.database_url)
    migrate(engine)
    return engine


def load_path(
    engine: Engine,
    path: Path,
    kind: str | None = None,
    *,
    actor: str = "system",
    chunk_rows: int = 50_000,
    progress: Callable[[str, int], None] | None = None,
) -> list[LoadReport]:
    """Load a file, or every recognised file of a folder (parents first)."""
    if path.is_dir():
        return load_folder(engine, path, actor=actor, chunk_rows=chunk_rows, progress=progress)
    return [load_file(engine, path, kind, actor=actor, chunk_rows=chunk_rows, progress=progress)]


def write_quarantine_report(reports: list[LoadReport], path: Path) -> int:
    """Every rejected row of ``reports`` as CSV (file, line, field, reason, value)."""
    import csv

    rows = [e for r in reports for e in r.rejected]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "line", "field", "reason", "value"])
        for e in rows:
            writer.writerow([e.source, e.line, e.field, e.reason, e.value or ""])
    return len(rows)


def bond_activity(engine: Engine, on: dt.date) -> list[ImporterBondActivity]:
    """Per importer: duties, taxes and fees (duty plus AD/CVD deposits) of the 12 months to
    ``on``, and the continuous bond in force that day."""
    from sqlalchemy import and_, func, or_, select

    from tradeguard.store import schema as s

    start = on - dt.timedelta(days=365)
    dtf = (
        select(
            s.entries.c.ior_number,
            func.sum(
                func.coalesce(s.entry_lines.c.duty_usd, 0)
                + func.coalesce(s.entry_lines.c.adcvd_deposit_usd, 0)
            ).label("dtf"),
        )
        .join(s.entry_lines, s.entry_lines.c.entry_number == s.entries.c.entry_number)
        .where(s.entries.c.entry_date > start, s.entries.c.entry_date <= on)
        .group_by(s.entries.c.ior_number)
    )
    bonds = (
        select(
            s.bonds.c.ior_number,
            s.bonds.c.bond_number,
            s.bonds.c.amount_usd,
            s.bonds.c.effective_from,
        )
        .where(
            s.bonds.c.kind == "CONTINUOUS",
            s.bonds.c.effective_from <= on,
            or_(s.bonds.c.terminated_on.is_(None), s.bonds.c.terminated_on > on),
            or_(
                s.bonds.c.status.is_(None),
                and_(s.bonds.c.status.in_(["ACTIVE", "INSUFFICIENT_NOTICE", "INSUFFICIENT"])),
            ),
        )
        .order_by(s.bonds.c.effective_from)
    )
    with engine.connect() as conn:
        totals = {row.ior_number: Decimal(str(row.dtf or 0)) for row in conn.execute(dtf)}
        current: dict[str, tuple[str, Decimal]] = {}
        for row in conn.execute(bonds):
            current[row.ior_number] = (row.bond_number, Decimal(str(row.amount_usd)))
        importers = set(conn.execute(select(s.importers.c.ior_number)).scalars())
    return [
        ImporterBondActivity(
            ior,
            totals.get(ior, Decimal(0)).quantize(Decimal("0.01")),
            current[ior][0] if ior in current else None,
            current[ior][1] if ior in current else None,
        )
        for ior in sorted(importers | set(totals))
    ]


def assess_bonds(engine: Engine, on: dt.date, book: PolicyBook) -> list[Decision]:
    """Continuous-bond sufficiency for every importer on ``on``, stored with evidence."""
    policy = BondPolicy.from_book(book, on)
    decisions = assess_continuous_bonds(bond_activity(engine, on), policy, on)
    DecisionStore(engine).save(decisions, run_id=f"bonds-{on}")
    return decisions
