"""The one exception tree of TradeGuard.

Every error a user can meet is one of these; the CLI maps ``exit_code`` and the API maps
``status`` generically, so no surface needs to know the concrete class::

    TradeGuardError            (500, exit 1)
    ├── InvalidInput           (422, exit 2)  bad file, row, field or request
    ├── NotFound               (404, exit 3)
    ├── Conflict               (409, exit 4)  already exists / stale state
    ├── Forbidden              (403, exit 5)
    └── Unavailable            (503, exit 6)  a service or optional extra is missing
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Conflict",
    "FieldError",
    "Forbidden",
    "InvalidInput",
    "NotFound",
    "TradeGuardError",
    "Unavailable",
]


@dataclass(frozen=True, slots=True)
class FieldError:
    """One reason a value was rejected: where (file, line, field) and why."""

    field: str
    reason: str
    line: int | None = None
    source: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.source, self.line) if p is not None)
        prefix = f"{where}: " if where else ""
        return f"{prefix}{self.field}: {self.reason}"


class TradeGuardError(Exception):
    """Root of every error TradeGuard raises on purpose."""

    status: int = 500
    exit_code: int = 1

    def __init__(self, message: str, *, errors: list[FieldError] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors: list[FieldError] = list(errors or [])


class InvalidInput(TradeGuardError):
    """A file, row, field or request that breaks a documented rule."""

    status = 422
    exit_code = 2


class NotFound(TradeGuardError):
    status = 404
    exit_code = 3


class Conflict(TradeGuardError):
    status = 409
    exit_code = 4


class Forbidden(TradeGuardError):
    status = 403
    exit_code = 5


class Unavailable(TradeGuardError):
    """A server or an optional extra that this call needs is not there."""

    status = 503
    exit_code = 6
