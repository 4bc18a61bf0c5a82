"""Rights-holder disclosures (EO 13785 s.4(b); 19 CFR 133.21; abandonment NPRM 84 FR 44790).

What a recorded owner may receive grows with the milestones a case has reached:

=====================================  ========================================  ========
milestone reached                       fields it adds                            footing
=====================================  ========================================  ========
presented for examination              redacted images                           law
detention notice issued                 limited importation information (5)       law
importer's 7-business-day window        unredacted images, product codes,         law
closed without a showing                markings on goods and packaging
seizure notice issued                   the eight seizure elements                law
voluntary abandonment (if enabled)      the eight seizure elements                proposed
=====================================  ========================================  ========

A released case discloses nothing more. A sample goes only against a sample bond. A package
holds exactly the allowed fields that CBP has, nothing else; a rights holder sees only the
packages of its own recordations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from tradeguard.errors import Forbidden
from tradeguard.seizures.params import SeizuresPolicy
from tradeguard.seizures.phases import IprCase, Phase, deadlines, phase_on, window_closed_on

__all__ = [
    "EIGHT",
    "FIELDS",
    "LIMITED",
    "LIMITED_USE_NOTICE",
    "DisclosureLogEntry",
    "DisclosurePackage",
    "Grant",
    "Recordation",
    "RightsHolder",
    "allowed_fields",
    "build_package",
    "check_access",
    "grants",
    "log_entry",
    "owners",
    "release_sample",
    "visible_packages",
]

LIMITED: tuple[str, ...] = (
    "date_of_importation", "port_of_entry", "description", "quantity", "country_of_origin",
)  # fmt: skip
EIGHT: tuple[str, ...] = (
    *LIMITED, "manufacturer_name_address", "exporter_name_address", "importer_name_address",
)  # fmt: skip
AFTER_WINDOW: tuple[str, ...] = ("unredacted_images", "product_codes", "markings")
FIELDS: tuple[str, ...] = ("redacted_images", *EIGHT, *AFTER_WINDOW, "sample")
LIMITED_USE_NOTICE = (
    "This information is disclosed to assist CBP in determining whether the merchandise bears "
    "a counterfeit mark and may be used for no other purpose (19 CFR 133.21)."
)


@dataclass(frozen=True, slots=True)
class Grant:
    """Fields a milestone makes disclosable, with its provision and footing."""

    code: str
    fields: tuple[str, ...]
    provision: str
    status: str = "law"


@dataclass(frozen=True, slots=True)
class Recordation:
    """A trademark or copyright recorded with CBP (19 CFR Part 133)."""

    recordation_number: str
    kind: str
    owner_name: str
    registration_number: str
    effective_from: dt.date
    expires_on: dt.date | None = None
    contact_email: str | None = None
    sample_bond_on_file: bool = False

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.expires_on is None or on <= self.expires_on)


@dataclass(frozen=True, slots=True)
class RightsHolder:
    """A recipient: its name and the recordations it owns."""

    name: str
    recordations: frozenset[str]


@dataclass(frozen=True, slots=True)
class DisclosurePackage:
    """What goes to one rights holder about one case on one day."""

    case_number: str
    recordation_number: str
    recipient: str
    contact_email: str | None
    phase: Phase
    made_on: dt.date
    fields: Mapping[str, str]
    statuses: Mapping[str, str]
    withheld: Mapping[str, str] = field(default_factory=dict)
    due_by: dt.date | None = None
    notice: str = LIMITED_USE_NOTICE


@dataclass(frozen=True, slots=True)
class DisclosureLogEntry:
    """What went to whom: field names only, never values."""

    at: dt.datetime
    case_number: str
    recordation_number: str
    recipient: str
    contact_email: str | None
    phase: str
    fields: tuple[str, ...]


def grants(case: IprCase, on: dt.date, policy: SeizuresPolicy) -> list[Grant]:
    """The milestones ``case`` has reached by ``on`` and what each allows."""
    if phase_on(case, on, policy) is Phase.RELEASED:
        return []
    out = [Grant("PRESENTED", ("redacted_images",), "19 CFR 133.21(b)")]
    if case.detention_notice_on is not None and case.detention_notice_on <= on:
        out.append(Grant("DETENTION-NOTICE", LIMITED, "19 CFR 133.21(b)(3)"))
    closed = window_closed_on(case, policy)
    if closed is not None and closed < on and (
        case.importer_showing_on is None or case.importer_showing_on > closed
    ):
        out.append(Grant("WINDOW-CLOSED", AFTER_WINDOW, "19 CFR 133.21(b)(4)"))
    if case.seizure_notice_on is not None and case.seizure_notice_on <= on:
        out.append(Grant("SEIZED", EIGHT, "19 CFR 133.21(e)"))
    if policy.abandonment_enabled and case.abandoned_on is not None and case.abandoned_on <= on:
        out.append(Grant("ABANDONED", EIGHT, "EO 13785 s.4(b)(ii); 84 FR 44790", "proposed"))
    return out


def allowed_fields(case: IprCase, on: dt.date, policy: SeizuresPolicy) -> dict[str, str]:
    """Every field the phase allows, with its footing (``law`` wins over ``proposed``)."""
    out: dict[str, str] = {}
    for grant in grants(case, on, policy):
        for name in grant.fields:
            if out.get(name) != "law":
                out[name] = grant.status
    return out


def _check_recipient(case: IprCase, rec: Recordation, on: dt.date, policy: SeizuresPolicy) -> None:
    if rec.recordation_number != case.recordation_number:
        raise Forbidden(f"recordation {rec.recordation_number} is not the one of case "
                        f"{case.case_number}")
    if not rec.in_force(on):
        raise Forbidden(f"recordation {rec.recordation_number} is not in force on {on}")
    if rec.kind == "COPYRIGHT" and not policy.copyright_enabled:
        raise Forbidden("disclosures for copyright recordations are switched off")


def build_package(
    case: IprCase, rec: Recordation, on: dt.date, policy: SeizuresPolicy
) -> DisclosurePackage:
    """The package for the owner of ``rec`` on ``on``: the allowed fields CBP has, no more.

    A sample is included only when a sample bond is on file; otherwise it is listed as withheld.
    """
    _check_recipient(case, rec, on, policy)
    allowed = allowed_fields(case, on, policy)
    withheld: dict[str, str] = {}
    if allowed and "sample" in case.facts:
        if rec.sample_bond_on_file:
            allowed["sample"] = "law"
        else:
            withheld["sample"] = "no sample bond on file (19 CFR 133.21(c))"
    values = {k: case.facts[k] for k in FIELDS if k in allowed and k in case.facts}
    for name in sorted(set(case.facts) - set(values) - set(withheld)):
        withheld[name] = f"not disclosable in phase {phase_on(case, on, policy).value}"
    due = deadlines(case, policy)
    return DisclosurePackage(
        case.case_number, rec.recordation_number, rec.owner_name, rec.contact_email,
        phase_on(case, on, policy), on, values, {k: allowed[k] for k in values}, withheld,
        due.seizure_disclosure_due or due.abandonment_disclosure_due,
    )


def release_sample(case: IprCase, rec: Recordation, on: dt.date, policy: SeizuresPolicy) -> str:
    """Authorise a sample to the owner of ``rec``; :class:`Forbidden` without a bond."""
    _check_recipient(case, rec, on, policy)
    if not rec.sample_bond_on_file:
        raise Forbidden(f"no sample bond on file for {rec.recordation_number}")
    if phase_on(case, on, policy) is Phase.RELEASED:
        raise Forbidden(f"case {case.case_number} was released")
    return f"sample of {case.case_number} may go to {rec.owner_name} against its bond"


def visible_packages(
    holder: RightsHolder, packages: Iterable[DisclosurePackage]
) -> list[DisclosurePackage]:
    """Only the packages about the holder's own recordations."""
    return [p for p in packages if p.recordation_number in holder.recordations]


def check_access(holder: RightsHolder, package: DisclosurePackage) -> DisclosurePackage:
    """The package, or :class:`Forbidden` when it is about someone else's recordation."""
    if package.recordation_number not in holder.recordations:
        raise Forbidden(f"{holder.name} does not own recordation {package.recordation_number}")
    return package


def log_entry(package: DisclosurePackage, at: dt.datetime) -> DisclosureLogEntry:
    """The log line of a package sent at ``at``."""
    return DisclosureLogEntry(
        at, package.case_number, package.recordation_number, package.recipient,
        package.contact_email, package.phase.value, tuple(sorted(package.fields)),
    )


def owners(recordations: Collection[Recordation]) -> dict[str, RightsHolder]:
    """Rights holders by owner name, each with all its recordation numbers."""
    numbers: dict[str, set[str]] = {}
    for rec in recordations:
        numbers.setdefault(rec.owner_name, set()).add(rec.recordation_number)
    return {name: RightsHolder(name, frozenset(nums)) for name, nums in numbers.items()}
