"""The ``targeting`` policy namespace read into one typed object, for one day.

Every number the selection, the model and the dispositions use comes from
``policy/data/targeting.yaml``; nothing here is a constant of the engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from tradeguard.errors import InvalidInput
from tradeguard.policy import PolicyBook

__all__ = ["TargetingPolicy", "targeting_policy"]

EXPLORATION_MODES = ("random", "uncertainty")


@dataclass(frozen=True, slots=True)
class TargetingPolicy:
    """Every parameter of entry targeting as authored in the policy book, on one day."""

    version: str
    on: dt.date
    inspection_rate: float
    evaluation_rates: tuple[float, ...]
    exploration_share: float
    exploration_mode: str
    exploration_seed: int
    cold_start_share: float
    cold_start_min_labels: int
    revenue_weight: float
    post_min_quarters: int
    post_multiplier: float
    prior_strength: float
    model_params: Mapping[str, Any]
    top_factors: int
    retrain_rounds: int
    disposition_options: Mapping[str, tuple[str, ...]]
    abandonment_max_value_usd: float
    repeat_offender_findings: int
    referral_value_usd: float
    statuses: Mapping[str, str] = field(default_factory=dict)

    def with_changes(self, **changes: Any) -> TargetingPolicy:
        """A copy with some values changed (for what-if runs and tests)."""
        return replace(self, **changes)


def _fraction(values: Mapping[str, Any], key: str) -> float:
    value = float(values[key])
    if not 0.0 <= value <= 1.0:
        raise InvalidInput(f"policy targeting.{key} must be between 0 and 1, got {value}")
    return value


def targeting_policy(book: PolicyBook, on: dt.date) -> TargetingPolicy:
    """The targeting policy in force on ``on``.

    >>> from tradeguard.policy import load_policy
    >>> targeting_policy(load_policy(), dt.date(2021, 1, 4)).inspection_rate
    0.05
    """
    v = {k[len("targeting.") :]: val for k, val in book.snapshot(on).items()
         if k.startswith("targeting.")}
    if "post_priority.min_quarters" not in v:  # before EO 13904: no post is prioritised
        v["post_priority.min_quarters"], v["post_priority.multiplier"] = 0, 1.0
    mode = str(v["exploration.mode"])
    if mode not in EXPLORATION_MODES:
        raise InvalidInput(f"policy targeting.exploration.mode must be one of {EXPLORATION_MODES}")
    options = {str(k): tuple(str(o) for o in opts) for k, opts in v["disposition.options"].items()}
    statuses = {k: book.status(f"targeting.{k}") for k in v if f"targeting.{k}" in book.rules}
    return TargetingPolicy(
        version=book.version,
        on=on,
        inspection_rate=_fraction(v, "inspection_rate"),
        evaluation_rates=tuple(float(r) for r in v["evaluation_rates"]),
        exploration_share=_fraction(v, "exploration.share"),
        exploration_mode=mode,
        exploration_seed=int(v["exploration.seed"]),
        cold_start_share=_fraction(v, "cold_start.share"),
        cold_start_min_labels=int(v["cold_start.min_labels"]),
        revenue_weight=float(v["revenue_weight"]),
        post_min_quarters=int(v["post_priority.min_quarters"]),
        post_multiplier=float(v["post_priority.multiplier"]),
        prior_strength=float(v["features.prior_strength"]),
        model_params=dict(v["model.params"]),
        top_factors=int(v["explain.top_factors"]),
        retrain_rounds=int(v["simulation.retrain_rounds"]),
        disposition_options=options,
        abandonment_max_value_usd=float(v["disposition.abandonment_max_value_usd"]),
        repeat_offender_findings=int(v["disposition.repeat_offender_findings"]),
        referral_value_usd=float(v["disposition.referral_value_usd"]),
        statuses=statuses,
    )
