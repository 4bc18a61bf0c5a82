"""``/v1/publications``, ``/v1/disclosures``, ``/v1/referrals``: seizure statistics,
rights-holder disclosures and prosecution or present-responsibility referrals."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from tradeguard.api import service
from tradeguard.api.deps import ERRORS, Caller, Ctx, Limit, Offset
from tradeguard.api.models import (
    Day,
    DecisionOut,
    DecisionPage,
    DisclosureOut,
    DisclosuresOut,
)

router = APIRouter(tags=["seizures"], responses=ERRORS)


def _page(page: service.Page) -> DecisionPage:
    return DecisionPage(
        items=[DecisionOut.of(i) for i in page.items],
        total=page.total,
        limit=page.limit,
        offset=page.offset,
        next_offset=page.next_offset,
    )


@router.get("/v1/publications", response_model=DecisionPage)
def publications(
    ctx: Ctx, principal: Caller, limit: Limit = 50, offset: Offset = 0
) -> DecisionPage:
    """Published seizure statistics releases (everyone, the public included; the withheld
    cells only for CBP)."""
    return _page(service.publications(ctx, principal, limit, offset))


@router.get("/v1/disclosures", response_model=DisclosuresOut)
def disclosures(
    ctx: Ctx,
    principal: Caller,
    on: Annotated[Day | None, Query(description="Day of the disclosure (today).")] = None,
    since: Annotated[Day | None, Query(description="Cases seized from this day.")] = None,
) -> DisclosuresOut:
    """Disclosure packages (role: analyst, supervisor; a rights holder for its recordations)."""
    packages = service.disclosures(ctx, principal, on or dt.date.today(), since)
    return DisclosuresOut(
        items=[
            DisclosureOut(
                case_number=p.case_number,
                recordation_number=p.recordation_number,
                recipient=p.recipient,
                phase=p.phase.value,
                made_on=p.made_on,
                due_by=p.due_by,
                fields=dict(p.fields),
                withheld=dict(p.withheld),
                notice=p.notice,
            )
            for p in packages
        ]
    )


@router.get("/v1/referrals", response_model=DecisionPage)
def referrals(ctx: Ctx, principal: Caller, limit: Limit = 50, offset: Offset = 0) -> DecisionPage:
    """Prosecution and present-responsibility referrals (role: analyst, supervisor)."""
    return _page(service.referrals(ctx, principal, limit, offset))
