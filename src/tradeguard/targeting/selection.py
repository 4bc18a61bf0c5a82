"""Choosing what to inspect in a period under a budget (pure).

The budget (``rate`` x declarations) is split three ways:

1. **cold start** - a share kept for declarations of importers never seen before (EO 13785
   s.2(b) counts "no record of previous imports" as a risk marker), best priority first;
2. **exploration** - a share chosen at random (an unbiased sample, so the model keeps learning
   what it does not yet rank high) or by uncertainty (probability nearest one half);
3. **exploitation** - the rest, by priority ``p x (1 + revenue at stake) ^ w``.

Items from an international post that has been non-compliant for the policy's number of
consecutive quarters have their priority multiplied (EO 13904 s.5(b)). With no model yet (too
few labels), the whole budget is a random sample.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Set

import numpy as np
import pandas as pd

from tradeguard.targeting.metrics import top_k
from tradeguard.targeting.params import TargetingPolicy

__all__ = ["REASONS", "priority", "select_inspections"]

REASONS = ("exploit", "cold_start", "explore", "random_no_model")


def priority(p: np.ndarray, at_stake: np.ndarray, weight: float) -> np.ndarray:
    """Expected-value priority ``p x (1 + at_stake) ^ weight`` (``weight`` 0: probability only).

    >>> priority(np.array([0.5]), np.array([99.0]), 0.5).round(3).tolist()
    [5.0]
    """
    stake = np.clip(np.nan_to_num(np.asarray(at_stake, dtype=np.float64)), 0.0, None)
    out: np.ndarray = np.asarray(p, dtype=np.float64) * np.power(1.0 + stake, weight)
    return out


def _rng(policy: TargetingPolicy, key: str) -> np.random.Generator:
    return np.random.default_rng([policy.exploration_seed, zlib.crc32(key.encode())])


def _take(pool: np.ndarray, score: np.ndarray, n: int, seed: int) -> np.ndarray:
    if n <= 0 or len(pool) == 0:
        return pool[:0]
    picked: np.ndarray = pool[top_k(score[pool], min(n, len(pool)), seed)]
    return picked


def budget_size(rows: int, rate: float) -> int:
    """Inspections a period of ``rows`` declarations gets at ``rate`` (at least one if any)."""
    return min(rows, max(1, round(rows * rate))) if rows and rate > 0 else 0


def select_inspections(scored: pd.DataFrame, policy: TargetingPolicy, *, key: str | dt.date,
                       rate: float | None = None, exploration_share: float | None = None,
                       priority_posts: Set[str] = frozenset()) -> pd.DataFrame:
    """``scored`` (columns ``p``, ``at_stake``, optional ``importer:seen`` and ``post``) with
    ``priority``, ``selected`` and ``reason`` added. ``key`` (e.g. the period's first day) seeds
    the random part, so the same inputs always give the same choice.
    """
    rate = policy.inspection_rate if rate is None else rate
    share = policy.exploration_share if exploration_share is None else exploration_share
    rng = _rng(policy, str(key))
    out = scored.copy()
    n = len(out)
    total = budget_size(n, rate)
    p = out["p"].to_numpy(dtype=np.float64, na_value=np.nan)
    pri = priority(p, out["at_stake"].to_numpy(dtype=np.float64), policy.revenue_weight)
    boosted = (out["post"].isin(list(priority_posts)).to_numpy() if "post" in out and
               priority_posts else np.zeros(n, dtype=bool))
    pri = np.where(boosted, pri * policy.post_multiplier, pri)
    reason = np.full(n, "", dtype=object)
    if n and np.isnan(p).all():
        reason[rng.choice(n, total, replace=False)] = "random_no_model"
        return out.assign(priority=pri, post_priority=boosted, selected=reason != "",
                          reason=reason)
    tie = int(rng.integers(2**31))
    n_explore = round(total * share)
    n_cold = round(total * policy.cold_start_share)
    chosen = _take(np.arange(n), pri, total - n_explore - n_cold, tie)
    reason[chosen] = "exploit"
    unseen = (out["importer:seen"].to_numpy() == 0) if "importer:seen" in out else np.zeros(n, bool)
    chosen = _take(np.flatnonzero(unseen & (reason == "")), pri, n_cold, tie)
    reason[chosen] = "cold_start"
    free = np.flatnonzero(reason == "")
    n_explore = total - int((reason != "").sum())
    explore_score = (np.nan_to_num(p * (1 - p)) if policy.exploration_mode == "uncertainty"
                     else rng.random(n))
    reason[_take(free, explore_score, n_explore, tie)] = "explore"
    return out.assign(priority=pri, post_priority=boosted, selected=reason != "", reason=reason)
