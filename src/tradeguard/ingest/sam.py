"""The SAM Exclusions Public extract (V2: 31 columns; legacy V1: 28 columns).

One extract row becomes a person (keyed by SAM Number), one exclusion action (keyed by a digest
of its fields, so the identical rows SAM sometimes repeats collapse into one) and the names in
its ``(also ...)`` cross-reference. Names inside a cross-reference may contain commas
(``PEANUT BUTTER, LLC``): a piece that starts with a legal form or a generational suffix is
joined back to the name before it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

from tradeguard.domain.identifiers import parse_country, parse_uei
from tradeguard.errors import InvalidInput

__all__ = [
    "EXCLUSION_TYPES",
    "SAM_V1_COLUMNS",
    "SAM_V2_COLUMNS",
    "parse_cross_reference",
    "parse_sam_date",
    "sam_records",
]

SAM_V2_COLUMNS = (
    "Classification", "Name", "Prefix", "First", "Middle", "Last", "Suffix",
    "Address 1", "Address 2", "Address 3", "Address 4", "City", "State / Province", "Country",
    "Zip Code", "Open Data Flag", "Blank (Deprecated)", "Unique Entity ID", "Exclusion Program",
    "Excluding Agency", "CT Code", "Exclusion Type", "Additional Comments", "Active Date",
    "Termination Date", "Record Status", "Cross-Reference", "SAM Number", "CAGE", "NPI",
    "Creation_Date",
)  # fmt: skip
SAM_V1_COLUMNS = (
    "Classification", "Name", "Prefix", "First", "Middle", "Last", "Suffix",
    "Address 1", "Address 2", "Address 3", "Address 4", "City", "State / Province", "Country",
    "Zip Code", "DUNS", "Exclusion Program", "Excluding Agency", "CT Code", "Exclusion Type",
    "Additional Comments", "Active Date", "Termination Date", "Record Status", "Cross-Reference",
    "SAM Number", "CAGE", "NPI",
)  # fmt: skip
CLASSIFICATIONS = {"Individual", "Firm", "Vessel", "Special Entity Designation"}
EXCLUSION_TYPES = {
    "Ineligible (Proceedings Pending)",
    "Preliminarily Ineligible (Proceedings Pending)",
    "Ineligible (Proceedings Completed)",
    "Prohibition/Restriction",
    "Voluntary Exclusion",
}
_JOINERS = {
    "LLC", "L.L.C.", "INC", "INC.", "LTD", "LTD.", "CO", "CO.", "CORP", "CORP.", "LP", "L.P.",
    "LLP", "PLLC", "PC", "P.C.", "PA", "P.A.", "JR", "JR.", "SR", "SR.", "II", "III", "IV",
    "S.A.", "SA", "GMBH", "AG", "LIMITED", "INCORPORATED", "COMPANY", "CORPORATION",
}  # fmt: skip
_ALSO = re.compile(r"^\s*\(\s*also\s+(.*)\)\s*$", re.IGNORECASE | re.DOTALL)


class SamRowError(ValueError):
    """A field of one extract row is wrong; ``field`` names the column."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


def parse_sam_date(text: str, field: str) -> dt.date:
    """``MM/DD/YYYY`` (the layout) or ``YYYY-MM-DD`` (seen in real V2 files)."""
    value = text.strip()
    for fmt in ("%m/%d/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise SamRowError(field, f"{value!r} is not a date (MM/DD/YYYY or YYYY-MM-DD)")


def parse_cross_reference(text: str | None) -> list[str]:
    """Names in ``(also A, B)``; commas inside a name are kept.

    >>> parse_cross_reference("(also VMC CONSTRUCTION, LLC, VMC CONSTRUCTION, LLC  DBA V T C)")
    ['VMC CONSTRUCTION, LLC', 'VMC CONSTRUCTION, LLC DBA V T C']
    """
    if not text or not text.strip():
        return []
    match = _ALSO.match(text)
    body = match.group(1) if match else text.strip()
    names: list[str] = []
    for piece in body.split(","):
        clean = " ".join(piece.split())
        if not clean:
            continue
        first = clean.split(" ", 1)[0].upper()
        if names and first in _JOINERS:
            names[-1] = f"{names[-1]}, {clean}"
        else:
            names.append(clean)
    return list(dict.fromkeys(names))


def _get(raw: dict[str, Any], column: str) -> str | None:
    value = raw.get(column)
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _person_name(raw: dict[str, Any]) -> str:
    name = _get(raw, "Name")
    if name:
        return name
    parts = [_get(raw, c) for c in ("First", "Middle", "Last", "Suffix")]
    joined = " ".join(p for p in parts if p)
    if not joined:
        raise SamRowError("Name", "neither Name nor First/Last is given")
    return joined


def _country(raw: dict[str, Any]) -> str | None:
    value = _get(raw, "Country")
    if value is None:
        return None
    try:
        return parse_country(value, "Country")
    except InvalidInput:
        raise SamRowError("Country", f"{value!r} is not an ISO country code") from None


def _termination(raw: dict[str, Any]) -> tuple[dt.date | None, bool]:
    value = _get(raw, "Termination Date")
    if value is None or value.lower() == "indefinite":
        return None, True
    return parse_sam_date(value, "Termination Date"), False


def _uei(raw: dict[str, Any]) -> str | None:
    value = _get(raw, "Unique Entity ID")
    if value is None:
        return None
    try:
        return parse_uei(value, "Unique Entity ID")
    except InvalidInput:
        raise SamRowError("Unique Entity ID", f"{value!r} is not a 12-character UEI") from None


def sam_records(raw: dict[str, Any], line: int) -> dict[str, list[dict[str, Any]]]:
    """The person, exclusion action and cross-reference names of one extract row."""
    sam_number = _get(raw, "SAM Number")
    if not sam_number:
        raise SamRowError("SAM Number", "is required")
    classification = _get(raw, "Classification")
    if classification not in CLASSIFICATIONS:
        raise SamRowError("Classification", f"{classification!r} is not one of {CLASSIFICATIONS}")
    exclusion_type = _get(raw, "Exclusion Type")
    if exclusion_type not in EXCLUSION_TYPES:
        raise SamRowError("Exclusion Type", f"{exclusion_type!r} is not a SAM exclusion type")
    active_text = _get(raw, "Active Date")
    if not active_text:
        raise SamRowError("Active Date", "is required")
    active = parse_sam_date(active_text, "Active Date")
    termination, indefinite = _termination(raw)
    if termination is not None and termination < active:
        raise SamRowError("Termination Date", f"{termination} is before the active date {active}")
    creation = _get(raw, "Creation_Date")
    name = _person_name(raw)
    person = {
        "sam_number": sam_number,
        "classification": classification,
        "name": name,
        "prefix": _get(raw, "Prefix"),
        "first": _get(raw, "First"),
        "middle": _get(raw, "Middle"),
        "last": _get(raw, "Last"),
        "suffix": _get(raw, "Suffix"),
        "address_1": _get(raw, "Address 1"),
        "address_2": _get(raw, "Address 2"),
        "address_3": _get(raw, "Address 3"),
        "address_4": _get(raw, "Address 4"),
        "city": _get(raw, "City"),
        "state": _get(raw, "State / Province"),
        "country": _country(raw),
        "zip_code": _get(raw, "Zip Code"),
        "uei": _uei(raw),
        "duns": _get(raw, "DUNS"),
        "cage": _get(raw, "CAGE"),
        "npi": _get(raw, "NPI"),
    }
    action = {
        "sam_number": sam_number,
        "exclusion_program": _get(raw, "Exclusion Program"),
        "excluding_agency": _get(raw, "Excluding Agency"),
        "ct_code": _get(raw, "CT Code"),
        "exclusion_type": exclusion_type,
        "additional_comments": _get(raw, "Additional Comments"),
        "active_date": active,
        "termination_date": termination,
        "indefinite": indefinite,
        "record_status": _get(raw, "Record Status"),
        "cross_reference": _get(raw, "Cross-Reference"),
        "open_data_flag": _get(raw, "Open Data Flag"),
        "creation_date": parse_sam_date(creation, "Creation_Date") if creation else None,
        "source_line": line,
    }
    action["action_key"] = _action_key(action)
    aliases = [
        {"sam_number": sam_number, "alias": alias}
        for alias in parse_cross_reference(_get(raw, "Cross-Reference"))
        if alias.upper() != name.upper()
    ]
    return {"sam_persons": [person], "sam_exclusions": [action], "sam_aliases": aliases}


def _action_key(action: dict[str, Any]) -> str:
    fields = (
        "sam_number", "exclusion_program", "excluding_agency", "ct_code", "exclusion_type",
        "additional_comments", "active_date", "termination_date", "indefinite", "record_status",
        "cross_reference",
    )  # fmt: skip
    text = "\x1f".join(str(action.get(f) or "") for f in fields)
    return hashlib.sha256(text.encode()).hexdigest()
