"""Options every job accepts, and helpers to read a Parquet dataset's shape without its rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from tradeguard.errors import NotFound

__all__ = ["JobOptions", "columns_of", "partitions_of"]


@dataclass(frozen=True)
class JobOptions:
    """What a run of a job may be told.

    ``on``: the day whose policy applies (default: today); ``quarter``: the fiscal quarter of a
    seizure release (default: the latest in the data); ``day``: one day of shipments to screen
    (default: every day given); ``score_from`` / ``score_to``: the declarations to score (earlier
    ones are history); ``model``: a targeting model file.
    """

    on: dt.date | None = None
    quarter: str | None = None
    day: dt.date | None = None
    score_from: dt.date | None = None
    score_to: dt.date | None = None
    model: Path | None = None

    @property
    def policy_day(self) -> dt.date:
        return self.on or dt.date.today()


def _first_file(folder: Path) -> Path:
    if folder.is_file():
        return folder
    for path in sorted(folder.rglob("*.parquet")):
        return path
    raise NotFound(f"no Parquet files under {folder}")


def columns_of(folder: Path) -> dict[str, str]:
    """Column names and Arrow types of a dataset, read from one file's footer (plus hive
    partition columns, which are text)."""
    schema = pq.read_schema(_first_file(folder))
    out = {name: str(schema.field(name).type) for name in schema.names}
    for part in partitions_of(folder):
        out.setdefault(part, "string")
    return out


def partitions_of(folder: Path) -> dict[str, list[str]]:
    """Hive partition columns of a dataset and their values, from folder names."""
    found: dict[str, set[str]] = {}
    if folder.is_dir():
        for child in folder.iterdir():
            if child.is_dir() and "=" in child.name:
                key, value = child.name.split("=", 1)
                found.setdefault(key, set()).add(value)
    return {k: sorted(v) for k, v in found.items()}
