"""AD/CVD case numbers on entry lines: both forms, and the country-of-origin check.

On the entry summary the case number's country must match the CBP country of origin; when
subject goods are processed in a third country that becomes the origin, Commerce issues a
third-country case number (CSMS 18-000421; ``A-451-988``: Chinese solar cells processed in
Lithuania). Commerce's 3-digit country code is not ISO: the table is policy
(``revenue.cases.country_codes_*``).
"""

from __future__ import annotations

from dataclasses import dataclass

from tradeguard.domain.identifiers import CaseNumber, parse_case_number
from tradeguard.errors import InvalidInput
from tradeguard.revenue.params import RevenuePolicy

__all__ = ["CaseCheck", "check_case_origin"]


@dataclass(frozen=True, slots=True)
class CaseCheck:
    """The verdict on one (case number, country of origin) pair, with its reason."""

    ok: bool
    code: str
    reason: str
    case: CaseNumber | None = None
    status: str = "law"


def _country_of(case: CaseNumber, policy: RevenuePolicy) -> tuple[str | None, str]:
    iso = policy.country_codes.get(case.country_code)
    footing = "assumption" if case.country_code in policy.unverified_codes else "law"
    return iso, footing


def check_case_origin(text: str, origin: str, policy: RevenuePolicy) -> CaseCheck:
    """Validate ``text`` (``A-570-983`` or ``A570983000``) against the line's country of origin.

    >>> import datetime as dt
    >>> from tradeguard.policy import load_policy
    >>> p = RevenuePolicy.from_book(load_policy(), dt.date(2026, 1, 5))
    >>> check_case_origin("A-451-988", "LT", p).code, check_case_origin("A570983000", "VN", p).code
    ('CASE-THIRD-COUNTRY', 'CASE-ORIGIN-MISMATCH')
    """
    try:
        case = parse_case_number(text)
    except InvalidInput as exc:
        return CaseCheck(False, "CASE-FORMAT", f"Case number {text!r}: {exc.errors[0].reason}")
    iso, footing = _country_of(case, policy)
    if iso is None:
        return CaseCheck(
            False,
            "CASE-COUNTRY-UNKNOWN",
            f"Case {case.commerce}: Commerce country code {case.country_code} is not in the "
            "country-code table",
            case,
        )
    third = policy.third_country.get(case.commerce)
    if third is not None:
        if origin == third["origin"]:
            return CaseCheck(
                True,
                "CASE-THIRD-COUNTRY",
                f"Case {case.commerce} is a third-country case: goods of {third['subject']} "
                f"processed in {third['origin']}, origin {origin} matches",
                case,
            )
        return CaseCheck(
            False,
            "CASE-ORIGIN-MISMATCH",
            f"Case {case.commerce} covers goods processed in {third['origin']}, but the line's "
            f"country of origin is {origin}",
            case,
        )
    if origin == iso:
        return CaseCheck(
            True, "CASE-ORIGIN-OK", f"Case {case.commerce} ({iso}) matches origin {origin}", case,
            footing,
        )
    return CaseCheck(
        False,
        "CASE-ORIGIN-MISMATCH",
        f"Case {case.commerce} is for country code {case.country_code} ({iso}), but the line's "
        f"country of origin is {origin}; a third-country case number is needed when goods are "
        "processed elsewhere",
        case,
        footing,
    )
