"""``/v1/policy/changes``: maker-checker on policy: a change is proposed with a reason and
takes effect only once a supervisor other than its maker approves it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from tradeguard.api.deps import ERRORS, Caller, Ctx
from tradeguard.api.models import DecideIn, PolicyChangeIn, PolicyChangeOut, PolicyChangesOut
from tradeguard.cases import service as cases

router = APIRouter(prefix="/v1/policy/changes", tags=["policy"], responses=ERRORS)
ChangeId = Annotated[int, Path(ge=1, le=2**62)]


@router.get("", response_model=PolicyChangesOut)
def changes(
    ctx: Ctx,
    principal: Caller,
    status: Annotated[
        str | None, Query(max_length=20, description="pending, approved, rejected")
    ] = None,
) -> PolicyChangesOut:
    """Proposed, approved and rejected changes (role: analyst, supervisor)."""
    items = cases.list_changes(ctx.engine, principal, status)
    return PolicyChangesOut(items=[PolicyChangeOut.of(c) for c in items])


@router.post("", response_model=PolicyChangeOut, status_code=201)
def propose(body: PolicyChangeIn, ctx: Ctx, principal: Caller) -> PolicyChangeOut:
    """Propose a new value of a rule from a day (role: analyst, supervisor)."""
    change = cases.propose_change(
        ctx.engine,
        principal,
        ctx.base_book,
        body.rule_key,
        body.value,
        body.effective_from,
        body.reason,
    )
    return PolicyChangeOut.of(change)


@router.post("/{change_id}/approve", response_model=PolicyChangeOut)
def approve(body: DecideIn, ctx: Ctx, principal: Caller, change_id: ChangeId) -> PolicyChangeOut:
    """The second person's approval (role: supervisor, not the maker)."""
    return PolicyChangeOut.of(cases.approve_change(ctx.engine, principal, change_id, body.note))


@router.post("/{change_id}/reject", response_model=PolicyChangeOut)
def reject(body: DecideIn, ctx: Ctx, principal: Caller, change_id: ChangeId) -> PolicyChangeOut:
    return PolicyChangeOut.of(cases.reject_change(ctx.engine, principal, change_id, body.note))
