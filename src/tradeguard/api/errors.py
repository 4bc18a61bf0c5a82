"""Errors as JSON, mapped generically from the one exception tree (``status`` and per-field
``errors``); validation errors and unknown routes take the same shape."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from tradeguard.api.models import ErrorOut, FieldErrorOut
from tradeguard.errors import TradeGuardError

__all__ = ["install_error_handlers"]

log = logging.getLogger("tradeguard.api")


def _response(status: int, body: ErrorOut, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(TradeGuardError)
    async def tradeguard_error(_: Request, exc: TradeGuardError) -> JSONResponse:
        errors = [FieldErrorOut.of(e) for e in exc.errors[:200]]
        headers = {"WWW-Authenticate": 'ApiKey header="X-API-Key"'} if exc.status == 401 else None
        return _response(
            exc.status,
            ErrorOut(error=type(exc).__name__, message=exc.message, errors=errors),
            headers,
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            FieldErrorOut(
                field=".".join(str(p) for p in e.get("loc", ())[1:]) or "request",
                reason=str(e.get("msg", "invalid")),
                source=str(e.get("loc", ("request",))[0]),
            )
            for e in exc.errors()[:200]
        ]
        return _response(
            422, ErrorOut(error="InvalidInput", message="invalid request", errors=errors)
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:  # a body that does not parse: invalid input like any other
            reason = str(exc.detail)
            return _response(
                422,
                ErrorOut(
                    error="InvalidInput",
                    message="invalid request",
                    errors=[FieldErrorOut(field="body", reason=reason, source="body")],
                ),
            )
        return _response(
            exc.status_code,
            ErrorOut(error="HTTPError", message=str(exc.detail)),
            dict(exc.headers or {}),
        )

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return _response(500, ErrorOut(error="InternalError", message="internal error"))
