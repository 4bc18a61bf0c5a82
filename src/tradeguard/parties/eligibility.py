"""IOR eligibility (EO 13904 s.2(b)), on proposed criteria: no NPRM has been published.

For an application, or for an importer on any entry date:

* ``ineligible``: the party is (probability >= ``screen.confirm_threshold``, corroborated by
  more than the name) a person with an active CBP exclusion related to importation or
  trade, for the exclusion's duration;
* ``review``: a probable match only, an active exclusion by another agency, an officer who is
  a listed individual under a CBP trade exclusion, or a probable affiliate from linkage
  (2 CFR 180.905);
* ``eligible``: none of these.

Every outcome carries its evidence and the label ``proposed``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from tradeguard.domain.decisions import Decision, RuleHit, inputs_digest
from tradeguard.parties.policy import PartiesPolicy
from tradeguard.parties.records import Party
from tradeguard.parties.score import PairScore
from tradeguard.parties.screen import Screener, ScreenResult, corroborated
from tradeguard.parties.screenlist import Exclusion, ListEntry

__all__ = ["PROVISION", "assess_eligibility", "eligibility_decision", "expected_end"]

PROVISION = "EO 13904 s.2(b) (proposed criteria)"


def expected_end(exclusion: Exclusion, deadlines: Mapping[str, int]) -> str:
    """The termination date, or for an indefinite action the expected maximum by 2 CFR 180.

    >>> e = Exclusion("DHS-CBP", "Ineligible (Proceedings Pending)", dt.date(2025, 1, 10),
    ...               None, True)
    >>> expected_end(e, {"suspension.max_months": 12, "suspension.max_extended_months": 18,
    ...                  "debarment.typical_max_years": 3})
    'Indefinite (a suspension without proceedings ends by 2026-01-10, 2026-07-10 if extended)'
    """
    if not exclusion.indefinite and exclusion.termination is not None:
        return str(exclusion.termination)
    if "Pending" in exclusion.exclusion_type:
        twelve = _add_months(exclusion.active, deadlines["suspension.max_months"])
        eighteen = _add_months(exclusion.active, deadlines["suspension.max_extended_months"])
        return (
            f"Indefinite (a suspension without proceedings ends by {twelve}, "
            f"{eighteen} if extended)"
        )
    years = deadlines["debarment.typical_max_years"]
    return f"Indefinite (debarments are generally not longer than {years} years)"


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(
        year, month, min(day.day, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)
    )


def _exclusion_hit(
    entry: ListEntry, e: Exclusion, code: str, policy: PartiesPolicy, deadlines: Mapping[str, int]
) -> RuleHit:
    cause = e.comments[:160] or "no cause stated"
    return RuleHit(
        code,
        1.0 if code == "IOR-CBP-TRADE" else 0.5,
        f"{entry.name} ({entry.sam_number}): {e.exclusion_type} by "
        f"{e.agency or 'an unnamed agency'} from {e.active}, ends "
        f"{expected_end(e, deadlines)}; {cause}",
        {
            "sam_number": entry.sam_number,
            "agency": e.agency,
            "active": e.active,
            "termination": e.ends,
        },
        "proposed",
    )


def _officer(match: PairScore) -> bool:
    return match.hits[0].reason.startswith("officer ")


def assess_eligibility(
    result: ScreenResult,
    screener: Screener,
    day: dt.date,
    deadlines: Mapping[str, int],
    affiliate_hits: Sequence[RuleHit] = (),
) -> tuple[str, list[RuleHit]]:
    """The outcome and its evidence for one screened party on ``day``."""
    policy = screener.policy
    hits: list[RuleHit] = []
    outcome = "eligible"
    for match in result.matches:
        entry = screener.list.entries[match.sam_number]
        active = entry.active_exclusions(day)
        if not active:
            continue
        confirmed = (
            match.probability >= policy.confirm_threshold
            and not _officer(match)
            and corroborated(match)
        )
        trade = [e for e in active if e.is_trade(policy)]
        if _officer(match) and not trade:
            continue  # an officer excluded by another agency says nothing of IOR eligibility
        hits.extend(match.hits[:3])
        if confirmed and trade:
            outcome = "ineligible"
            hits += [_exclusion_hit(entry, e, "IOR-CBP-TRADE", policy, deadlines) for e in trade]
        else:
            code = (
                "IOR-AFFILIATE"
                if _officer(match)
                else ("IOR-PROBABLE" if trade else "IOR-OTHER-AGENCY")
            )
            outcome = outcome if outcome == "ineligible" else "review"
            hits += [_exclusion_hit(entry, e, code, policy, deadlines) for e in active]
    if affiliate_hits:
        outcome = outcome if outcome == "ineligible" else "review"
        hits.extend(affiliate_hits)
    if outcome == "eligible":
        hits.append(
            RuleHit(
                "IOR-CLEAR",
                0.0,
                f"No active exclusion matches {result.party.name} on {day}",
                {},
                "proposed",
            )
        )
    return outcome, hits


def eligibility_decision(
    party: Party,
    screener: Screener,
    day: dt.date,
    deadlines: Mapping[str, int],
    decided_at: dt.datetime,
    result: ScreenResult | None = None,
    affiliate_hits: Sequence[RuleHit] = (),
) -> Decision:
    """The eligibility :class:`Decision` of one party (an application or an importer)."""
    screened = result or screener.screen_one(party)
    outcome, hits = assess_eligibility(screened, screener, day, deadlines, affiliate_hits)
    return Decision(
        subject=f"IOR:{party.ior_number or party.party_id}",
        kind="ior_eligibility",
        outcome=outcome,
        score=round(screened.probability, 6),
        hits=tuple(hits),
        provision=PROVISION,
        policy_version=screener.policy.version,
        inputs_digest=inputs_digest(
            [party.names, party.officers, str(day), [h.to_dict() for h in hits]]
        ),
        decided_at=decided_at,
    )
