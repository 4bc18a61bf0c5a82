"""The ``posts`` policy namespace read into one typed object, for one day.

Every number the metric, the escalation and the gate use comes from here; nothing in the
engine is a constant. :func:`posts_policy` reads the values in force on a day, so a past
quarter is rescored with the policy of its own time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tradeguard.errors import InvalidInput
from tradeguard.policy import PolicyBook

__all__ = ["CATEGORIES", "SHARES", "Goalposts", "PostsPolicy", "posts_policy"]

#: Trafficking categories of the random compliance sample: counterfeit, narcotics, other contraband.
CATEGORIES: tuple[str, ...] = ("cf", "nx", "cb")
#: Cooperation share indicators: I5 AED coverage, I6 AED quality, I7 answered requests.
SHARES: tuple[str, ...] = ("aed_coverage", "aed_quality", "responses")


@dataclass(frozen=True, slots=True)
class Goalposts:
    """Fixed lower and upper goalposts of one indicator (COINr ``n_goalposts``)."""

    lower: float
    upper: float


@dataclass(frozen=True, slots=True)
class PostsPolicy:
    """Every parameter of EO 13904 s.5 as authored in ``policy/data/posts.yaml``."""

    version: str
    on: dt.date
    fiscal_quarters: bool
    aed_required_classes: tuple[str, ...]
    aed_timely_reference: str
    aed_lead_hours: float
    placeholder_descriptions: tuple[str, ...]
    min_description_chars: int
    min_value_usd: float
    letter_goods_max_kg: float
    max_weight_kg: float
    request_sla_hours: float
    min_sample: int
    pool_previous: bool
    unscored_counter: str
    prior_window: int
    prior_default_mean_per_10k: Mapping[str, float]
    prior_default_strength: float
    prior_strength_min: float
    prior_strength_max: float
    share_prior_strength: float
    share_default_mean: Mapping[str, float]
    rate_goalposts: Goalposts
    share_goalposts: Mapping[str, Goalposts]
    trend_goalposts: Goalposts
    effectiveness_eps_per_10k: float
    baseline_quarters: int
    min_baseline_quarters: int
    severity_weights: Mapping[str, float]
    pillar_weights: Mapping[str, float]
    cooperation_weights: Mapping[str, float]
    epsilon: float
    aggregation: str
    nx_cap_enabled: bool
    nx_cap_per_10k: float
    nx_cap_quantile: float
    reference_profile: Mapping[str, float]
    draws: int
    seed: int
    classification_rule: str
    probability_cut: float
    borderline: tuple[float, float]
    level_quarters: tuple[int, int, int]
    promptly_hours: float
    prevent_regardless_enabled: bool
    removal_quarters: int
    removal_margin: float
    tier3_requires_attestation: bool
    gate_info_scope: str
    refuse_documents_at_level3: bool
    mc_replications: int
    weight_noise: float
    goalpost_noise: float
    robust_share: float
    sobol_base: int
    mc_seed: int
    statuses: Mapping[str, str]
    sources: Mapping[str, str]

    def status(self, key: str) -> str:
        """``law``, ``proposed`` or ``assumption`` for a key of the ``posts`` namespace."""
        return self.statuses.get(key, "assumption")


def _gp(raw: Mapping[str, Any]) -> Goalposts:
    lower, upper = float(raw["lower"]), float(raw["upper"])
    if not lower < upper:
        raise InvalidInput(f"goalposts need lower < upper, got {lower} and {upper}")
    return Goalposts(lower, upper)


def _weights(raw: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, float]:
    values = {k: float(raw[k]) for k in names}
    total = sum(values.values())
    if total <= 0 or any(v < 0 for v in values.values()):
        raise InvalidInput(f"weights {names} must be non-negative with a positive sum")
    return {k: v / total for k, v in values.items()}


def _choice(value: Any, allowed: tuple[str, ...], key: str) -> str:
    text = str(value)
    if text not in allowed:
        raise InvalidInput(f"policy posts.{key} must be one of {allowed}, got {text!r}")
    return text


def posts_policy(book: PolicyBook, on: dt.date) -> PostsPolicy:
    """Read the ``posts`` namespace in force on ``on``.

    >>> from tradeguard.policy import load_policy
    >>> posts_policy(load_policy(), dt.date(2026, 1, 1)).level_quarters
    (2, 6, 8)
    """
    v = book.namespace("posts", on)
    keys = [k for k in book.rules if k.startswith("posts.")]
    statuses = {k[6:]: book.status(k) for k in keys}
    sources = {k[6:]: book.rule(k).source for k in keys}
    trend = v["goalposts.trend_ratio"]
    strength = v["prior.strength_bounds"]
    band = v["classification.borderline"]
    return PostsPolicy(
        version=book.version,
        on=on,
        fiscal_quarters=bool(v["quarter.fiscal"]),
        aed_required_classes=tuple(str(c) for c in v["aed.required_classes"]),
        aed_timely_reference=_choice(
            v["aed.timely_reference"], ("arrival", "dispatch"), "aed.timely_reference"
        ),
        aed_lead_hours=float(v["aed.lead_hours"]),
        placeholder_descriptions=tuple(
            str(s).lower() for s in v["quality.placeholder_descriptions"]
        ),
        min_description_chars=int(v["quality.min_description_chars"]),
        min_value_usd=float(v["quality.min_value_usd"]),
        letter_goods_max_kg=float(v["quality.letter_goods_max_kg"]),
        max_weight_kg=float(v["quality.max_weight_kg"]),
        request_sla_hours=float(v["cooperation.request_sla_hours"]),
        min_sample=int(v["sample.min_items"]),
        pool_previous=bool(v["sample.pool_previous_quarter"]),
        unscored_counter=_choice(
            v["sample.unscored_quarter_counter"],
            ("reset", "hold"),
            "sample.unscored_quarter_counter",
        ),
        prior_window=int(v["prior.window_quarters"]),
        prior_default_mean_per_10k={
            k: float(v["prior.default_mean_per_10k"][k]) for k in CATEGORIES
        },
        prior_default_strength=float(v["prior.default_strength"]),
        prior_strength_min=float(strength["min"]),
        prior_strength_max=float(strength["max"]),
        share_prior_strength=float(v["shares.prior_strength"]),
        share_default_mean={k: float(v["shares.default_mean"][k]) for k in SHARES},
        rate_goalposts=_gp(v["goalposts.rates_per_10k"]),
        share_goalposts={k: _gp(v[f"goalposts.{k}"]) for k in SHARES},
        trend_goalposts=_gp(trend),
        effectiveness_eps_per_10k=float(v["effectiveness.epsilon_per_10k"]),
        baseline_quarters=int(v["effectiveness.baseline_quarters"]),
        min_baseline_quarters=int(v["effectiveness.min_baseline_quarters"]),
        severity_weights=_weights(v["weights.severity"], CATEGORIES),
        pillar_weights=_weights(
            v["weights.pillars"], ("trafficking", "effectiveness", "cooperation")
        ),
        cooperation_weights=_weights(v["weights.cooperation"], SHARES),
        epsilon=float(v["composite.epsilon"]),
        aggregation=_choice(
            v["composite.aggregation"], ("geometric", "arithmetic"), "composite.aggregation"
        ),
        nx_cap_enabled=bool(v["nx_cap.enabled"]),
        nx_cap_per_10k=float(v["nx_cap.per_10k"]),
        nx_cap_quantile=float(v["nx_cap.lower_credible"]),
        reference_profile={k: float(x) for k, x in v["threshold.reference_profile"].items()},
        draws=int(v["posterior.draws"]),
        seed=int(v["posterior.seed"]),
        classification_rule=_choice(
            v["classification.rule"], ("median", "probability"), "classification.rule"
        ),
        probability_cut=float(v["classification.probability_cut"]),
        borderline=(float(band["low"]), float(band["high"])),
        level_quarters=(
            int(v["escalation.priority_targeting_quarters"]),
            int(v["escalation.additional_info_quarters"]),
            int(v["escalation.prevent_regardless_quarters"]),
        ),
        promptly_hours=float(v["escalation.promptly_hours"]),
        prevent_regardless_enabled=bool(v["escalation.prevent_regardless_enabled"]),
        removal_quarters=int(v["removal.quarters"]),
        removal_margin=float(v["removal.margin_points"]),
        tier3_requires_attestation=bool(v["removal.tier3_requires_attestation"]),
        gate_info_scope=_choice(v["gate.info_scope"], ("flagged", "all"), "gate.info_scope"),
        refuse_documents_at_level3=bool(v["gate.refuse_documents_at_level3"]),
        mc_replications=int(v["robustness.replications"]),
        weight_noise=float(v["robustness.weight_noise"]),
        goalpost_noise=float(v["robustness.goalpost_noise"]),
        robust_share=float(v["robustness.robust_share"]),
        sobol_base=int(v["robustness.sobol_base"]),
        mc_seed=int(v["robustness.seed"]),
        statuses=statuses,
        sources=sources,
    )
