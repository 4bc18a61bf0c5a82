"""TradeGuard: trade enforcement and revenue protection under EO 13785 and EO 13904."""

from __future__ import annotations

from tradeguard.domain.decisions import Decision, RuleHit
from tradeguard.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    TradeGuardError,
    Unavailable,
)
from tradeguard.policy import PolicyBook, load_policy

__version__ = "0.1.0"

__all__ = [
    "Conflict",
    "Decision",
    "Forbidden",
    "InvalidInput",
    "NotFound",
    "PolicyBook",
    "RuleHit",
    "TradeGuardError",
    "Unavailable",
    "__version__",
    "load_policy",
]
