"""Identifiers and their validators.

Each ``parse_*`` function takes text as it arrives in files and forms, returns the canonical
form, and raises :class:`~tradeguard.errors.InvalidInput` with the reason when the text is not
valid. ``is_*`` helpers answer the same question without raising.

Formats (domain brief 2.1, 3.1, 5.5):

* IOR number: IRS EIN with a 2-character suffix ``NN-NNNNNNNXX`` (suffix letters exclude O, I
  and Z), SSN ``NNN-NN-NNNN``, or CBP-assigned ``YYDDPP-NNNNN``.
* AD/CVD case number: Commerce ``A-570-983`` or ACE ``A570983000`` (letter, 3 country digits,
  3 case digits, 3-digit company suffix).
* HTS: 4, 6, 8 or 10 digits, dots optional (``8471.30.0100``).
* S10 item id: 2 letters, 8 digits, 1 check digit, 2-letter ISO country (``CP001020307BR``).
* Entry number: 3-character filer code, 7-digit serial, 1 check digit (``ABC-1234567-8``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import pycountry
from stdnum.us import ein as stdnum_ein

from tradeguard.errors import FieldError, InvalidInput

__all__ = [
    "CaseNumber",
    "IorKind",
    "IorNumber",
    "entry_check_digit",
    "is_valid_s10",
    "parse_case_number",
    "parse_country",
    "parse_entry_number",
    "parse_filer_code",
    "parse_hts",
    "parse_ior",
    "parse_s10",
    "parse_uei",
    "s10_check_digit",
]


def _invalid(field: str, value: str, reason: str) -> InvalidInput:
    return InvalidInput(
        f"{field} {value!r}: {reason}", errors=[FieldError(field, reason, value=value)]
    )


# --- IOR numbers --------------------------------------------------------------------------


class IorKind(StrEnum):
    EIN = "EIN"
    SSN = "SSN"
    CBP = "CBP"


@dataclass(frozen=True, slots=True)
class IorNumber:
    """A validated importer-of-record number in canonical (hyphenated) form."""

    value: str
    kind: IorKind

    @property
    def root(self) -> str:
        """The part that identifies the person: the EIN without suffix, the SSN, the CBP number.

        Two IOR numbers with the same root belong to the same taxpayer (EIN suffixes mark
        divisions), which party linkage uses.
        """
        return self.value[:10] if self.kind is IorKind.EIN else self.value

    def __str__(self) -> str:
        return self.value


_EIN_IOR = re.compile(r"^(\d{2})-?(\d{7})([A-Z0-9]{2})$")
_SSN = re.compile(r"^(\d{3})-?(\d{2})-?(\d{4})$")
_CBP = re.compile(r"^(\d{2})(\d{4})-?(\d{5})$")
_FORBIDDEN_SUFFIX = set("OIZ")
# The prefixes the IRS assigns, asked once of python-stdnum's table (the same table its
# ``ein.is_valid`` reads on every call).
_EIN_PREFIXES = frozenset(
    f"{p:02d}" for p in range(100) if stdnum_ein.is_valid(f"{p:02d}0000000")
)


@lru_cache(maxsize=65_536)
def parse_ior(text: str, field: str = "ior_number") -> IorNumber:
    """Validate an IOR number in any of its three formats.

    >>> parse_ior("12-3456789AB")
    IorNumber(value='12-3456789AB', kind=<IorKind.EIN: 'EIN'>)
    >>> parse_ior("123-45-6789").kind
    <IorKind.SSN: 'SSN'>
    >>> parse_ior("260401-00042").kind
    <IorKind.CBP: 'CBP'>
    """
    raw = text.strip().upper().replace(" ", "")
    if match := _EIN_IOR.match(raw):
        prefix, serial, suffix = match.groups()
        if _FORBIDDEN_SUFFIX & set(suffix):
            raise _invalid(field, text, "an EIN suffix may not contain the letters O, I or Z")
        if prefix not in _EIN_PREFIXES:
            raise _invalid(field, text, f"EIN prefix {prefix} is not one the IRS assigns")
        return IorNumber(f"{prefix}-{serial}{suffix}", IorKind.EIN)
    if match := _SSN.match(raw):
        area, group, serial = match.groups()
        if area in {"000", "666"} or area.startswith("9") or group == "00" or serial == "0000":
            raise _invalid(field, text, "not a number the SSA issues (area, group or serial)")
        return IorNumber(f"{area}-{group}-{serial}", IorKind.SSN)
    if match := _CBP.match(raw):
        year, district_port, serial = match.groups()
        return IorNumber(f"{year}{district_port}-{serial}", IorKind.CBP)
    raise _invalid(
        field,
        text,
        "expected an EIN with suffix (NN-NNNNNNNXX), an SSN (NNN-NN-NNNN) "
        "or a CBP-assigned number (YYDDPP-NNNNN)",
    )


# --- AD/CVD case numbers ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseNumber:
    """An AD/CVD case: ``A`` (antidumping) or ``C`` (countervailing), Commerce country code,
    sequence, and the ACE company suffix when the number came in ACE form."""

    kind: str
    country_code: str
    sequence: str
    company_suffix: str | None = None

    @property
    def commerce(self) -> str:
        """Commerce form, e.g. ``A-570-983``."""
        return f"{self.kind}-{self.country_code}-{self.sequence}"

    @property
    def ace(self) -> str:
        """ACE 10-character form, e.g. ``A570983000`` (suffix ``000`` when unknown)."""
        return f"{self.kind}{self.country_code}{self.sequence}{self.company_suffix or '000'}"

    @property
    def is_antidumping(self) -> bool:
        return self.kind == "A"

    def __str__(self) -> str:
        return self.commerce


_CASE_COMMERCE = re.compile(r"^([AC])-(\d{3})-(\d{3})$")
_CASE_ACE = re.compile(r"^([AC])(\d{3})(\d{3})(\d{3})$")


def parse_case_number(text: str, field: str = "case_number") -> CaseNumber:
    """Validate a case number in Commerce (``A-570-983``) or ACE (``A570983000``) form.

    >>> parse_case_number("a570983001").commerce
    'A-570-983'
    """
    raw = text.strip().upper()
    if match := _CASE_COMMERCE.match(raw):
        return CaseNumber(*match.groups())
    if match := _CASE_ACE.match(raw):
        return CaseNumber(*match.groups())
    raise _invalid(field, text, "expected A-NNN-NNN / C-NNN-NNN or the ACE form ANNNNNNNNN")


# --- HTS ----------------------------------------------------------------------------------

_HTS = re.compile(r"^\d{4}(\d{2}){0,3}$")


def parse_hts(text: str, field: str = "hts") -> str:
    """HTS as digits only (4, 6, 8 or 10): ``8471.30.0100`` -> ``8471300100``."""
    raw = text.strip().replace(".", "").replace(" ", "")
    if not _HTS.match(raw):
        raise _invalid(field, text, "an HTS code has 4, 6, 8 or 10 digits (dots allowed)")
    return raw


# --- countries ----------------------------------------------------------------------------


@lru_cache(maxsize=512)
def _country_lookup(code: str) -> str | None:
    found = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    if found is None and len(code) == 3:
        found = pycountry.countries.get(alpha_3=code)
    return None if found is None else str(found.alpha_2)


_EXTRA_COUNTRY = {"XK": "XK", "XKX": "XK", "UK": "GB"}  # Kosovo (user-assigned), common alias


def parse_country(text: str, field: str = "country") -> str:
    """ISO 3166-1 alpha-2 (or alpha-3, as SAM uses) to canonical alpha-2.

    >>> parse_country("chn"), parse_country("US")
    ('CN', 'US')
    """
    raw = text.strip().upper()
    code = _EXTRA_COUNTRY.get(raw) or _country_lookup(raw)
    if code is None:
        raise _invalid(field, text, "not an ISO 3166-1 alpha-2 or alpha-3 country code")
    return code


# --- S10 item identifiers (UPU) ---------------------------------------------------------

_S10 = re.compile(r"^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$")
_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def s10_check_digit(serial: str) -> int:
    """UPU S10 check digit of an 8-digit serial (weights 8 6 4 2 3 5 9 7, modulus 11).

    >>> s10_check_digit("12345678"), s10_check_digit("47312482")
    (5, 9)
    """
    if len(serial) != 8 or not serial.isdigit():
        raise ValueError("serial must be 8 digits")
    total = sum(int(d) * w for d, w in zip(serial, _S10_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: 0, 11: 5}.get(check, check)


def parse_s10(text: str, field: str = "item_id") -> str:
    """Validate an S10 item id (format, check digit, origin country)."""
    raw = text.strip().upper().replace(" ", "")
    match = _S10.match(raw)
    if not match:
        raise _invalid(field, text, "an S10 item id is 2 letters, 9 digits, 2 letters")
    _service, serial, check, country = match.groups()
    expected = s10_check_digit(serial)
    if int(check) != expected:
        raise _invalid(field, text, f"check digit is {check}, expected {expected}")
    if _country_lookup(country) is None and country not in _EXTRA_COUNTRY:
        raise _invalid(field, text, f"{country} is not an ISO country code")
    return raw


def is_valid_s10(text: str) -> bool:
    try:
        parse_s10(text)
    except InvalidInput:
        return False
    return True


# --- entry numbers, filer codes, UEI ------------------------------------------------------

_FILER = re.compile(r"^[A-Z0-9]{3}$")
_ENTRY = re.compile(r"^([A-Z0-9]{3})-?(\d{7})-?(\d)$")


def parse_filer_code(text: str, field: str = "filer_code") -> str:
    raw = text.strip().upper()
    if not _FILER.match(raw):
        raise _invalid(field, text, "a filer code is 3 letters or digits")
    return raw


def entry_check_digit(filer_code: str, serial: str) -> int:
    """Check digit of a CBP entry number: Luhn over the filer code (letters as their ordinal
    position mod 10) and the 7-digit serial."""
    digits = [int(c) if c.isdigit() else (ord(c) - ord("A") + 1) % 10 for c in filer_code]
    digits += [int(c) for c in serial]
    total = 0
    for i, d in enumerate(reversed(digits)):
        doubled = d * 2 if i % 2 == 0 else d
        total += doubled - 9 if doubled > 9 else doubled
    return (10 - total % 10) % 10


def parse_entry_number(text: str, field: str = "entry_number") -> str:
    """``ABC-1234567-8`` with a valid check digit, canonical hyphenated form."""
    raw = text.strip().upper().replace(" ", "")
    match = _ENTRY.match(raw)
    if not match:
        raise _invalid(
            field, text, "an entry number is a 3-character filer code, 7 digits, 1 digit"
        )
    filer, serial, check = match.groups()
    expected = entry_check_digit(filer, serial)
    if int(check) != expected:
        raise _invalid(field, text, f"check digit is {check}, expected {expected}")
    return f"{filer}-{serial}-{check}"


_UEI = re.compile(r"^[A-HJ-NP-Z1-9][A-HJ-NP-Z0-9]{11}$")


def parse_uei(text: str, field: str = "uei") -> str:
    """SAM Unique Entity ID: 12 characters, letters and digits, no O or I, not starting with 0."""
    raw = text.strip().upper()
    if not _UEI.match(raw):
        raise _invalid(field, text, "a UEI is 12 letters or digits, without O or I")
    return raw
