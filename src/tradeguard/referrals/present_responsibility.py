"""Present-responsibility referrals (EO 13904 s.1).

A person who knowingly, or with gross negligence, imports or facilitates the import of
merchandise in material violation of federal law is referred to CBP for a
present-responsibility determination (EO 12549). Here: a facilitator that went on carrying
shipments or entries of a barred person after it had been alerted (knew or had reason to
believe) at least ``referral.min_continued`` times is queued, with the evidence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tradeguard.domain.decisions import Decision, RuleHit, inputs_digest

if TYPE_CHECKING:  # the parties package is only needed for the types
    from tradeguard.parties.measures import Ledger
    from tradeguard.parties.policy import PartiesPolicy

__all__ = ["referral_decisions"]


def referral_decisions(
    books: Sequence[Ledger], policy: PartiesPolicy, decided_at: dt.datetime
) -> list[Decision]:
    """Queue each facilitator whose continued facilitation reaches the policy's count."""
    out: list[Decision] = []
    for book in books:
        if book.continued < policy.referral_min_continued:
            continue
        hit = RuleHit(
            "REFERRAL-CONTINUED",
            float(book.continued),
            f"{book.facilitator_id} ({book.kind}) carried {book.continued} shipment(s) "
            f"or entries of barred persons after they were listed; "
            f"{book.late_notices + book.missing_notices} notice(s) late or missing",
            {"references": list(book.references)},
            "proposed",
        )
        out.append(
            Decision(
                f"FAC:{book.facilitator_id}",
                "present_responsibility_referral",
                "queued",
                float(book.continued),
                (hit,),
                "EO 13904 s.1",
                policy.version,
                inputs_digest([book.facilitator_id, book.continued]),
                decided_at,
            )
        )
    return out
