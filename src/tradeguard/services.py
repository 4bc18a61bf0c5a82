"""Service functions shared by the CLI (and any other surface): open the store, load files.

Surfaces stay thin: they parse arguments, call one of these, and render the result.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from tradeguard.ingest.loader import LoadReport, load_file, load_folder
from tradeguard.settings import Settings
from tradeguard.store.db import make_engine, migrate

__all__ = ["load_path", "open_store", "write_quarantine_report"]


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
