"""Who may do what, and which records each caller may see: pure rules, one table.

Every surface (REST API, dashboard) passes the caller's :class:`Principal` into the service
functions of :mod:`tradeguard.api.service`, which call :func:`require` and narrow their queries
with a :class:`DecisionScope`; no surface decides access on its own.

Roles (``docs/api.md``): customs analyst and supervisor see everything (with audit); a broker,
an express carrier or an e-commerce platform sees its own clients, shipments and notices; an
international post its own scores; a rights holder the disclosures for its own recordations;
the public only published data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from tradeguard.errors import FieldError, Forbidden, InvalidInput

__all__ = [
    "PERMISSIONS",
    "DecisionScope",
    "Permission",
    "Principal",
    "Role",
    "allowed",
    "parse_role",
    "require",
]


class Role(StrEnum):
    ANALYST = "analyst"
    SUPERVISOR = "supervisor"
    BROKER = "broker"
    EXPRESS_CARRIER = "express_carrier"
    PLATFORM = "platform"
    POST = "post"
    RIGHTS_HOLDER = "rights_holder"
    PUBLIC = "public"


class Permission(StrEnum):
    INGEST = "ingest"
    SCREEN = "screen"
    ELIGIBILITY = "eligibility"
    IMPORTERS = "importers"  # importer assessment and bond demands
    POST_SCORES = "post_scores"
    MAIL_GATE = "mail_gate"
    PUBLICATIONS = "publications"
    DISCLOSURES = "disclosures"
    REFERRALS = "referrals"
    FEES = "fees"
    DECISIONS = "decisions"
    CASES = "cases"  # read and work cases: comment, assign, confirm, dismiss
    OVERRIDE = "override"  # manual override of a risk level
    POLICY_PROPOSE = "policy_propose"
    POLICY_APPROVE = "policy_approve"


_CBP = frozenset(Permission) - {Permission.POLICY_APPROVE}
_FACILITATOR = frozenset({Permission.SCREEN, Permission.DECISIONS, Permission.PUBLICATIONS})

PERMISSIONS: Mapping[Role, frozenset[Permission]] = {
    Role.ANALYST: _CBP,
    Role.SUPERVISOR: frozenset(Permission),
    Role.BROKER: _FACILITATOR | {Permission.ELIGIBILITY, Permission.IMPORTERS},
    Role.EXPRESS_CARRIER: _FACILITATOR,
    Role.PLATFORM: _FACILITATOR,
    Role.POST: frozenset(
        {
            Permission.POST_SCORES,
            Permission.MAIL_GATE,
            Permission.DECISIONS,
            Permission.PUBLICATIONS,
        }
    ),
    Role.RIGHTS_HOLDER: frozenset({Permission.DISCLOSURES, Permission.PUBLICATIONS}),
    Role.PUBLIC: frozenset({Permission.PUBLICATIONS}),
}


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller: a role and the subject it speaks for.

    ``subject`` is the analyst's or supervisor's name, a broker's, carrier's or platform's
    facilitator id (``BRK-0001``, ``ECO-01``), a post code (``CNA``), a rights holder's owner
    name as recorded (``CRYSTAL APEX BRANDS INC``), or anything for the public.
    """

    role: Role
    subject: str
    key_id: str = ""

    @property
    def actor(self) -> str:
        """The name recorded in the audit log and on case timelines."""
        return f"{self.role.value}:{self.subject}"

    @property
    def is_cbp(self) -> bool:
        return self.role in (Role.ANALYST, Role.SUPERVISOR)


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        error = FieldError("role", f"must be one of {', '.join(r.value for r in Role)}", value=text)
        raise InvalidInput(f"unknown role {text!r}", errors=[error]) from None


def allowed(role: Role, permission: Permission) -> bool:
    return permission in PERMISSIONS[role]


def require(principal: Principal, permission: Permission) -> None:
    """Raise :class:`Forbidden` unless the principal's role has ``permission``."""
    if not allowed(principal.role, permission):
        raise Forbidden(f"role {principal.role.value} may not use {permission.value}")


@dataclass(frozen=True, slots=True)
class DecisionScope:
    """The decisions a principal may read: everything, or exact subjects, subject prefixes and
    (optionally) only some kinds."""

    everything: bool = False
    subjects: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    kinds: frozenset[str] | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def allows(self, subject: str, kind: str) -> bool:
        if self.kinds is not None and kind not in self.kinds:
            return False
        if self.everything:
            return True
        return subject in self.subjects or subject.startswith(self.prefixes)


def decision_scope(principal: Principal, clients: Iterable[str] = ()) -> DecisionScope:
    """The decisions ``principal`` may read; ``clients`` are a broker's importers' IOR numbers.

    >>> s = decision_scope(Principal(Role.POST, "CNA"))
    >>> s.allows("POST:CNA", "post_quarter_status"), s.allows("POST:HKA", "post_quarter_status")
    (True, False)
    """
    me = principal.subject
    if principal.is_cbp:
        return DecisionScope(everything=True)
    if principal.role in (Role.BROKER, Role.EXPRESS_CARRIER, Role.PLATFORM):
        own = (f"FAC:{me}:", f"SHIPMENT:{me}:", f"PARTY:{me}:")
        return DecisionScope(
            subjects=frozenset({f"FAC:{me}", *(f"IOR:{c}" for c in clients)}), prefixes=own
        )
    if principal.role is Role.POST:
        return DecisionScope(subjects=frozenset({f"POST:{me}"}), prefixes=(f"PARTY:{me}:",))
    if principal.role is Role.PUBLIC or principal.role is Role.RIGHTS_HOLDER:
        return DecisionScope(everything=True, kinds=frozenset({"seizure_publication"}))
    return DecisionScope()  # pragma: no cover - every role is listed above
