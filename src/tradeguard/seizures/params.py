"""The ``seizures`` policy namespace (and the IPR deadlines) read into one typed object.

Every number the publication, the disclosures and the priority score use comes from here;
:func:`seizures_policy` reads the values in force on a day, so a past release is rebuilt with
the policy of its own time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from tradeguard.errors import InvalidInput
from tradeguard.policy import PolicyBook

__all__ = ["SeizuresPolicy", "seizures_policy"]


@dataclass(frozen=True, slots=True)
class SeizuresPolicy:
    """Parameters of EO 13904 s.6 and EO 13785 s.4(b), s.5 as authored in ``seizures.yaml``."""

    version: str = "test"
    on: dt.date = dt.date(2026, 1, 1)
    environments: tuple[str, ...] = ("MAIL", "EXPRESS")
    violation_groups: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: {
            "IPR": ("IPR_TRADEMARK", "IPR_COPYRIGHT", "EXCLUSION_ORDER"),
            "DRUGS": ("DRUGS",),
            "OTHER_CONTRABAND": ("OTHER_CONTRABAND",),
            "ORIGIN": ("ORIGIN",),
            "UNDERVALUATION": ("UNDERVALUATION",),
        }
    )
    ipr_categories: tuple[str, ...] = ()
    lag_quarters: int = 1
    top_origins: int = 10
    top_carriers: int = 10
    naming_policy: bool = False
    min_contributors: int = 5
    zeros_sensitive: bool = False
    dominance_n: int = 2
    dominance_k_pct: float = 85.0
    p_pct: float = 10.0
    protection_pct: float = 10.0
    max_rounds: int = 500
    window_days: int = 365
    gamma_pti: float = 2.0
    gamma_other: float = 1.5
    severity: Mapping[str, float] = field(
        default_factory=lambda: {
            "DRUGS": 5.0, "IPR_SAFETY": 3.0, "IPR": 2.0, "OTHER_CONTRABAND": 2.0,
            "ORIGIN": 1.0, "UNDERVALUATION": 1.0,
        }
    )  # fmt: skip
    pti_tags: tuple[str, ...] = (
        "AGRICULTURE", "ADCVD", "IMPORT_SAFETY", "IPR", "REVENUE", "TEXTILES_APPAREL",
        "TRADE_AGREEMENTS",
    )  # fmt: skip
    abandonment_enabled: bool = True
    copyright_enabled: bool = True
    detention_notice_days: int = 5
    importer_window_days: int = 7
    seizure_disclosure_days: int = 30
    priority_weights: Mapping[str, float] = field(
        default_factory=lambda: {
            "revenue": 0.30, "repeat": 0.25, "pti": 0.15, "health_safety": 0.20,
            "facilitation": 0.10,
        }
    )  # fmt: skip
    revenue_full_usd: float = 1_000_000.0
    repeat_full_count: int = 5
    refer_score: float = 0.5
    statuses: Mapping[str, str] = field(default_factory=dict)

    def status(self, key: str) -> str:
        """``law``, ``proposed`` or ``assumption`` for a key of the ``seizures`` namespace."""
        return self.statuses.get(key, "assumption")

    def with_(self, **changes: Any) -> SeizuresPolicy:
        """A copy with some parameters changed (tests, what-if runs)."""
        return replace(self, **changes)


def _weights(raw: Mapping[str, Any]) -> dict[str, float]:
    values = {str(k): float(v) for k, v in raw.items()}
    total = sum(values.values())
    if total <= 0 or any(v < 0 for v in values.values()):
        raise InvalidInput("seizures.priority.weights must be non-negative with a positive sum")
    return {k: v / total for k, v in values.items()}


def seizures_policy(book: PolicyBook, on: dt.date) -> SeizuresPolicy:
    """The policy in force on ``on``.

    >>> from tradeguard.policy import load_policy
    >>> seizures_policy(load_policy(), dt.date(2026, 1, 5)).min_contributors
    5
    """
    v = book.namespace("seizures", on)
    raw_groups = v["publication.violation_groups"].items()
    groups = {str(k): tuple(str(c) for c in codes) for k, codes in raw_groups}
    statuses = {
        key[len("seizures.") :]: rule.status
        for key, rule in book.rules.items()
        if key.startswith("seizures.")
    }
    policy = SeizuresPolicy(
        version=book.version,
        on=on,
        environments=tuple(str(e) for e in v["publication.environments"]),
        violation_groups=groups,
        ipr_categories=tuple(str(c) for c in v["publication.ipr_categories"]),
        lag_quarters=int(v["publication.lag_quarters"]),
        top_origins=int(v["publication.top_origins"]),
        top_carriers=int(v["publication.top_carriers"]),
        naming_policy=bool(v["publication.naming_policy"]),
        min_contributors=int(v["sdc.min_contributors"]),
        zeros_sensitive=bool(v["sdc.zeros_sensitive"]),
        dominance_n=int(v["sdc.dominance_n"]),
        dominance_k_pct=float(v["sdc.dominance_k_pct"]),
        p_pct=float(v["sdc.p_pct"]),
        protection_pct=float(v["sdc.protection_pct"]),
        max_rounds=int(v["sdc.max_rounds"]),
        window_days=int(v["repeat.window_days"]),
        gamma_pti=float(v["repeat.gamma_pti"]),
        gamma_other=float(v["repeat.gamma_other"]),
        severity={str(k): float(w) for k, w in v["repeat.severity"].items()},
        pti_tags=tuple(str(t) for t in v["pti.tags"]),
        abandonment_enabled=bool(v["disclosure.abandonment_enabled"]),
        copyright_enabled=bool(v["disclosure.copyright_enabled"]),
        detention_notice_days=int(book.value("deadline.ipr.detention_notice_business_days", on)),
        importer_window_days=int(book.value("deadline.ipr.importer_window_business_days", on)),
        seizure_disclosure_days=int(
            book.value("deadline.ipr.seizure_disclosure_business_days", on)
        ),
        priority_weights=_weights(v["priority.weights"]),
        revenue_full_usd=float(v["priority.revenue_full_usd"]),
        repeat_full_count=int(v["priority.repeat_full_count"]),
        refer_score=float(v["priority.refer_score"]),
        statuses=statuses,
    )
    if policy.min_contributors < 3:
        raise InvalidInput("seizures.sdc.min_contributors must be at least 3 (the legal floor)")
    return policy
