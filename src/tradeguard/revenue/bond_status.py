"""The continuous-bond status machine and the letter of insufficiency (domain brief 1.4).

::

    ACTIVE --short on review--> INSUFFICIENT_NOTICE --15 days pass--> INSUFFICIENT (no entries)
       |                            |  \\--new bond--> REPLACED
       |                            \\--rider raises the bond--> ACTIVE
       +--grossly short--> INSUFFICIENT            INSUFFICIENT --new bond--> REPLACED
    any open state --terminated--> TERMINATED;  --importer record voided--> VOIDED_IMPORTER_RECORD

The letter gives the importer ``bond.insufficiency.letter_days`` (15) to act: through the 15th
day after the letter the bond may still be used; from the 16th it is insufficient.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from tradeguard.domain.decisions import Decision, RuleHit
from tradeguard.errors import Conflict
from tradeguard.revenue.explain import make_decision, usd

__all__ = ["BondEvent", "BondReview", "BondStatus", "review_bond", "transition"]

PROVISION = "CBP Directive 099 3510-005 (bond sufficiency); 19 CFR 113.13"


class BondStatus(StrEnum):
    ACTIVE = "ACTIVE"
    INSUFFICIENT_NOTICE = "INSUFFICIENT_NOTICE"
    INSUFFICIENT = "INSUFFICIENT"
    REPLACED = "REPLACED"
    TERMINATED = "TERMINATED"
    VOIDED_IMPORTER_RECORD = "VOIDED_IMPORTER_RECORD"

    @property
    def accepts_entries(self) -> bool:
        return self in (BondStatus.ACTIVE, BondStatus.INSUFFICIENT_NOTICE)

    @property
    def closed(self) -> bool:
        return self in (BondStatus.REPLACED, BondStatus.TERMINATED,
                        BondStatus.VOIDED_IMPORTER_RECORD)


class BondEvent(StrEnum):
    LETTER = "LETTER"  # letter of insufficiency sent
    GROSSLY_SHORT = "GROSSLY_SHORT"
    CLOCK_EXPIRED = "CLOCK_EXPIRED"
    RIDER = "RIDER"  # the bond amount raised to the required amount
    NEW_BOND = "NEW_BOND"
    TERMINATE = "TERMINATE"
    VOID = "VOID"


_S, _E = BondStatus, BondEvent
_MOVES: dict[tuple[BondStatus, BondEvent], BondStatus] = {
    (_S.ACTIVE, _E.LETTER): _S.INSUFFICIENT_NOTICE,
    (_S.ACTIVE, _E.GROSSLY_SHORT): _S.INSUFFICIENT,
    (_S.INSUFFICIENT_NOTICE, _E.CLOCK_EXPIRED): _S.INSUFFICIENT,
    (_S.INSUFFICIENT_NOTICE, _E.RIDER): _S.ACTIVE,
    (_S.INSUFFICIENT_NOTICE, _E.NEW_BOND): _S.REPLACED,
    (_S.INSUFFICIENT, _E.NEW_BOND): _S.REPLACED,
    (_S.INSUFFICIENT, _E.RIDER): _S.ACTIVE,
}


def transition(status: BondStatus, event: BondEvent) -> BondStatus:
    """The status after ``event``; :class:`~tradeguard.errors.Conflict` if not allowed.

    >>> transition(BondStatus.ACTIVE, BondEvent.LETTER)
    <BondStatus.INSUFFICIENT_NOTICE: 'INSUFFICIENT_NOTICE'>
    """
    if not status.closed and event is BondEvent.TERMINATE:
        return BondStatus.TERMINATED
    if not status.closed and event is BondEvent.VOID:
        return BondStatus.VOIDED_IMPORTER_RECORD
    try:
        return _MOVES[(status, event)]
    except KeyError:
        raise Conflict(f"a bond in status {status} cannot take event {event}") from None


@dataclass(frozen=True, slots=True)
class BondReview:
    """One review of a continuous bond on a day."""

    ior_number: str
    bond_number: str
    status: BondStatus
    bond_usd: Decimal
    required_usd: Decimal
    letter_sent_on: dt.date | None = None


def _next(review: BondReview, on: dt.date, letter_days: int,
          gross_ratio: Decimal) -> tuple[BondStatus, BondEvent | None, dt.date | None]:
    short = review.bond_usd < review.required_usd
    status = review.status
    deadline = (review.letter_sent_on + dt.timedelta(days=letter_days)
                if review.letter_sent_on else None)
    if status is BondStatus.ACTIVE and short:
        if review.bond_usd * gross_ratio <= review.required_usd:
            return transition(status, BondEvent.GROSSLY_SHORT), BondEvent.GROSSLY_SHORT, None
        deadline = on + dt.timedelta(days=letter_days)
        return transition(status, BondEvent.LETTER), BondEvent.LETTER, deadline
    if status is BondStatus.INSUFFICIENT_NOTICE and not short:
        return transition(status, BondEvent.RIDER), BondEvent.RIDER, None
    if status is BondStatus.INSUFFICIENT_NOTICE and deadline is not None and on > deadline:
        return transition(status, BondEvent.CLOCK_EXPIRED), BondEvent.CLOCK_EXPIRED, deadline
    return status, None, deadline


def review_bond(review: BondReview, on: dt.date, *, letter_days: int = 15,
                gross_ratio: Decimal = Decimal(10), version: str = "") -> Decision:
    """The bond's next status on ``on`` with the reason (kind ``bond_insufficiency``).

    A bond short of the formula gets a letter of insufficiency and ``letter_days`` to be
    replaced; one at most 1/``gross_ratio`` of the requirement is made insufficient at once.
    """
    status, event, deadline = _next(review, on, letter_days, gross_ratio)
    short = review.required_usd - review.bond_usd
    facts = (f"Bond {review.bond_number} is {usd(float(review.bond_usd))} against "
             f"{usd(float(review.required_usd))} required")
    reasons = {
        BondEvent.LETTER: f"{facts}: letter of insufficiency sent on {on}; the importer has "
                          f"until {deadline} to file a new bond of at least "
                          f"{usd(float(review.required_usd))}",
        BondEvent.GROSSLY_SHORT: f"{facts}: grossly insufficient, no entries may be filed now",
        BondEvent.CLOCK_EXPIRED: f"{facts}: the letter of {review.letter_sent_on} gave until "
                                 f"{deadline}; insufficient, no entries may be filed",
        BondEvent.RIDER: f"{facts}: the bond now covers the requirement; active again",
    }
    if event is None:
        reason = f"{facts}; status {status}" + (f" (letter deadline {deadline})"
                                                 if deadline else "")
    else:
        reason = reasons[event]
    hit = RuleHit(f"BOND-{event or 'UNCHANGED'}", 1.0 if event else 0.0, reason,
                  {"short_usd": str(max(short, Decimal(0))), "deadline": deadline,
                   "entries_allowed": status.accepts_entries})
    return make_decision(review.ior_number, "bond_insufficiency", status.value,
                         float(short) if short > 0 else 0.0, [hit], PROVISION, version, on,
                         {"review": review, "status": status.value})
