"""Calendars the rules count in: federal fiscal years and quarters, business days.

CBP's fiscal year runs Oct 1 - Sep 30 and is named for the year it ends in (FY2026 starts
2025-10-01). "Business day" is a weekday that is not a federal holiday (19 CFR 101.1); AD/CVD bill
clocks count calendar days, IPR clocks count business days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays

__all__ = [
    "Quarter",
    "add_business_days",
    "business_days_between",
    "fiscal_year",
    "fiscal_year_start",
    "is_business_day",
]


def fiscal_year(day: dt.date) -> int:
    """Federal fiscal year of ``day``.

    >>> fiscal_year(dt.date(2025, 10, 1)), fiscal_year(dt.date(2025, 9, 30))
    (2026, 2025)
    """
    return day.year + 1 if day.month >= 10 else day.year


def fiscal_year_start(fy: int) -> dt.date:
    """First day of fiscal year ``fy`` (Oct 1 of the year before)."""
    return dt.date(fy - 1, 10, 1)


@dataclass(frozen=True, slots=True, order=True)
class Quarter:
    """A quarter, either federal fiscal (Q1 = Oct-Dec) or calendar (Q1 = Jan-Mar).

    >>> Quarter.of(dt.date(2025, 11, 3), fiscal=True)
    Quarter(year=2026, number=1, fiscal=True)
    >>> str(Quarter(2026, 1, fiscal=True))
    'FY2026Q1'
    """

    year: int
    number: int
    fiscal: bool = True

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError(f"quarter number must be 1-4, got {self.number}")

    @classmethod
    def of(cls, day: dt.date, *, fiscal: bool = True) -> Quarter:
        if fiscal:
            shifted = (day.month - 10) % 12
            return cls(fiscal_year(day), shifted // 3 + 1, True)
        return cls(day.year, (day.month - 1) // 3 + 1, False)

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """``FY2026Q1`` (fiscal) or ``2026Q1`` (calendar)."""
        raw = text.strip().upper()
        fiscal = raw.startswith("FY")
        body = raw[2:] if fiscal else raw
        year, sep, number = body.partition("Q")
        if not sep or not year.isdigit() or not number.isdigit():
            raise ValueError(f"not a quarter: {text!r} (expected FY2026Q1 or 2026Q1)")
        return cls(int(year), int(number), fiscal)

    @property
    def start(self) -> dt.date:
        if self.fiscal:
            month = 10 + 3 * (self.number - 1)
            year = self.year - 1 if month <= 12 else self.year
            return dt.date(year, (month - 1) % 12 + 1, 1)
        return dt.date(self.year, 3 * (self.number - 1) + 1, 1)

    @property
    def end(self) -> dt.date:
        """Last day of the quarter."""
        return self.next().start - dt.timedelta(days=1)

    def next(self) -> Quarter:
        if self.number == 4:
            return Quarter(self.year + 1, 1, self.fiscal)
        return Quarter(self.year, self.number + 1, self.fiscal)

    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(self.year - 1, 4, self.fiscal)
        return Quarter(self.year, self.number - 1, self.fiscal)

    def __str__(self) -> str:
        return f"{'FY' if self.fiscal else ''}{self.year}Q{self.number}"


@lru_cache(maxsize=64)
def _federal_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("US", years=year).keys())


def is_business_day(day: dt.date) -> bool:
    """Monday-Friday and not a US federal holiday (observed dates included)."""
    return day.weekday() < 5 and day not in _federal_holidays(day.year)


def add_business_days(day: dt.date, n: int) -> dt.date:
    """The ``n``-th business day after ``day`` (``n`` >= 0; 0 returns ``day`` itself).

    >>> add_business_days(dt.date(2025, 12, 24), 1)  # Christmas is skipped
    datetime.date(2025, 12, 26)
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    current = day
    left = n
    while left:
        current += dt.timedelta(days=1)
        if is_business_day(current):
            left -= 1
    return current


def business_days_between(start: dt.date, end: dt.date) -> int:
    """Business days in ``(start, end]``: how many have passed since ``start`` by ``end``."""
    if end <= start:
        return 0
    count = 0
    current = start
    while current < end:
        current += dt.timedelta(days=1)
        count += is_business_day(current)
    return count
