"""``/v1/fees``: fee coverage and recommendations for a fiscal year (EO 13904 s.7)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from tradeguard.api import service
from tradeguard.api.deps import ERRORS, Caller, Ctx
from tradeguard.api.models import DecisionOut, FeesOut

router = APIRouter(prefix="/v1/fees", tags=["fees"], responses=ERRORS)


@router.get("", response_model=FeesOut)
def fees(
    ctx: Ctx, principal: Caller, fiscal_year: Annotated[int, Query(ge=2015, le=2100)] = 2026
) -> FeesOut:
    """Coverage per fee stream and a recommendation per fee (role: analyst, supervisor)."""
    decisions = service.fees(ctx, principal, fiscal_year)
    return FeesOut(fiscal_year=fiscal_year, decisions=[DecisionOut.of(d) for d in decisions])
