"""``/v1/importers``: an importer's assessment (covered, exposure, risk, security, bond,
eligibility) and the list of bond and security demands (EO 13785 s.2-3)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from tradeguard.api import service
from tradeguard.api.deps import ERRORS, Caller, Ctx, Limit, Offset
from tradeguard.api.models import DecisionOut, DecisionPage, ImporterOut

router = APIRouter(prefix="/v1/importers", tags=["importers"], responses=ERRORS)


@router.get("/bond-demands", response_model=DecisionPage)
def bond_demands(
    ctx: Ctx, principal: Caller, limit: Limit = 50, offset: Offset = 0
) -> DecisionPage:
    """Supplemental security, live entry, insufficient bonds and letters (role: analyst,
    supervisor; a broker sees its clients' only)."""
    page = service.bond_demands(ctx, principal, limit, offset)
    overrides = service.overrides_for(ctx, service.subjects_of(page.items))
    return DecisionPage(
        items=[DecisionOut.of(i, overrides) for i in page.items],
        total=page.total,
        limit=page.limit,
        offset=page.offset,
        next_offset=page.next_offset,
    )


@router.get("/{ior_number}", response_model=ImporterOut)
def assessment(
    ctx: Ctx, principal: Caller, ior_number: Annotated[str, Path(max_length=16)]
) -> ImporterOut:
    """The latest decision of each kind about the importer, with overrides (role: analyst,
    supervisor; a broker for its clients)."""
    items, overrides = service.importer_assessment(ctx, principal, ior_number)
    return ImporterOut(
        ior_number=ior_number, decisions=[DecisionOut.of(i, overrides) for i in items]
    )
