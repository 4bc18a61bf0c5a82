"""IPR case phases and their business-day clocks (19 CFR 133.21, 127.12, 151.16).

A case moves PRESENTED -> DETAINED (detention notice issued, the importer's window open) ->
WINDOW_CLOSED (7 business days passed without a showing that the goods are genuine) ->
SEIZED | ABANDONED | RELEASED. Clocks count business days: weekdays that are not federal
holidays (19 CFR 101.1), via :mod:`tradeguard.domain.calendar`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from tradeguard.domain.calendar import add_business_days
from tradeguard.seizures.params import SeizuresPolicy

__all__ = ["Deadlines", "IprCase", "Phase", "deadlines", "phase_on", "window_closed_on"]


class Phase(StrEnum):
    PRESENTED = "PRESENTED"
    DETAINED = "DETAINED"
    WINDOW_CLOSED = "WINDOW_CLOSED"
    SEIZED = "SEIZED"
    ABANDONED = "ABANDONED"
    RELEASED = "RELEASED"


@dataclass(frozen=True, slots=True)
class IprCase:
    """One shipment suspected of bearing a recorded mark, its milestones and its facts.

    ``facts`` maps disclosure field names (:data:`~tradeguard.seizures.disclosure.FIELDS`)
    to what CBP knows; what a rights holder may see is decided by the phase.
    """

    case_number: str
    recordation_number: str
    presented_on: dt.date
    detained_on: dt.date | None = None
    detention_notice_on: dt.date | None = None
    importer_showing_on: dt.date | None = None
    seizure_notice_on: dt.date | None = None
    abandoned_on: dt.date | None = None
    released_on: dt.date | None = None
    facts: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Deadlines:
    """The business-day dates the rules set for a case (``None``: the clock has not started)."""

    detention_notice_due: dt.date | None
    importer_window_ends: dt.date | None
    seizure_disclosure_due: dt.date | None
    abandonment_disclosure_due: dt.date | None


def _reached(day: dt.date | None, on: dt.date) -> bool:
    return day is not None and day <= on


def window_closed_on(case: IprCase, policy: SeizuresPolicy) -> dt.date | None:
    """The last business day of the importer's window, if a notice was issued."""
    if case.detention_notice_on is None:
        return None
    return add_business_days(case.detention_notice_on, policy.importer_window_days)


def _window_closed(case: IprCase, on: dt.date, policy: SeizuresPolicy) -> bool:
    ends = window_closed_on(case, policy)
    if ends is None or on <= ends:
        return False
    return case.importer_showing_on is None or case.importer_showing_on > ends


def phase_on(case: IprCase, on: dt.date, policy: SeizuresPolicy) -> Phase:
    """The phase of ``case`` at the end of ``on``.

    >>> c = IprCase("C1", "TMK 23-00123", dt.date(2025, 12, 1), dt.date(2025, 12, 2),
    ...             dt.date(2025, 12, 3))
    >>> phase_on(c, dt.date(2025, 12, 12), SeizuresPolicy()).value  # 7th business day
    'DETAINED'
    >>> phase_on(c, dt.date(2025, 12, 15), SeizuresPolicy()).value
    'WINDOW_CLOSED'
    """
    if _reached(case.released_on, on):
        return Phase.RELEASED
    if _reached(case.abandoned_on, on):
        return Phase.ABANDONED
    if _reached(case.seizure_notice_on, on):
        return Phase.SEIZED
    if _window_closed(case, on, policy):
        return Phase.WINDOW_CLOSED
    if _reached(case.detention_notice_on, on):
        return Phase.DETAINED
    return Phase.PRESENTED


def deadlines(case: IprCase, policy: SeizuresPolicy) -> Deadlines:
    """Business-day deadlines: the detention notice within 5 of the decision to detain, the
    importer's 7 after the notice, the eight seizure elements within 30 of the seizure notice
    (and, under the proposed rule, of the abandonment)."""

    def after(day: dt.date | None, n: int) -> dt.date | None:
        return None if day is None else add_business_days(day, n)

    return Deadlines(
        after(case.detained_on, policy.detention_notice_days),
        window_closed_on(case, policy),
        after(case.seizure_notice_on, policy.seizure_disclosure_days),
        after(case.abandoned_on, policy.seizure_disclosure_days)
        if policy.abandonment_enabled else None,
    )
