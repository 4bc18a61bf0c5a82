"""What every command-line surface shares: turning a :class:`TradeGuardError` into a message
with its per-field reasons on stderr and the error's exit code."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from rich.console import Console

from tradeguard.errors import TradeGuardError

__all__ = ["exit_for", "handles_errors"]

F = TypeVar("F", bound=Callable[..., Any])
_stderr = Console(stderr=True)


def exit_for(exc: TradeGuardError, *, limit: int = 20) -> typer.Exit:
    """Print ``exc`` (message, then up to ``limit`` field errors) and return the Exit to raise."""
    _stderr.print(f"[bold red]error:[/] {exc.message}", highlight=False)
    for error in exc.errors[:limit]:
        _stderr.print(f"  {error}", highlight=False)
    if len(exc.errors) > limit:
        _stderr.print(f"  ... and {len(exc.errors) - limit} more", highlight=False)
    return typer.Exit(exc.exit_code)


def handles_errors(fn: F) -> F:
    """Decorate a command so that a TradeGuardError exits with its code and reasons."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except TradeGuardError as exc:
            raise exit_for(exc) from None

    return wrapper  # type: ignore[return-value]
