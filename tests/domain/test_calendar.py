from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from tradeguard.domain.calendar import (
    Quarter,
    add_business_days,
    business_days_between,
    fiscal_year,
    fiscal_year_start,
    is_business_day,
)

days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))


@given(days)
def test_fiscal_year_contains_its_day(day: dt.date) -> None:
    fy = fiscal_year(day)
    assert fiscal_year_start(fy) <= day < fiscal_year_start(fy + 1)


@given(days, st.booleans())
def test_quarter_contains_its_day_and_parses_back(day: dt.date, fiscal: bool) -> None:
    quarter = Quarter.of(day, fiscal=fiscal)
    assert quarter.start <= day <= quarter.end
    assert Quarter.parse(str(quarter)) == quarter
    assert quarter.next().previous() == quarter
    assert quarter.next().start == quarter.end + dt.timedelta(days=1)


def test_fiscal_quarters() -> None:
    assert str(Quarter.of(dt.date(2025, 10, 1))) == "FY2026Q1"
    assert str(Quarter.of(dt.date(2026, 9, 30))) == "FY2026Q4"
    assert str(Quarter.of(dt.date(2026, 3, 31), fiscal=False)) == "2026Q1"


def test_business_days_skip_weekends_and_federal_holidays() -> None:
    assert not is_business_day(dt.date(2025, 12, 25))  # Christmas
    assert not is_business_day(dt.date(2026, 7, 3))  # Independence Day observed (Friday)
    assert add_business_days(dt.date(2026, 7, 2), 1) == dt.date(2026, 7, 6)
    # 30 business days after a seizure notice on 2025-11-20 (Thanksgiving and Christmas between)
    assert add_business_days(dt.date(2025, 11, 20), 30) == dt.date(2026, 1, 6)


@given(days, st.integers(0, 60))
def test_adding_business_days_is_counted_back(day: dt.date, n: int) -> None:
    result = add_business_days(day, n)
    assert business_days_between(day, result) == n
    if n:
        assert is_business_day(result)
