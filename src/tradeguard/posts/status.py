"""The escalation state machine of EO 13904 s.5(b)-(d), with hysteresis on removal only.

Two state variables are kept apart (methods 2.7):

* ``counter``: consecutive quarters deemed non-compliant, exactly as the order counts them
  (``counter_t = (counter_{t-1} + 1) * NC_t``); one compliant quarter resets it;
* ``tier``: the measures in force. It rises with the order's level at once, and steps down one
  level only after ``R`` consecutive quarters scoring at least ``T + delta``; leaving level 3
  also needs a verified remediation when the policy says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from tradeguard.posts.params import PostsPolicy

__all__ = [
    "LEVEL_NAMES",
    "LEVEL_PROVISIONS",
    "PostState",
    "QuarterOutcome",
    "eo_level",
    "run_sequence",
    "step",
]

LEVEL_NAMES: tuple[str, ...] = (
    "NONE",
    "PRIORITY_TARGETING",
    "ADDITIONAL_INFO_REQUIRED",
    "PREVENT_IMPORTATION_REGARDLESS",
)
LEVEL_PROVISIONS: tuple[str, ...] = (
    "EO 13904 s.5(e)",
    "EO 13904 s.5(b)",
    "EO 13904 s.5(c)",
    "EO 13904 s.5(d)",
)


@dataclass(frozen=True, slots=True)
class PostState:
    """Where a post stands after a quarter."""

    counter: int = 0
    tier: int = 0
    streak: int = 0  # consecutive quarters at or above T + delta (toward removal)

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[self.tier]


@dataclass(frozen=True, slots=True)
class QuarterOutcome:
    """What a quarter's score says about a post, as the state machine needs it."""

    scored: bool
    noncompliant: bool
    score: float | None = None
    threshold: float | None = None
    attested: bool = False  # a verified remediation was recorded this quarter
    day: dt.date | None = None


def eo_level(counter: int, policy: PostsPolicy) -> int:
    """0 below 2 quarters, 1 from 2, 2 from 6, 3 from 8 (the order's thresholds, from policy).

    >>> from tradeguard.policy import load_policy
    >>> from tradeguard.posts.params import posts_policy
    >>> eo_level(6, posts_policy(load_policy(), dt.date(2026, 1, 1)))
    2
    """
    return sum(counter >= k for k in policy.level_quarters)


def _qualifies(outcome: QuarterOutcome, policy: PostsPolicy) -> bool:
    if not outcome.scored or outcome.noncompliant:
        return False
    if outcome.score is None or outcome.threshold is None:
        return False
    return outcome.score >= outcome.threshold + policy.removal_margin


def step(state: PostState, outcome: QuarterOutcome, policy: PostsPolicy) -> PostState:
    """The state after one more quarter."""
    if outcome.scored:
        counter = state.counter + 1 if outcome.noncompliant else 0
    else:
        counter = 0 if policy.unscored_counter == "reset" else state.counter
    level = eo_level(counter, policy)
    streak = state.streak + 1 if _qualifies(outcome, policy) else 0
    tier = state.tier
    if tier > level and streak >= policy.removal_quarters:
        blocked = tier == 3 and policy.tier3_requires_attestation and not outcome.attested
        if not blocked:
            tier -= 1
            streak = 0
    return PostState(counter, max(level, tier), streak)


def run_sequence(
    outcomes: Iterable[QuarterOutcome], policy: PostsPolicy, start: PostState | None = None
) -> list[PostState]:
    """The states after each quarter of ``outcomes``, in order."""
    state = start or PostState()
    out: list[PostState] = []
    for outcome in outcomes:
        state = step(state, outcome, policy)
        out.append(state)
    return out
