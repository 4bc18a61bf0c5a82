"""Scoring one quarter of posts (methods 5.A steps 1-5) from their aggregated inputs.

The inputs frame has one row per post (see :data:`tradeguard.posts.aggregate.INPUT_COLUMNS`).
Priors are fitted on the four quarters of the previous year and then frozen
(:func:`fit_priors`), so a post's score depends only on its own data, the priors and the
policy. Posterior draws use common uniforms pushed through each post's Beta quantile function:
the score is then monotone in every count draw by draw, and a post's result does not change
when another post is added or removed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import special

from tradeguard.domain.calendar import Quarter
from tradeguard.posts.params import CATEGORIES, SHARES, PostsPolicy
from tradeguard.posts.score import ScoreConfig, reference_threshold, score_indicators, trend_log
from tradeguard.posts.stats import (
    BetaPrior,
    GammaPrior,
    fit_beta_prior,
    fit_gamma_prior,
    wilson_interval,
)

__all__ = ["Priors", "fit_priors", "prior_window", "quarter_threshold", "score_quarter"]

Floats = NDArray[np.float64]
PER_10K = 10_000.0


@dataclass(frozen=True, slots=True)
class Priors:
    """Frozen hyperparameters for a year: beta priors per category, share means, seizure prior."""

    rates: Mapping[str, BetaPrior]
    share_means: Mapping[str, float]
    seizures: GammaPrior
    fitted_on: tuple[str, ...] = field(default_factory=tuple)


def prior_window(quarter: Quarter, quarters: int) -> list[Quarter]:
    """The ``quarters`` quarters before the first quarter of ``quarter``'s year."""
    first = Quarter(quarter.year, 1, quarter.fiscal)
    out: list[Quarter] = []
    q = first
    for _ in range(quarters):
        q = q.previous()
        out.append(q)
    return sorted(out)


def _share_num_den(frame: pd.DataFrame) -> dict[str, tuple[pd.Series, pd.Series]]:
    return {
        "aed_coverage": (frame["aed_timely"], frame["n_aed_required"]),
        "aed_quality": (frame["aed_valid"], frame["aed_present"]),
        "responses": (frame["r_ok"], frame["r_req"]),
    }


def fit_priors(inputs: pd.DataFrame, quarter: Quarter, policy: PostsPolicy) -> Priors:
    """Fit the priors used for every quarter of ``quarter``'s year from the year before.

    ``inputs`` may hold any quarters; only the prior window is read. With no rows there, the
    policy defaults are used and ``fitted_on`` is empty (said in every explanation).
    """
    window = [str(q) for q in prior_window(quarter, policy.prior_window)]
    rows = inputs[inputs["quarter"].isin(window)]
    by_post = rows.groupby("post_code", sort=True).sum(numeric_only=True)
    rates = {
        k: fit_beta_prior(
            by_post[f"x_{k}"].to_numpy(float) if len(by_post) else np.zeros(0),
            by_post["n_sampled"].to_numpy(float) if len(by_post) else np.zeros(0),
            default_mean=policy.prior_default_mean_per_10k[k] / PER_10K,
            default_strength=policy.prior_default_strength,
            strength_bounds=(policy.prior_strength_min, policy.prior_strength_max),
        )
        for k in CATEGORIES
    }
    means: dict[str, float] = {}
    for k, (num, den) in _share_num_den(by_post).items() if len(by_post) else []:
        total = float(den.sum())
        means[k] = float(num.sum()) / total if total > 0 else policy.share_default_mean[k]
    for k in SHARES:
        means.setdefault(k, policy.share_default_mean[k])
    seized = by_post[[f"s_{k}" for k in CATEGORIES]].sum(axis=1) if len(by_post) else pd.Series()
    exposure = by_post["n_items"] if len(by_post) else pd.Series()
    default_rate = sum(policy.prior_default_mean_per_10k.values()) / PER_10K
    seizures = fit_gamma_prior(
        seized.to_numpy(float), exposure.to_numpy(float), default_rate=default_rate
    )
    fitted_on = tuple(sorted(set(rows["quarter"]))) if len(rows) else ()
    return Priors(rates, means, seizures, fitted_on)


def quarter_threshold(policy: PostsPolicy) -> float:
    """The threshold of a quarter: the score of the policy's reference profile (methods 2.6)."""
    return reference_threshold(policy.reference_profile, ScoreConfig.from_policy(policy))


def _uniforms(policy: PostsPolicy) -> Floats:
    rng = np.random.default_rng(policy.seed)
    u = rng.random((policy.draws, len(CATEGORIES) + len(SHARES)))
    return np.clip(u, 1e-12, 1 - 1e-12)


def _share_posteriors(
    frame: pd.DataFrame, priors: Priors, policy: PostsPolicy, u: Floats
) -> tuple[Floats, Floats, Floats]:
    """Shrunk shares (point, draws) and raw shares; NaN where not applicable.

    AED quality of a post that owed AED (goods items arrived) but sent none scores 0: missing
    data the post was obliged to supply is not imputed (methods 5.A, minimum data).
    """
    m = policy.share_prior_strength
    owed = frame["n_aed_required"].to_numpy(float) > 0
    points, draws, raws = [], [], []
    for j, (k, (num, den)) in enumerate(_share_num_den(frame).items()):
        x, n = num.to_numpy(float), den.to_numpy(float)
        mu = priors.share_means[k]
        a, b = m * mu + x, m * (1 - mu) + n - x
        zero = owed & (n <= 0) if k == "aed_quality" else np.zeros(len(n), bool)
        na = (n <= 0) & ~zero
        with np.errstate(invalid="ignore", divide="ignore"):
            raws.append(np.where(n > 0, x / np.where(n > 0, n, 1), np.where(zero, 0.0, np.nan)))
        point = np.where(zero, 0.0, a / (a + b))
        d = np.where(zero, 0.0, special.betaincinv(a, b, u[:, 3 + j][:, None]))
        points.append(np.where(na, np.nan, point))
        draws.append(np.where(na, np.nan, d))
    return np.stack(points, -1), np.stack(draws, -1), np.stack(raws, -1)


def _rate_posteriors(frame: pd.DataFrame, priors: Priors, u: Floats) -> tuple[Floats, Floats]:
    n = frame["n_sampled"].to_numpy(float)
    points, draws = [], []
    for j, k in enumerate(CATEGORIES):
        pr, x = priors.rates[k], frame[f"x_{k}"].to_numpy(float)
        points.append(pr.posterior_mean(x, n) * PER_10K)
        draws.append(special.betaincinv(pr.alpha + x, pr.beta + n - x, u[:, j][:, None]) * PER_10K)
    return np.stack(points, -1), np.stack(draws, -1)


def _nx_lower(frame: pd.DataFrame, priors: Priors, q: float) -> Floats:
    pr, x, n = priors.rates["nx"], frame["x_nx"].to_numpy(float), frame["n_sampled"].to_numpy(float)
    return np.asarray(special.betaincinv(pr.alpha + x, pr.beta + n - x, q) * PER_10K, dtype=float)


def score_quarter(
    inputs: pd.DataFrame,
    priors: Priors,
    baselines: Mapping[str, float],
    policy: PostsPolicy,
) -> pd.DataFrame:
    """Score every post of one quarter; rows below the minimum sample are not scored.

    ``baselines`` maps a post to the mean severity-weighted rate of its previous scored
    quarters (per 10k); a post without one gets the reference trend (flat), flagged.
    """
    cfg = ScoreConfig.from_policy(policy)
    threshold = quarter_threshold(policy)
    frame = inputs.reset_index(drop=True).copy()
    u = _uniforms(policy)
    rate_pt, rate_dr = _rate_posteriors(frame, priors, u)
    share_pt, share_dr, share_raw = _share_posteriors(frame, priors, policy, u)
    base = frame["post_code"].map(lambda p: baselines.get(p, np.nan)).to_numpy(float)
    has_base = ~np.isnan(base)
    eps = policy.effectiveness_eps_per_10k
    ref_tl = float(np.log(policy.reference_profile["trend_ratio"]))
    tl_pt = np.where(
        has_base, trend_log(rate_pt, np.where(has_base, base, 0), cfg.severity, eps), ref_tl
    )
    tl_dr = np.where(
        has_base, trend_log(rate_dr, np.where(has_base, base, 0), cfg.severity, eps), ref_tl
    )
    y, pil, s_point = score_indicators(rate_pt, share_pt, tl_pt, cfg)
    _, _, s_draws = score_indicators(rate_dr, share_dr, tl_dr, cfg)
    out = frame.copy()
    n = frame["n_sampled"].to_numpy(float)
    for j, k in enumerate(CATEGORIES):
        x = frame[f"x_{k}"].to_numpy(float)
        lo, hi = wilson_interval(x, n)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[f"raw_{k}_per_10k"] = np.where(n > 0, x / np.where(n > 0, n, 1) * PER_10K, np.nan)
        out[f"wilson_lo_{k}_per_10k"], out[f"wilson_hi_{k}_per_10k"] = lo * PER_10K, hi * PER_10K
        out[f"eb_{k}_per_10k"] = rate_pt[:, j]
        out[f"shrinkage_{k}"] = priors.rates[k].shrinkage(n)
    for j, k in enumerate(SHARES):
        out[f"raw_{k}"], out[f"eb_{k}"] = share_raw[:, j], share_pt[:, j]
    rho = (rate_pt * (cfg.severity / cfg.severity.sum())).sum(-1)
    out["rho_per_10k"], out["baseline_rho_per_10k"] = rho, base
    out["trend_ratio"] = np.exp(tl_pt)
    out["trend_applicable"] = has_base
    seized = frame[[f"s_{k}" for k in CATEGORIES]].sum(axis=1).to_numpy(float)
    out["eb_seizures_per_10k"] = priors.seizures.posterior_mean(seized, frame["n_items"]) * PER_10K
    for j in range(7):
        out[f"y{j + 1}"] = y[:, j]
    out["pillar_trafficking"], out["pillar_effectiveness"], out["pillar_cooperation"] = pil.T
    out["score_point"] = s_point
    out["score"] = np.median(s_draws, axis=0)
    out["score_p05"], out["score_p95"] = np.quantile(s_draws, [0.05, 0.95], axis=0)
    out["p_below"] = (s_draws < threshold).mean(axis=0)
    out["threshold"] = threshold
    nx_lo = _nx_lower(frame, priors, policy.nx_cap_quantile)
    out["nx_lower_per_10k"] = nx_lo
    out["nx_cap_hit"] = policy.nx_cap_enabled & (nx_lo > policy.nx_cap_per_10k)
    return _classify(out, policy)


def _classify(out: pd.DataFrame, policy: PostsPolicy) -> pd.DataFrame:
    scored = out["n_sampled"].to_numpy(float) >= policy.min_sample
    if policy.classification_rule == "median":
        below = out["score"].to_numpy(float) < out["threshold"].to_numpy(float)
    else:
        below = out["p_below"].to_numpy(float) > policy.probability_cut
    nc = scored & (below | out["nx_cap_hit"].to_numpy(bool))
    lo, hi = policy.borderline
    p = out["p_below"].to_numpy(float)
    out["scored"] = scored
    for col in ("score", "score_point", "score_p05", "score_p95", "p_below"):
        if col in out:
            out[col] = np.where(scored, out[col].to_numpy(float), np.nan)
    out["noncompliant"] = nc
    out["borderline"] = scored & (p > lo) & (p < hi)
    out["outcome"] = np.where(
        ~scored, "INSUFFICIENT_DATA", np.where(nc, "NON_COMPLIANT", "COMPLIANT")
    )
    return out
