"""``/v1/decisions``: stored decisions with their evidence, narrowed to what the caller may
see; manual overrides of a risk level."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from tradeguard.api import service
from tradeguard.api.deps import ERRORS, Caller, Ctx, Limit, Offset
from tradeguard.api.models import DecisionOut, DecisionPage, OverrideIn, OverrideOut
from tradeguard.cases import service as cases

router = APIRouter(tags=["decisions"], responses=ERRORS)


@router.get("/v1/decisions", response_model=DecisionPage)
def list_decisions(
    ctx: Ctx,
    principal: Caller,
    kind: Annotated[str | None, Query(max_length=60)] = None,
    subject: Annotated[str | None, Query(max_length=200)] = None,
    outcome: Annotated[str | None, Query(max_length=60)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> DecisionPage:
    """Newest first (role: analyst, supervisor; a broker, carrier, platform or post: its own)."""
    page = service.list_decisions(
        ctx, principal, kind=kind, subject=subject, outcome=outcome, limit=limit, offset=offset
    )
    overrides = service.overrides_for(ctx, service.subjects_of(page.items))
    return DecisionPage(
        items=[DecisionOut.of(i, overrides) for i in page.items],
        total=page.total,
        limit=page.limit,
        offset=page.offset,
        next_offset=page.next_offset,
    )


@router.get("/v1/decisions/{decision_id}", response_model=DecisionOut)
def get_decision(
    ctx: Ctx, principal: Caller, decision_id: Annotated[int, Path(ge=1, le=2**62)]
) -> DecisionOut:
    """One decision with every rule hit, its evidence and reason."""
    item = service.get_decision(ctx, principal, decision_id)
    return DecisionOut.of(item, service.overrides_for(ctx, [item.decision.subject]))


@router.post("/v1/overrides", response_model=OverrideOut, status_code=201)
def override(body: OverrideIn, ctx: Ctx, principal: Caller) -> OverrideOut:
    """Set a subject's level by hand for one decision kind, with the reason (role: analyst,
    supervisor); the decision stays, the override is shown beside it."""
    done = cases.override_risk(
        ctx.engine, principal, body.subject, body.kind, body.level, body.reason
    )
    return OverrideOut.of(done)
