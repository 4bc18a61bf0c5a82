"""The composite of methods 5.A steps 2-4 as array arithmetic, vectorised over posts and draws.

Indicators arrive as arrays whose last axis is the indicator (rates per 10,000 items for
``cf, nx, cb``; shares for ``aed_coverage, aed_quality, responses``, NaN where not applicable)
and a trend ratio per post (NaN where there is no baseline). Everything before the last axis
(posts, posterior draws, Monte Carlo runs) broadcasts. Nothing here depends on other posts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from tradeguard.posts.params import CATEGORIES, SHARES, PostsPolicy

__all__ = [
    "ScoreConfig",
    "composite",
    "goalpost_down",
    "goalpost_log",
    "goalpost_up",
    "normalise",
    "pillars",
    "reference_threshold",
    "score_indicators",
]

Floats = NDArray[np.float64]
PILLARS: tuple[str, ...] = ("trafficking", "effectiveness", "cooperation")


@dataclass(frozen=True, slots=True)
class ScoreConfig:
    """The authored choices of the composite, as arrays (one config = one Monte Carlo run)."""

    severity: Floats  # weights of cf, nx, cb inside the trafficking pillar
    pillar_weights: Floats  # trafficking, effectiveness, cooperation
    coop_weights: Floats  # aed_coverage, aed_quality, responses
    rate_lower: float  # per 10,000 items
    rate_upper: float
    share_lower: Floats
    share_upper: Floats
    trend_lower: float  # ratio
    trend_upper: float
    epsilon: float
    geometric: bool = True

    @classmethod
    def from_policy(cls, p: PostsPolicy) -> ScoreConfig:
        return cls(
            severity=np.array([p.severity_weights[k] for k in CATEGORIES]),
            pillar_weights=np.array([p.pillar_weights[k] for k in PILLARS]),
            coop_weights=np.array([p.cooperation_weights[k] for k in SHARES]),
            rate_lower=p.rate_goalposts.lower,
            rate_upper=p.rate_goalposts.upper,
            share_lower=np.array([p.share_goalposts[k].lower for k in SHARES]),
            share_upper=np.array([p.share_goalposts[k].upper for k in SHARES]),
            trend_lower=p.trend_goalposts.lower,
            trend_upper=p.trend_goalposts.upper,
            epsilon=p.epsilon,
            geometric=p.aggregation == "geometric",
        )

    def scaled_rates(self, factor: float) -> ScoreConfig:
        """The same config with rate goalposts in other units (e.g. per item: 1e-4)."""
        return replace(
            self, rate_lower=self.rate_lower * factor, rate_upper=self.rate_upper * factor
        )


def goalpost_log(v: Floats, lower: float, upper: float) -> Floats:
    """Lower-is-better rate on a log scale: clip((ln U - ln v)/(ln U - ln L), 0, 1).

    >>> float(goalpost_log(np.array(10.0), 1.0, 100.0))
    0.5
    """
    with np.errstate(divide="ignore"):
        y = (np.log(upper) - np.log(np.maximum(v, 0.0))) / (np.log(upper) - np.log(lower))
    return np.asarray(np.clip(y, 0.0, 1.0), dtype=float)


def goalpost_up(v: Floats, lower: Floats | float, upper: Floats | float) -> Floats:
    """Higher-is-better share: clip((v - L)/(U - L), 0, 1); NaN stays NaN (not applicable)."""
    return np.asarray(np.clip((v - lower) / (np.asarray(upper) - lower), 0.0, 1.0), dtype=float)


def goalpost_down(v: Floats, lower: float, upper: float) -> Floats:
    """Lower-is-better value on a linear scale: clip((U - v)/(U - L), 0, 1)."""
    return np.asarray(np.clip((upper - v) / (upper - lower), 0.0, 1.0), dtype=float)


def normalise(rates: Floats, shares: Floats, trend_log: Floats, cfg: ScoreConfig) -> Floats:
    """Seven normalised indicators y1..y7 on [0, 1] (NaN = not applicable), last axis."""
    y_rates = goalpost_log(rates, cfg.rate_lower, cfg.rate_upper)
    y_trend = goalpost_down(trend_log, np.log(cfg.trend_lower), np.log(cfg.trend_upper))
    y_shares = goalpost_up(shares, cfg.share_lower, cfg.share_upper)
    return np.concatenate([y_rates, y_trend[..., None], y_shares], axis=-1)


def _weighted_mean(y: Floats, w: Floats) -> Floats:
    ok = ~np.isnan(y)
    wsum = np.where(ok, w, 0.0).sum(axis=-1)
    total = np.where(ok, y * w, 0.0).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(np.where(wsum > 0, total / wsum, np.nan), dtype=float)


def pillars(y: Floats, cfg: ScoreConfig) -> Floats:
    """Pillars T (trafficking), E (effectiveness), C (cooperation) on [0, 1], last axis."""
    w = cfg.severity / cfg.severity.sum()
    if cfg.geometric:
        t = np.prod(np.power(y[..., :3], w), axis=-1)
    else:
        t = (y[..., :3] * w).sum(axis=-1)
    e = y[..., 3]
    c = _weighted_mean(y[..., 4:7], cfg.coop_weights)
    return np.stack([t, e, c], axis=-1)


def composite(p: Floats, cfg: ScoreConfig) -> Floats:
    """S = 100 * prod_j max(P_j, eps)^W_j (weights renormalised over applicable pillars).

    With ``geometric=False`` the weighted arithmetic mean is used instead (a robustness choice).
    """
    w = np.broadcast_to(cfg.pillar_weights, p.shape)
    ok = ~np.isnan(p)
    wn = np.where(ok, w, 0.0)
    wn = wn / wn.sum(axis=-1, keepdims=True)
    floored = np.where(ok, np.maximum(p, cfg.epsilon), 1.0)
    if cfg.geometric:
        s = np.exp((wn * np.log(floored)).sum(axis=-1))
    else:
        s = (wn * np.where(ok, p, 0.0)).sum(axis=-1)
    return np.asarray(100.0 * np.clip(s, 0.0, 1.0), dtype=float)


def score_indicators(
    rates: Floats, shares: Floats, trend_log: Floats, cfg: ScoreConfig
) -> tuple[Floats, Floats, Floats]:
    """``(y, pillars, S)`` in one call."""
    y = normalise(rates, shares, trend_log, cfg)
    p = pillars(y, cfg)
    return y, p, composite(p, cfg)


def trend_log(rates: Floats, baseline: Floats, cfg_severity: Floats, eps: float) -> Floats:
    """I4 = ln((rho_t + eps)/(rho_bar + eps)); rho is the severity-weighted rate per 10k."""
    rho = (rates * (cfg_severity / cfg_severity.sum())).sum(axis=-1)
    return np.asarray(np.log((rho + eps) / (baseline + eps)), dtype=float)


def reference_threshold(profile: Mapping[str, float], cfg: ScoreConfig) -> float:
    """T = the score of the reference profile (methods 2.6), under the same config."""
    rates = np.array([profile[f"{k}_per_10k"] for k in CATEGORIES])
    shares = np.array([profile[k] for k in SHARES])
    tl = np.array(np.log(profile["trend_ratio"]))
    _, _, s = score_indicators(rates, shares, tl, cfg)
    return float(s)
