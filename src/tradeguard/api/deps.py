"""Dependencies shared by the routes: the service context, the caller, paging."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request, Security
from fastapi.security import APIKeyHeader

from tradeguard.api.models import ErrorOut
from tradeguard.api.service import ServiceContext
from tradeguard.cases.access import Principal, Role

__all__ = ["COOKIE", "ERRORS", "Caller", "Ctx", "Limit", "Offset", "caller", "context"]

COOKIE = "tg_key"
ANONYMOUS = Principal(Role.PUBLIC, "anonymous")
_header = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="An API key (tg_<id>_<secret>); without one a caller is the public.",
)

ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": ErrorOut, "description": text}
    for code, text in (
        (401, "missing, malformed or revoked API key"),
        (403, "the caller's role may not do this"),
        (404, "not found, or not the caller's"),
        (409, "conflict with the record's state"),
        (413, "request body too large"),
        (422, "invalid request, with a reason per field"),
    )
}


def context(request: Request) -> ServiceContext:
    ctx: ServiceContext = request.app.state.ctx
    return ctx


def caller(request: Request, key: Annotated[str | None, Security(_header)] = None) -> Principal:
    """The principal of the request's API key (header, bearer token or dashboard cookie)."""
    token = key
    auth = request.headers.get("authorization", "")
    if not token and auth.lower().startswith("bearer "):
        token = auth[7:].strip()
    if not token:
        token = request.cookies.get(COOKIE)
    if not token:
        return ANONYMOUS
    return context(request).keys.authenticate(token)


Ctx = Annotated[ServiceContext, Depends(context)]
Caller = Annotated[Principal, Depends(caller)]
Limit = Annotated[
    int, Query(ge=1, le=10_000, description="Page size (at most the configured maximum).")
]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000, description="Items to skip.")]
