"""The prosecutors' queue: one referral package per case, ordered by significance.

A package carries the case facts, the scored evidence and the offender's other cases (by the
linked entity), so that a prosecutor sees why the case ranks where it does. The entity key
itself stays internal: the package names the cases, not the linkage.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from tradeguard.domain.decisions import Decision, RuleHit, canonical_json

__all__ = ["ReferralPackage", "build_queue", "queue_frame", "queue_json"]

_FACTS = ("seized_on", "environment", "violation", "origin_country", "category", "msrp_usd",
          "domestic_value_usd", "pti_tags", "disposition", "ior_number", "shipper_name",
          "port")  # fmt: skip


@dataclass(frozen=True, slots=True)
class ReferralPackage:
    """One case as referred: rank, score, outcome, facts, evidence and related cases."""

    rank: int
    case_number: str
    score: float
    outcome: str
    facts: dict[str, Any]
    evidence: tuple[RuleHit, ...]
    related_cases: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "case_number": self.case_number,
            "score": self.score,
            "outcome": self.outcome,
            "facts": self.facts,
            "evidence": [h.to_dict() for h in self.evidence],
            "related_cases": list(self.related_cases),
        }


def _facts(row: pd.Series) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in _FACTS:
        value = row.get(key)
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            continue
        out[key] = value.date().isoformat() if isinstance(value, pd.Timestamp) else value
    return out


def build_queue(
    events: pd.DataFrame, decisions: Sequence[Decision], *, limit: int | None = None
) -> list[ReferralPackage]:
    """Packages for ``decisions`` (``prosecution_priority``), highest score first, ties by case
    number; ``events`` are the prepared events the decisions were made from."""
    by_case = events.set_index("case_number", drop=False)
    cases_of = events.groupby("entity")["case_number"].apply(lambda s: tuple(sorted(s)))
    ranked = sorted(decisions, key=lambda d: (-(d.score or 0.0), d.subject))
    if limit is not None:
        ranked = ranked[:limit]
    out = []
    for rank, decision in enumerate(ranked, start=1):
        case = decision.subject.removeprefix("CASE:")
        row = by_case.loc[case]
        if isinstance(row, pd.DataFrame):  # a case number twice: take its first row
            row = row.iloc[0]
        related = tuple(c for c in cases_of[row["entity"]] if c != case)
        out.append(
            ReferralPackage(
                rank,
                case,
                decision.score or 0.0,
                decision.outcome,
                _facts(row),
                tuple(decision.hits),
                related,
            )
        )
    return out


def queue_frame(packages: Sequence[ReferralPackage]) -> pd.DataFrame:
    """The queue as a table: one line per case with its top reason."""
    return pd.DataFrame(
        [
            {
                "rank": p.rank,
                "case_number": p.case_number,
                "score": p.score,
                "outcome": p.outcome,
                "top_reason": p.evidence[0].reason if p.evidence else "",
                "related_cases": len(p.related_cases),
            }
            for p in packages
        ],
        columns=["rank", "case_number", "score", "outcome", "top_reason", "related_cases"],
    )


def queue_json(packages: Sequence[ReferralPackage]) -> str:
    """Every package as canonical JSON (sorted keys), one list."""
    return json.dumps(json.loads(canonical_json([p.to_dict() for p in packages])), indent=1)
