"""The screening list built from SAM exclusion records, and its daily changes.

One :class:`ListEntry` per SAM Number gathers every exclusion action written for that person
(the extract repeats a person on several rows, one per action or agency), its cross-reference
names (``(also ...)``, commas inside names kept, ``DBA`` names split out) and its address.

An exclusion is *active* on ``day`` when ``active_date <= day < termination_date`` or its
termination is ``Indefinite``. It *bars an IOR number* (EO 13904 s.2(b), proposed criterion)
when it is active, CBP's, and related to importation or trade; any other active exclusion is
kept for review. Daily extracts replace one another: :func:`diff_lists` records what was
added, removed or modified, since each CBP addition starts a 60-day notice clock (s.3(a)).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tradeguard.domain.decisions import canonical_json
from tradeguard.ingest.readers import read_rows
from tradeguard.ingest.sam import SamRowError, parse_cross_reference, sam_records
from tradeguard.parties.policy import PartiesPolicy

__all__ = [
    "Exclusion",
    "ListDiff",
    "ListEntry",
    "ScreeningList",
    "build_list",
    "diff_lists",
    "extract_date",
    "list_from_extract",
]


@dataclass(frozen=True, slots=True)
class Exclusion:
    """One exclusion action as SAM publishes it."""

    agency: str
    exclusion_type: str
    active: dt.date
    termination: dt.date | None
    indefinite: bool
    comments: str = ""
    program: str = ""
    created: dt.date | None = None

    def active_on(self, day: dt.date) -> bool:
        """``active <= day < termination``, or from ``active`` on when ``Indefinite``.

        >>> e = Exclusion("DHS-CBP", "Ineligible (Proceedings Completed)",
        ...               dt.date(2024, 1, 1), dt.date(2027, 1, 1), False)
        >>> e.active_on(dt.date(2026, 12, 31)), e.active_on(dt.date(2027, 1, 1))
        (True, False)
        """
        if day < self.active:
            return False
        return self.indefinite or self.termination is None or day < self.termination

    @property
    def ends(self) -> str:
        return (
            "Indefinite" if self.indefinite or self.termination is None else str(self.termination)
        )

    @property
    def published_on(self) -> dt.date:
        """The day CBP's listing appeared in SAM: its creation date, else its active date."""
        return self.created or self.active

    def is_cbp(self, policy: PartiesPolicy) -> bool:
        return self.agency.upper() in policy.cbp_agencies

    def is_trade(self, policy: PartiesPolicy) -> bool:
        """CBP's and related to importation or trade (comment terms; blank counts per policy)."""
        if not self.is_cbp(policy):
            return False
        text = self.comments.lower()
        if not text.strip():
            return policy.blank_cbp_cause_is_trade
        return any(term in text for term in policy.trade_cause_terms)


@dataclass(frozen=True, slots=True)
class ListEntry:
    """A listed person (one SAM Number) with its names, address and exclusion actions."""

    sam_number: str
    classification: str
    name: str
    aliases: tuple[str, ...] = ()
    street: str = ""
    city: str = ""
    state: str = ""
    postal: str = ""
    country: str = ""
    uei: str = ""
    cage: str = ""
    exclusions: tuple[Exclusion, ...] = ()

    @property
    def kind(self) -> str:
        return "individual" if self.classification == "Individual" else "firm"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def active_exclusions(self, day: dt.date) -> list[Exclusion]:
        return [e for e in self.exclusions if e.active_on(day)]

    def bars_ior(self, day: dt.date, policy: PartiesPolicy) -> bool:
        return any(e.is_trade(policy) for e in self.active_exclusions(day))

    def fingerprint(self) -> str:
        return canonical_json(self)


@dataclass(frozen=True)
class ScreeningList:
    """Every listed person by SAM Number, with the day the list stands for."""

    entries: Mapping[str, ListEntry]
    as_of: dt.date | None = None
    rejected: tuple[str, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.entries)

    def active(self, day: dt.date) -> list[ListEntry]:
        return [e for e in self.entries.values() if e.active_exclusions(day)]


def _text(row: Mapping[str, Any], key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value).strip()


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _alias_names(cross_reference: str) -> list[str]:
    names: list[str] = []
    for alias in parse_cross_reference(cross_reference):
        names.append(alias)
        if " DBA " in f" {alias.upper()} ":
            names.extend(p.strip(" ,") for p in re.split(r"\bDBA\b", alias, flags=re.I))
    return [n for n in dict.fromkeys(names) if n]


def build_list(
    persons: Iterable[Mapping[str, Any]],
    exclusions: Iterable[Mapping[str, Any]],
    aliases: Iterable[Mapping[str, Any]] = (),
    as_of: dt.date | None = None,
) -> ScreeningList:
    """The list from ``sam_persons``, ``sam_exclusions`` and ``sam_aliases`` rows."""
    actions: dict[str, list[Exclusion]] = {}
    extra: dict[str, list[str]] = {}
    for row in exclusions:
        sam = _text(row, "sam_number")
        active = _date(row.get("active_date"))
        if active is None:
            continue
        action = Exclusion(
            agency=_text(row, "excluding_agency").upper(),
            exclusion_type=_text(row, "exclusion_type"),
            active=active,
            termination=_date(row.get("termination_date")),
            indefinite=bool(row.get("indefinite")),
            comments=_text(row, "additional_comments"),
            program=_text(row, "exclusion_program"),
            created=_date(row.get("creation_date")),
        )
        if action not in actions.setdefault(sam, []):
            actions[sam].append(action)
        extra.setdefault(sam, []).extend(_alias_names(_text(row, "cross_reference")))
    for row in aliases:
        extra.setdefault(_text(row, "sam_number"), []).extend(_alias_names(_text(row, "alias")))
    entries: dict[str, ListEntry] = {}
    for row in persons:
        sam = _text(row, "sam_number")
        name = _text(row, "name")
        found = [a for a in dict.fromkeys(extra.get(sam, [])) if a.upper() != name.upper()]
        street = " ".join(_text(row, f"address_{i}") for i in range(1, 5)).strip()
        entries[sam] = ListEntry(
            sam,
            _text(row, "classification"),
            name,
            tuple(found),
            street,
            _text(row, "city"),
            _text(row, "state"),
            _text(row, "zip_code"),
            _text(row, "country"),
            _text(row, "uei"),
            _text(row, "cage"),
            tuple(sorted(actions.get(sam, []), key=lambda e: (e.active, e.agency))),
        )
    return ScreeningList(entries, as_of)


_EXTRACT_DAY = re.compile(r"_(\d{2})(\d{3})(?:\D|$)")


def extract_date(path: Path) -> dt.date | None:
    """The day a daily extract stands for, from its ``..._YYDDD`` name (year, day of year)."""
    match = _EXTRACT_DAY.search(path.stem)
    if not match:
        return None
    year, day = int(match.group(1)), int(match.group(2))
    return dt.date(2000 + year, 1, 1) + dt.timedelta(days=day - 1)


def list_from_extract(path: Path) -> ScreeningList:
    """Read a SAM V1/V2 extract file straight into a list (bad rows are noted, not fatal)."""
    persons: dict[str, dict[str, Any]] = {}
    actions: list[dict[str, Any]] = []
    aliases: list[dict[str, Any]] = []
    rejected: list[str] = []
    for line, raw in read_rows(path):
        if "__error__" in raw:
            rejected.append(f"{path.name}:{line}: {raw['__error__']}")
            continue
        try:
            records = sam_records(raw, line)
        except SamRowError as exc:
            rejected.append(f"{path.name}:{line}: {exc.field}: {exc.reason}")
            continue
        persons.setdefault(records["sam_persons"][0]["sam_number"], records["sam_persons"][0])
        actions.extend(records["sam_exclusions"])
        aliases.extend(records["sam_aliases"])
    built = build_list(persons.values(), actions, aliases, extract_date(path))
    return ScreeningList(built.entries, built.as_of, tuple(rejected))


@dataclass(frozen=True)
class ListDiff:
    """What a new extract changed: SAM Numbers added, removed, and modified (with fields)."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    modified: Mapping[str, tuple[str, ...]]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.modified)


def _changed_fields(old: ListEntry, new: ListEntry) -> tuple[str, ...]:
    names = (
        "name",
        "aliases",
        "street",
        "city",
        "state",
        "postal",
        "country",
        "uei",
        "cage",
        "exclusions",
        "classification",
    )
    return tuple(n for n in names if getattr(old, n) != getattr(new, n))


def diff_lists(old: ScreeningList, new: ScreeningList) -> ListDiff:
    """Added, removed and modified SAM Numbers between two extracts.

    >>> a = ScreeningList({"S1": ListEntry("S1", "Firm", "A CO")})
    >>> b = ScreeningList({"S1": ListEntry("S1", "Firm", "A CO LLC"),
    ...                    "S2": ListEntry("S2", "Firm", "B")})
    >>> d = diff_lists(a, b); d.added, d.removed, dict(d.modified)
    (('S2',), (), {'S1': ('name',)})
    """
    added = tuple(sorted(set(new.entries) - set(old.entries)))
    removed = tuple(sorted(set(old.entries) - set(new.entries)))
    modified: dict[str, tuple[str, ...]] = {}
    for sam in sorted(set(old.entries) & set(new.entries)):
        if old.entries[sam] != new.entries[sam]:
            modified[sam] = _changed_fields(old.entries[sam], new.entries[sam])
    return ListDiff(added, removed, modified)
