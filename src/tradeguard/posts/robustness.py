"""Uncertainty and sensitivity of the quarterly call (methods 5.A step 7, JRC/COINr style).

Each Monte Carlo run draws one set of authored choices: every weight times U(1 - w, 1 + w),
every goalpost times U(1 - g, 1 + g), geometric or arithmetic aggregation, shrunk or raw rates.
The threshold is recomputed in each run as the score of the reference profile under the same
choices, so that a run asks "is this post below the reference profile?" in that run's metric.

Sobol' indices (first order, Saltelli 2010; total effect, Jansen) are computed for groups of
choices on the margin ``S - T`` of each post, with the estimators COINr and SALib use.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from tradeguard.posts.params import CATEGORIES, SHARES, PostsPolicy
from tradeguard.posts.score import ScoreConfig, reference_threshold, score_indicators

__all__ = ["FACTOR_GROUPS", "RobustnessResult", "robustness"]

Floats = NDArray[np.float64]

#: Groups of uncertain choices and how many uniform columns each takes.
FACTOR_GROUPS: dict[str, int] = {
    "severity_weights": 3,
    "pillar_weights": 3,
    "cooperation_weights": 3,
    "rate_goalposts": 2,
    "share_goalposts": 6,
    "trend_goalposts": 2,
    "aggregation": 1,
    "shrinkage": 1,
}


@dataclass(frozen=True, slots=True)
class RobustnessResult:
    """Per post: ``summary`` (median, band, P(NC), robust flag); ``sobol`` in long form."""

    summary: pd.DataFrame
    sobol: pd.DataFrame
    replications: int
    seed: int


def _slices() -> dict[str, slice]:
    out, start = {}, 0
    for name, width in FACTOR_GROUPS.items():
        out[name] = slice(start, start + width)
        start += width
    return out


def _config(u: Floats, base: ScoreConfig, p: PostsPolicy) -> tuple[ScoreConfig, bool]:
    s = _slices()
    w, g = p.weight_noise, p.goalpost_noise

    def scale(cols: Floats, noise: float) -> Floats:
        return np.asarray(1 + noise * (2 * cols - 1), dtype=float)

    rg = (
        base.rate_lower * scale(u[s["rate_goalposts"]], g)[0],
        base.rate_upper * scale(u[s["rate_goalposts"]], g)[1],
    )
    sg = scale(u[s["share_goalposts"]], g)
    tg = scale(u[s["trend_goalposts"]], g)
    cfg = replace(
        base,
        severity=base.severity * scale(u[s["severity_weights"]], w),
        pillar_weights=base.pillar_weights * scale(u[s["pillar_weights"]], w),
        coop_weights=base.coop_weights * scale(u[s["cooperation_weights"]], w),
        rate_lower=float(rg[0]),
        rate_upper=float(rg[1]),
        share_lower=base.share_lower * sg[:3],
        share_upper=base.share_upper * sg[3:],
        trend_lower=base.trend_lower * float(tg[0]),
        trend_upper=base.trend_upper * float(tg[1]),
        geometric=bool(u[s["aggregation"]][0] < 0.5),
    )
    return cfg, bool(u[s["shrinkage"]][0] < 0.5)


def _indicators(scores: pd.DataFrame, shrunk: bool) -> tuple[Floats, Floats, Floats]:
    kind = "eb" if shrunk else "raw"
    rates = np.stack([scores[f"{kind}_{k}_per_10k"].to_numpy(float) for k in CATEGORIES], -1)
    shares = np.stack([scores[f"{kind}_{k}"].to_numpy(float) for k in SHARES], -1)
    return rates, shares, np.log(scores["trend_ratio"].to_numpy(float))


def _margins(
    u: Floats, scores: pd.DataFrame, base: ScoreConfig, p: PostsPolicy
) -> tuple[Floats, float]:
    cfg, shrunk = _config(u, base, p)
    rates, shares, tl = _indicators(scores, shrunk)
    _, _, s = score_indicators(rates, shares, tl, cfg)
    return s, reference_threshold(p.reference_profile, cfg)


def _run(
    matrix: Floats, scores: pd.DataFrame, base: ScoreConfig, p: PostsPolicy
) -> tuple[Floats, Floats]:
    s = np.empty((len(matrix), len(scores)))
    t = np.empty(len(matrix))
    for i, u in enumerate(matrix):
        s[i], t[i] = _margins(u, scores, base, p)
    return s, t


def _sobol(
    scores: pd.DataFrame, base: ScoreConfig, p: PostsPolicy, rng: np.random.Generator
) -> pd.DataFrame:
    n, width = p.sobol_base, sum(FACTOR_GROUPS.values())
    a, b = rng.random((n, width)), rng.random((n, width))
    sa, ta = _run(a, scores, base, p)
    sb, tb = _run(b, scores, base, p)
    ya, yb = sa - ta[:, None], sb - tb[:, None]
    var = np.var(np.concatenate([ya, yb]), axis=0)
    rows = []
    for name, cols in _slices().items():
        ab = a.copy()
        ab[:, cols] = b[:, cols]
        sab, tab = _run(ab, scores, base, p)
        yab = sab - tab[:, None]
        with np.errstate(invalid="ignore", divide="ignore"):
            first = np.where(var > 0, np.mean(yb * (yab - ya), axis=0) / var, np.nan)
            total = np.where(var > 0, np.mean((ya - yab) ** 2, axis=0) / (2 * var), np.nan)
        for post, s1, st in zip(scores["post_code"], first, total, strict=True):
            rows.append({"post_code": post, "factor": name, "first_order": s1, "total_effect": st})
    return pd.DataFrame(rows, columns=["post_code", "factor", "first_order", "total_effect"])


def robustness(
    scores: pd.DataFrame, policy: PostsPolicy, *, sobol: bool = True
) -> RobustnessResult:
    """Monte Carlo over the authored choices for the scored posts of one quarter.

    ``scores`` is :attr:`QuarterResult.scores` (rows not scored are left out). The same seed
    (policy ``robustness.seed``) gives the same output.
    """
    scored = scores[scores["scored"].astype(bool)].reset_index(drop=True)
    rng = np.random.default_rng(policy.mc_seed)
    base = ScoreConfig.from_policy(policy)
    width = sum(FACTOR_GROUPS.values())
    s, t = _run(rng.random((policy.mc_replications, width)), scored, base, policy)
    nc = s < t[:, None]
    ref_rank = scored["score"].rank(method="average").to_numpy(float)
    ranks = (
        np.apply_along_axis(lambda r: pd.Series(r).rank(method="average").to_numpy(), 1, s)
        if len(scored)
        else s
    )
    summary = pd.DataFrame(
        {
            "post_code": scored["post_code"],
            "score": scored["score"],
            "mc_median": np.median(s, axis=0),
            "mc_p05": np.quantile(s, 0.05, axis=0),
            "mc_p95": np.quantile(s, 0.95, axis=0),
            "threshold_median": float(np.median(t)),
            "p_noncompliant": nc.mean(axis=0),
            "mean_rank_shift": np.abs(ranks - ref_rank).mean(axis=0)
            if len(scored)
            else np.zeros(0),
        }
    )
    summary["robustly_noncompliant"] = summary["p_noncompliant"] >= policy.robust_share
    sob = (
        _sobol(scored, base, policy, rng)
        if sobol and len(scored)
        else pd.DataFrame(columns=["post_code", "factor", "first_order", "total_effect"])
    )
    return RobustnessResult(summary, sob, policy.mc_replications, policy.mc_seed)
