"""The party record that screening and linkage take, and its documented CSV shape.

Party CSV (one row per party; only ``party_id`` and ``name`` are required; lists are
``;``-separated)::

    party_id, name, kind (individual|firm), aliases, street, city, state, postal_code, country,
    phone, email, ior_number, uei, officers, formed_on (YYYY-MM-DD: birth or formation),
    role (importer|applicant|shipper|consignee|...), facilitator_id, reference

``facilitator_id`` names the express operator, carrier, hub or broker whose traffic carried
the party, and ``reference`` the shipment or entry, so that alerts reach the right notice.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from tradeguard.errors import FieldError, InvalidInput
from tradeguard.parties.normalize import (
    NormAddress,
    email_domain,
    ior_root,
    norm_address,
    norm_email,
    norm_phone,
    norm_uei,
)

__all__ = ["PARTY_COLUMNS", "Party", "party_from_row", "read_party_csv"]

PARTY_COLUMNS = (
    "party_id",
    "name",
    "kind",
    "aliases",
    "street",
    "city",
    "state",
    "postal_code",
    "country",
    "phone",
    "email",
    "ior_number",
    "uei",
    "officers",
    "formed_on",
    "role",
    "facilitator_id",
    "reference",
)
_INDIVIDUAL_TYPES = {"INDIVIDUAL", "SOLE_PROPRIETORSHIP", "PERSON"}


@dataclass(frozen=True)
class Party:
    """A person as another record describes it (an importer, an applicant, a shipper...)."""

    party_id: str
    name: str
    kind: str = ""
    aliases: tuple[str, ...] = ()
    street: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""
    phone: str = ""
    email: str = ""
    ior_number: str = ""
    uei: str = ""
    officers: tuple[str, ...] = ()
    formed_on: dt.date | None = None
    role: str = ""
    facilitator_id: str = ""
    reference: str = ""
    broker: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    @cached_property
    def address(self) -> NormAddress:
        return norm_address(self.street, self.city, self.postal_code, self.country)

    @cached_property
    def phone_e164(self) -> str | None:
        return norm_phone(self.phone, self.country or "US")

    @cached_property
    def email_norm(self) -> str | None:
        return norm_email(self.email)

    @cached_property
    def domain(self) -> str | None:
        return email_domain(self.email_norm)

    @cached_property
    def root(self) -> str | None:
        return ior_root(self.ior_number)

    @cached_property
    def uei_norm(self) -> str | None:
        return norm_uei(self.uei)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def _split(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(p.strip() for p in str(value).split(";") if p.strip())


def _kind(row: Mapping[str, Any]) -> str:
    kind = str(row.get("kind") or "").strip().lower()
    if kind in ("individual", "firm"):
        return kind
    ctype = str(row.get("company_type") or "").strip().upper()
    if ctype:
        return "individual" if ctype in _INDIVIDUAL_TYPES else "firm"
    return ""


def _day(value: Any, line: int | None) -> dt.date | None:
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        error = FieldError("formed_on", "not an ISO date (YYYY-MM-DD)", line=line, value=str(value))
        raise InvalidInput(str(error), errors=[error]) from None


def party_from_row(row: Mapping[str, Any], line: int | None = None) -> Party:
    """A :class:`Party` from a mapping with the party CSV columns (or importer columns).

    >>> party_from_row({"party_id": "P1", "name": "ACME LLC", "officers": "A B;C D"}).officers
    ('A B', 'C D')
    """

    def text(key: str) -> str:
        value = row.get(key)
        return "" if value is None else str(value).strip()

    pid = text("party_id") or text("ior_number")
    if not pid or not text("name"):
        error = FieldError("name" if pid else "party_id", "is required", line=line)
        raise InvalidInput(str(error), errors=[error])
    aliases = _split(row.get("aliases")) + _split(row.get("dba"))
    return Party(
        party_id=pid,
        name=text("name"),
        kind=_kind(row),
        aliases=aliases,
        street=text("street"),
        city=text("city"),
        state=text("state"),
        postal_code=text("postal_code"),
        country=text("country").upper(),
        phone=text("phone"),
        email=text("email"),
        ior_number=text("ior_number"),
        uei=text("uei"),
        officers=_split(row.get("officers")),
        formed_on=_day(row.get("formed_on") or row.get("created_on"), line),
        role=text("role"),
        facilitator_id=text("facilitator_id"),
        reference=text("reference"),
        broker=text("broker_filer_code"),
    )


def read_party_csv(path: Path, mapping: Mapping[str, str] | None = None) -> list[Party]:
    """Parties from a CSV file; ``mapping`` renames file columns to party columns."""
    rename = dict(mapping or {})
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows: Iterable[dict[str, Any]] = csv.DictReader(handle)
        return [
            party_from_row({rename.get(k, k): v for k, v in row.items()}, line)
            for line, row in enumerate(rows, start=2)
        ]
