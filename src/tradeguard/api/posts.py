"""``/v1/posts``: quarterly scores and measures of international posts, and the mail gate's
decision for arriving items (EO 13904 s.4-5)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path

from tradeguard.api import service
from tradeguard.api.deps import ERRORS, Caller, Ctx
from tradeguard.api.models import DecisionOut, GateIn, GateOut, PostScoreOut, PostScoresOut

router = APIRouter(prefix="/v1/posts", tags=["posts"], responses=ERRORS)


@router.get("/scores", response_model=PostScoresOut)
def scores(ctx: Ctx, principal: Caller) -> PostScoresOut:
    """Every post's quarterly scores and level (a post: its own only)."""
    return PostScoresOut(items=[PostScoreOut(**r) for r in service.post_scores(ctx, principal)])


@router.get("/{post_code}/scores", response_model=PostScoresOut)
def post_scores(
    ctx: Ctx, principal: Caller, post_code: Annotated[str, Path(max_length=10)]
) -> PostScoresOut:
    """One post's quarterly scores and level (role: analyst, supervisor, that post)."""
    rows = service.post_scores(ctx, principal, post_code)
    return PostScoresOut(items=[PostScoreOut(**r) for r in rows])


@router.post("/gate", response_model=GateOut)
def gate(body: GateIn, ctx: Ctx, principal: Caller) -> GateOut:
    """Release, targeted inspection, hold for information, or refuse: one item or a batch
    (role: analyst, supervisor, the items' post)."""
    at = body.at or dt.datetime.now(dt.UTC)
    at = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
    decisions = service.gate_items(ctx, principal, [i.row() for i in body.items], at)
    return GateOut(decisions=[DecisionOut.of(d) for d in decisions])
