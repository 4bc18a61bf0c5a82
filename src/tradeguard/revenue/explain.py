"""Shared wording and the one place revenue decisions are assembled."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import Any, cast

import pandas as pd

from tradeguard.domain.decisions import Decision, RuleHit, inputs_digest

__all__ = ["as_date", "is_missing", "make_decision", "num", "plural", "usd"]


def is_missing(value: object) -> bool:
    """``None``, NaN, NaT or ``pd.NA``."""
    return value is None or bool(pd.isna(cast(Any, value)))


def num(value: object) -> float:
    """A frame cell as a float (pandas types cells loosely)."""
    return float(cast(Any, value))


def usd(amount: float) -> str:
    """``$1,234.50``; negative amounts keep their sign.

    >>> usd(1234.5), usd(-3)
    ('$1,234.50', '-$3.00')
    """
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 bill``, ``3 bills``."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def as_date(value: object) -> dt.date | None:
    """A frame cell (Timestamp, date, NaT, None) as a date."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None if is_missing(value) else pd.Timestamp(str(value)).date()


def make_decision(
    ior: str,
    kind: str,
    outcome: str,
    score: float | None,
    hits: Sequence[RuleHit],
    provision: str,
    version: str,
    on: dt.date,
    inputs: Mapping[str, Any],
) -> Decision:
    """A revenue decision about one importer, digested over its inputs and the date."""
    return Decision(
        subject=f"IOR:{ior}",
        kind=kind,
        outcome=outcome,
        score=score,
        hits=tuple(hits),
        provision=provision,
        policy_version=version,
        inputs_digest=inputs_digest({"inputs": dict(inputs), "on": on}),
        decided_at=dt.datetime.combine(on, dt.time(), dt.UTC),
    )
