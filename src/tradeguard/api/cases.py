"""``/v1/cases``: case work: the inbox, a case with its timeline and evidence, comments,
assignment, confirming or dismissing an alert; turning new decisions into cases."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from tradeguard.api.deps import ERRORS, Caller, Ctx, Limit, Offset
from tradeguard.api.models import (
    AssignIn,
    CaseDetailOut,
    CaseOut,
    CasePage,
    CommentIn,
    DecisionOut,
    EventOut,
    OverrideOut,
    ReasonIn,
    SyncOut,
)
from tradeguard.cases import service as cases

router = APIRouter(prefix="/v1/cases", tags=["cases"], responses=ERRORS)
CaseId = Annotated[int, Path(ge=1, le=2**62)]


@router.get("", response_model=CasePage)
def inbox(
    ctx: Ctx,
    principal: Caller,
    status: Annotated[
        str | None,
        Query(
            max_length=20, description="open, in_review, confirmed, dismissed, closed, or active"
        ),
    ] = "active",
    assignee: Annotated[str | None, Query(max_length=200)] = None,
    kind: Annotated[str | None, Query(max_length=60)] = None,
    subject: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> CasePage:
    """Cases, most urgent first (role: analyst, supervisor)."""
    limit = min(limit, ctx.config.api_max_page_size)
    items, total = cases.list_cases(
        ctx.engine,
        principal,
        status=status or None,
        assignee=assignee,
        kind=kind,
        subject=subject,
        limit=limit,
        offset=offset,
    )
    nxt = offset + len(items)
    return CasePage(
        items=[CaseOut.of(c) for c in items],
        total=total,
        limit=limit,
        offset=offset,
        next_offset=nxt if nxt < total else None,
    )


@router.post("/sync", response_model=SyncOut)
def sync(ctx: Ctx, principal: Caller) -> SyncOut:
    """Open or raise cases from every decision not seen before (role: analyst, supervisor)."""
    r = cases.sync_alerts(ctx.engine, ctx.book(), principal)
    return SyncOut(
        seen=r.seen, opened=r.opened, raised=r.raised, attached=r.attached, suppressed=r.suppressed
    )


@router.get("/{case_id}", response_model=CaseDetailOut)
def case(ctx: Ctx, principal: Caller, case_id: CaseId) -> CaseDetailOut:
    """A case with its timeline, the decisions behind it and overrides of its subject."""
    view = cases.get_case(ctx.engine, principal, case_id)
    return CaseDetailOut(
        case=CaseOut.of(view.case),
        timeline=[EventOut.of(e) for e in view.events],
        evidence=[DecisionOut.of(d) for d in view.evidence],
        overrides=[OverrideOut.of(o) for o in view.overrides],
    )


@router.post("/{case_id}/comments", response_model=EventOut, status_code=201)
def comment(body: CommentIn, ctx: Ctx, principal: Caller, case_id: CaseId) -> EventOut:
    return EventOut.of(cases.comment(ctx.engine, principal, case_id, body.text))


@router.post("/{case_id}/assign", response_model=CaseOut)
def assign(body: AssignIn, ctx: Ctx, principal: Caller, case_id: CaseId) -> CaseOut:
    """Assign the case (an empty assignee takes it)."""
    return CaseOut.of(cases.assign(ctx.engine, principal, case_id, body.assignee))


@router.post("/{case_id}/confirm", response_model=CaseOut)
def confirm(body: ReasonIn, ctx: Ctx, principal: Caller, case_id: CaseId) -> CaseOut:
    """Confirm the alert, with the reason."""
    return CaseOut.of(cases.confirm(ctx.engine, principal, case_id, body.reason))


@router.post("/{case_id}/dismiss", response_model=CaseOut)
def dismiss(body: ReasonIn, ctx: Ctx, principal: Caller, case_id: CaseId) -> CaseOut:
    """Dismiss the alert as false, with the reason; the match is remembered for the subject."""
    return CaseOut.of(cases.dismiss(ctx.engine, principal, case_id, body.reason))
