"""``/v1/parties``: screen parties against the exclusion list; IOR eligibility of an
applicant (EO 13904 s.2-3)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter

from tradeguard.api import service
from tradeguard.api.deps import ERRORS, Caller, Ctx
from tradeguard.api.models import (
    DecisionOut,
    EligibilityIn,
    HitOut,
    MatchOut,
    ScreenedOut,
    ScreenIn,
    ScreenOut,
)

router = APIRouter(prefix="/v1/parties", tags=["parties"], responses=ERRORS)


@router.post("/screen", response_model=ScreenOut)
def screen(body: ScreenIn, ctx: Ctx, principal: Caller) -> ScreenOut:
    """Screen up to the batch limit of parties; every match explains itself feature by
    feature (role: analyst, supervisor, broker, express carrier, platform)."""
    results = service.screen_parties(
        ctx,
        principal,
        [p.row() for p in body.parties],
        body.on or dt.date.today(),
        threshold=body.threshold,
    )
    return ScreenOut(
        results=[
            ScreenedOut(
                party_id=r.party_id,
                outcome=r.outcome,
                probability=r.probability,
                matches=[
                    MatchOut(
                        sam_number=m["sam_number"],
                        matched_name=m["matched_name"],
                        probability=m["probability"],
                        explanations=[HitOut(**h) for h in m["explanations"]],
                    )
                    for m in r.matches
                ],
                previously_dismissed=r.previously_dismissed,
            )
            for r in results
        ]
    )


@router.post("/eligibility", response_model=DecisionOut)
def eligibility(body: EligibilityIn, ctx: Ctx, principal: Caller) -> DecisionOut:
    """IOR eligibility of one applicant, proposed s.2(b) criteria (role: analyst, supervisor,
    broker)."""
    decision = service.eligibility(ctx, principal, body.applicant.row(), body.on or dt.date.today())
    return DecisionOut.of(decision)
