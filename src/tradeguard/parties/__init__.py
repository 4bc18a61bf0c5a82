"""Debarred and suspended persons: EO 13904 s.1-3 and 2 CFR 180.

* s.2(b) IOR eligibility (proposed criteria): :func:`eligibility_decision`;
* s.3(a) screening of facilitators' traffic, re-establishment under a different name or
  address (2 CFR 180.905), 60-day notices: :class:`Screener`, :func:`find_reestablished`,
  :func:`notice_decisions`;
* s.3(b) cease facilitation and facilitator measures: :func:`cease_decisions`,
  :func:`measure_decisions`;
* s.1 present-responsibility referrals live in :mod:`tradeguard.referrals`.

See ``docs/parties.md`` for the rules, the method, measured quality and limits.
"""

from tradeguard.parties.eligibility import eligibility_decision
from tradeguard.parties.linkage import Link, Linker, clusters
from tradeguard.parties.measures import Ledger, ledgers, measure_decisions
from tradeguard.parties.notices import (
    Attempt,
    Filing,
    Publication,
    cease_decisions,
    notice_decisions,
    notice_export,
    publications,
)
from tradeguard.parties.policy import PartiesPolicy, parties_policy
from tradeguard.parties.records import PARTY_COLUMNS, Party, party_from_row, read_party_csv
from tradeguard.parties.reestablish import Case, Reestablishment, find_reestablished
from tradeguard.parties.screen import Screener, ScreenResult, screening_decisions
from tradeguard.parties.screenlist import (
    Exclusion,
    ListDiff,
    ListEntry,
    ScreeningList,
    build_list,
    diff_lists,
    list_from_extract,
)

__all__ = [
    "PARTY_COLUMNS",
    "Attempt",
    "Case",
    "Exclusion",
    "Filing",
    "Ledger",
    "Link",
    "Linker",
    "ListDiff",
    "ListEntry",
    "PartiesPolicy",
    "Party",
    "Publication",
    "Reestablishment",
    "ScreenResult",
    "Screener",
    "ScreeningList",
    "build_list",
    "cease_decisions",
    "clusters",
    "diff_lists",
    "eligibility_decision",
    "find_reestablished",
    "ledgers",
    "list_from_extract",
    "measure_decisions",
    "notice_decisions",
    "notice_export",
    "parties_policy",
    "party_from_row",
    "publications",
    "read_party_csv",
    "screening_decisions",
]
