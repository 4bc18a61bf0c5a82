"""The one shape every engine returns: a :class:`Decision` with its :class:`RuleHit` evidence.

Storage, audit, API and UI need to know only this shape. ``reason`` is a sentence an analyst
can read aloud; a rule that could not run says why in a hit with ``code`` ending ``-NA``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

__all__ = ["Decision", "RuleHit", "canonical_json", "inputs_digest"]


@dataclass(frozen=True, slots=True)
class RuleHit:
    """One piece of evidence: a rule code, its weight in the outcome, and a readable reason.

    >>> RuleHit("ADCVD-LATE", 0.4, "Bill 2025-0117 paid 47 days after its date").code
    'ADCVD-LATE'
    """

    code: str
    weight: float
    reason: str
    evidence: Mapping[str, Any] = field(default_factory=dict)
    status: str = "law"  # law | proposed | assumption: the footing of the rule that fired

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "weight": self.weight,
            "reason": self.reason,
            "evidence": _jsonable(dict(self.evidence)),
            "status": self.status,
        }


@dataclass(frozen=True, slots=True)
class Decision:
    """A decision about a person, post, cell or item, reproducible from its inputs and policy.

    >>> d = Decision("IOR:12-3456789AB", "covered_importer", "covered", 1.0,
    ...              (RuleHit("NO-HISTORY", 1.0, "No entries before 2026-03-02"),),
    ...              "EO 13785 s.2(b)(i)", "2026.11.1", "abc", dt.datetime(2026, 3, 2))
    >>> d.outcome
    'covered'
    """

    subject: str
    kind: str
    outcome: str
    score: float | None
    hits: Sequence[RuleHit]
    provision: str
    policy_version: str
    inputs_digest: str
    decided_at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "kind": self.kind,
            "outcome": self.outcome,
            "score": self.score,
            "hits": [h.to_dict() for h in self.hits],
            "provision": self.provision,
            "policy_version": self.policy_version,
            "inputs_digest": self.inputs_digest,
            "decided_at": self.decided_at.isoformat(),
        }

    def explain(self) -> str:
        """The decision as sentences, strongest evidence first."""
        lines = [f"{self.subject}: {self.outcome} ({self.provision}, policy {self.policy_version})"]
        for hit in sorted(self.hits, key=lambda h: -abs(h.weight)):
            lines.append(f"  - [{hit.code}] {hit.reason}")
        return "\n".join(lines)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _jsonable(dataclasses.asdict(value))
    return value


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: the same inputs always give the same text."""
    return json.dumps(_jsonable(value), sort_keys=True, separators=(",", ":"), default=str)


def inputs_digest(value: Any) -> str:
    """SHA-256 of :func:`canonical_json`, recorded on every decision."""
    return hashlib.sha256(canonical_json(value).encode()).hexdigest()
