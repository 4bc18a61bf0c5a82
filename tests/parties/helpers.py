"""Small hand-made lists and parties shared by the parties tests."""

from __future__ import annotations

import datetime as dt

from tradeguard.parties.policy import PartiesPolicy, parties_policy
from tradeguard.parties.screenlist import Exclusion, ListEntry, ScreeningList

DAY = dt.date(2026, 6, 1)
CBP_CAUSE = "Debarred by CBP: evasion of antidumping duties by transshipment (19 U.S.C. 1517)."


def policy() -> PartiesPolicy:
    return parties_policy(on=DAY)


def cbp(active: dt.date, end: dt.date | None, cause: str = CBP_CAUSE) -> Exclusion:
    kind = "Ineligible (Proceedings Completed)" if end else "Ineligible (Proceedings Pending)"
    return Exclusion("DHS-CBP", kind, active, end, end is None, cause)


def small_list() -> ScreeningList:
    active = dt.date(2025, 1, 10)
    entries = [
        ListEntry("S1", "Firm", "GOLDEN PACIFIC TRADING LLC", ("DAVID KUMAR",),
                  "1017 8TH ST", "LAUREL", "MD", "20707", "US",
                  exclusions=(cbp(active, dt.date(2028, 1, 10)),)),
        ListEntry("S2", "Individual", "DAVID KUMAR", ("GOLDEN PACIFIC TRADING LLC",),
                  "", "LAUREL", "MD", "20707", "US",
                  exclusions=(cbp(active, dt.date(2028, 1, 10)),)),
        ListEntry("S3", "Individual", "MARIA LOPEZ", (), "", "MIAMI", "FL", "33101", "US",
                  exclusions=(Exclusion("HHS", "Prohibition/Restriction", dt.date(2010, 1, 1),
                                        None, True),)),
        ListEntry("S4", "Firm", "ZHANG WEI INTERNATIONAL CO LTD", (), "55 HI TECH RD", "SHENZHEN",
                  "", "518057", "CN", exclusions=(cbp(dt.date(2026, 3, 1), None),)),
    ]  # fmt: skip
    return ScreeningList({e.sam_number: e for e in entries})
