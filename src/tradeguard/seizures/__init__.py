"""Seizures and IPR: EO 13904 s.6(a) publication, EO 13785 s.4(b) rights-holder disclosures.

* Publication of seizures in the mail and express environments (EO 13904 s.6(a)), with repeat
  offences on priority trade issues (19 U.S.C. 4322) weighted most, and statistical disclosure
  control: threshold, dominance and p% rules, secondary suppression audited by a linear-program
  attacker across the releases of a fiscal year (:mod:`.publish`, :mod:`.secondary`,
  :mod:`.audit`, :mod:`.report`).
* Disclosures to rights holders by case phase under 19 CFR 133.21 and, as a proposed rule
  (84 FR 44790), for goods voluntarily abandoned under 19 CFR 127.12 (:mod:`.phases`,
  :mod:`.disclosure`).
* Prosecution priority lives in :mod:`tradeguard.referrals` (EO 13785 s.5; EO 13904 s.6(b)).
"""

from __future__ import annotations

from tradeguard.seizures.audit import Interval, attack, build_system, protection_level
from tradeguard.seizures.disclosure import (
    DisclosurePackage,
    Recordation,
    RightsHolder,
    allowed_fields,
    build_package,
    check_access,
    release_sample,
    visible_packages,
)
from tradeguard.seizures.microdata import prepare
from tradeguard.seizures.params import SeizuresPolicy, seizures_policy
from tradeguard.seizures.phases import IprCase, Phase, deadlines, phase_on
from tradeguard.seizures.publish import Release, build_release, release_quarter
from tradeguard.seizures.report import write_publication

__all__ = [
    "DisclosurePackage",
    "Interval",
    "IprCase",
    "Phase",
    "Recordation",
    "Release",
    "RightsHolder",
    "SeizuresPolicy",
    "allowed_fields",
    "attack",
    "build_package",
    "build_release",
    "build_system",
    "check_access",
    "deadlines",
    "phase_on",
    "prepare",
    "protection_level",
    "release_quarter",
    "release_sample",
    "seizures_policy",
    "visible_packages",
    "write_publication",
]
