"""Field types for ingestion: each wraps a domain validator so a bad value becomes a row error
naming the field and the reason (pydantic turns the ``ValueError`` into that error)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

from tradeguard.domain import identifiers as ids
from tradeguard.errors import InvalidInput

__all__ = [
    "S10",
    "Bool",
    "CaseNo",
    "Country",
    "Date",
    "EntryNo",
    "FilerCode",
    "Hts",
    "Ior",
    "SemiList",
    "Timestamp",
    "Usd",
]


def _wrap(parse: Callable[[str], str]) -> Callable[[str], str]:
    def check(value: str) -> str:
        try:
            return parse(value)
        except InvalidInput as exc:
            reason = exc.errors[0].reason if exc.errors else exc.message
            raise ValueError(reason) from None

    return check


_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}


def _bool(value: object) -> object:
    if isinstance(value, str):
        low = value.strip().lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise ValueError("expected true/false, 1/0 or yes/no")
    return value


def _date(value: object) -> object:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError("expected a date YYYY-MM-DD") from None
    return value


def _timestamp(value: object) -> object:
    if isinstance(value, str):
        text = value.strip().replace("Z", "+00:00")
        try:
            stamp = dt.datetime.fromisoformat(text)
        except ValueError:
            raise ValueError("expected an ISO 8601 timestamp") from None
        return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)
    return value


def _usd(value: object) -> object:
    if isinstance(value, str):
        text = value.strip().replace(",", "").lstrip("$")
        try:
            amount = float(text)
        except ValueError:
            raise ValueError("expected an amount in dollars, e.g. 1234.56") from None
        value = amount
    if isinstance(value, float | int):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("amount must be a finite number")
        if round(float(value), 2) != round(float(value), 6):
            raise ValueError("amount has more than 2 decimal places")
        return round(float(value), 2)
    return value


def _semi(value: object) -> object:
    if isinstance(value, str):
        return ";".join(part.strip() for part in value.split(";") if part.strip())
    return value


Ior = Annotated[str, AfterValidator(_wrap(lambda s: ids.parse_ior(s).value))]
CaseNo = Annotated[str, AfterValidator(_wrap(lambda s: ids.parse_case_number(s).commerce))]
Hts = Annotated[str, AfterValidator(_wrap(ids.parse_hts))]
Country = Annotated[str, AfterValidator(_wrap(ids.parse_country))]
S10 = Annotated[str, AfterValidator(_wrap(ids.parse_s10))]
EntryNo = Annotated[str, AfterValidator(_wrap(ids.parse_entry_number))]
FilerCode = Annotated[str, AfterValidator(_wrap(ids.parse_filer_code))]
Bool = Annotated[bool, BeforeValidator(_bool)]
Date = Annotated[dt.date, BeforeValidator(_date)]
Timestamp = Annotated[dt.datetime, BeforeValidator(_timestamp)]
Usd = Annotated[float, BeforeValidator(_usd)]
SemiList = Annotated[str, BeforeValidator(_semi)]
