"""Volumes per parcel stream and fiscal year: the input of the cost model and the report.

A row says how many items a stream carried in a fiscal year and how many of them were dutiable,
formally or informally entered, with the entered value of the formal entries (for MPF) and the
duties collected (reported apart from fees, never counted as fee revenue). The CSV columns are
the field names of :class:`StreamVolume`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import pandas as pd

from tradeguard.errors import FieldError, InvalidInput

__all__ = [
    "MAIL_STREAMS",
    "STREAMS",
    "StreamVolume",
    "read_volumes_csv",
    "volumes_for_year",
    "volumes_frame",
    "volumes_from_frame",
]

MAIL_STREAMS = ("mail.letter_goods", "mail.parcel", "mail.ems")
EXPRESS_STREAMS = ("express.low_value", "express.informal", "express.formal")
STREAMS = MAIL_STREAMS + EXPRESS_STREAMS
_COUNTS = ("items", "dutiable_items", "formal_entries", "informal_entries")


@dataclass(frozen=True, slots=True)
class StreamVolume:
    """One stream in one fiscal year.

    >>> StreamVolume("express.formal", 2026, items=10, formal_entries=10).formal_entries
    10
    """

    stream: str
    fiscal_year: int
    items: int
    dutiable_items: int = 0
    formal_entries: int = 0
    informal_entries: int = 0
    formal_value_usd: float = 0.0
    mpf_usd: float | None = None  # MPF actually charged, when known entry by entry
    duties_usd: float = 0.0
    source: str = ""

    def __post_init__(self) -> None:
        errors = self.problems()
        if errors:
            raise InvalidInput(
                f"bad volume row for {self.stream} FY{self.fiscal_year}", errors=errors
            )

    def problems(self) -> list[FieldError]:
        out = []
        if self.stream not in STREAMS:
            out.append(FieldError("stream", f"must be one of {', '.join(STREAMS)}"))
        for name in _COUNTS:
            if getattr(self, name) < 0:
                out.append(FieldError(name, "must not be negative"))
        if self.dutiable_items > self.items:
            out.append(FieldError("dutiable_items", "must not exceed items"))
        if self.formal_entries + self.informal_entries > self.items:
            out.append(FieldError("formal_entries", "formal plus informal entries exceed items"))
        for name in ("formal_value_usd", "duties_usd"):
            if getattr(self, name) < 0:
                out.append(FieldError(name, "must not be negative"))
        if self.mpf_usd is not None and self.mpf_usd < 0:
            out.append(FieldError("mpf_usd", "must not be negative"))
        return out

    @property
    def dutiable_share(self) -> float:
        return self.dutiable_items / self.items if self.items else 0.0


def volumes_frame(volumes: Iterable[StreamVolume]) -> pd.DataFrame:
    """The rows as a frame with one column per field (the CSV shape)."""
    columns = [f.name for f in fields(StreamVolume)]
    return pd.DataFrame([asdict(v) for v in volumes], columns=columns)


def _cell(raw: object) -> object:
    return None if raw is None or (isinstance(raw, float) and pd.isna(raw)) else raw


def volumes_from_frame(frame: pd.DataFrame, source: str = "volumes") -> list[StreamVolume]:
    """Rows from a frame in the CSV shape; every bad row is reported with its line and field."""
    known = {f.name for f in fields(StreamVolume)}
    unknown = sorted(set(map(str, frame.columns)) - known)
    missing = sorted({"stream", "fiscal_year", "items"} - set(map(str, frame.columns)))
    if unknown or missing:
        problems = [FieldError(c, "unknown column", source=source) for c in unknown]
        problems += [FieldError(c, "required column missing", source=source) for c in missing]
        raise InvalidInput(f"{source}: bad columns", errors=problems)
    rows: list[StreamVolume] = []
    errors: list[FieldError] = []
    for line, record in enumerate(frame.to_dict(orient="records"), start=2):
        try:
            rows.append(_row(record))
        except InvalidInput as exc:
            errors += [FieldError(e.field, e.reason, line, source) for e in exc.errors]
        except (KeyError, TypeError, ValueError) as exc:
            errors.append(FieldError("row", str(exc), line, source))
    if errors:
        raise InvalidInput(f"{source}: {len(errors)} bad value(s)", errors=errors)
    return rows


def _row(record: dict[object, object]) -> StreamVolume:
    values = {str(k): _cell(v) for k, v in record.items()}
    ints = {k: int(str(values[k])) for k in ("fiscal_year", *_COUNTS) if values.get(k) is not None}
    floats = {
        k: float(str(values[k]))
        for k in ("formal_value_usd", "mpf_usd", "duties_usd")
        if values.get(k) is not None
    }
    return StreamVolume(
        stream=str(values["stream"]),
        fiscal_year=ints["fiscal_year"],
        items=ints["items"],
        dutiable_items=ints.get("dutiable_items", 0),
        formal_entries=ints.get("formal_entries", 0),
        informal_entries=ints.get("informal_entries", 0),
        formal_value_usd=floats.get("formal_value_usd", 0.0),
        mpf_usd=floats.get("mpf_usd"),
        duties_usd=floats.get("duties_usd", 0.0),
        source=str(values.get("source") or ""),
    )


def read_volumes_csv(path: str | Path) -> list[StreamVolume]:
    """Read a volumes CSV (columns: the fields of :class:`StreamVolume`)."""
    try:
        frame = pd.read_csv(path, dtype={"stream": str, "source": str})
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"cannot read volumes file {path}: {exc}") from None
    return volumes_from_frame(frame, source=str(path))


def volumes_for_year(volumes: Sequence[StreamVolume], fiscal_year: int) -> list[StreamVolume]:
    """The rows of one fiscal year, one per stream (two rows for one stream is an error)."""
    rows = [v for v in volumes if v.fiscal_year == fiscal_year]
    streams = [v.stream for v in rows]
    duplicated = sorted({s for s in streams if streams.count(s) > 1})
    if duplicated:
        raise InvalidInput(f"FY{fiscal_year}: more than one row for {', '.join(duplicated)}")
    return sorted(rows, key=lambda v: STREAMS.index(v.stream))
