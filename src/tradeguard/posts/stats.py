"""Small-sample statistics of methods 2.8: intervals and empirical-Bayes shrinkage.

* Wilson and Jeffreys intervals of a raw proportion (shown for transparency);
* the beta-binomial prior fitted by marginal maximum likelihood from a method-of-moments start,
  with its strength (alpha + beta) kept within policy bounds;
* the gamma-Poisson prior for counts with exposure (targeted seizures per 10,000 items).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize, special, stats

__all__ = [
    "BetaPrior",
    "GammaPrior",
    "fit_beta_prior",
    "fit_gamma_prior",
    "jeffreys_interval",
    "wilson_interval",
]

Floats = NDArray[np.float64]


def wilson_interval(
    x: ArrayLike, n: ArrayLike, z: float = 1.959963984540054
) -> tuple[Floats, Floats]:
    """Wilson score interval of ``x / n`` (methods 2.8); ``n = 0`` gives ``[0, 1]``.

    >>> lo, hi = wilson_interval(6, 400)
    >>> round(float(lo), 4), round(float(hi), 4)
    (0.0069, 0.0323)
    """
    xa = np.asarray(x, dtype=float)
    na = np.asarray(n, dtype=float)
    safe = np.where(na > 0, na, 1.0)
    p = xa / safe
    denom = 1 + z * z / safe
    centre = (p + z * z / (2 * safe)) / denom
    half = z / denom * np.sqrt(p * (1 - p) / safe + z * z / (4 * safe * safe))
    lo = np.where(na > 0, np.clip(centre - half, 0.0, 1.0), 0.0)
    hi = np.where(na > 0, np.clip(centre + half, 0.0, 1.0), 1.0)
    return lo, hi


def jeffreys_interval(x: ArrayLike, n: ArrayLike, level: float = 0.95) -> tuple[Floats, Floats]:
    """Jeffreys interval: Beta(x + 1/2, n - x + 1/2) quantiles, with the usual end fixes."""
    xa = np.asarray(x, dtype=float)
    na = np.asarray(n, dtype=float)
    tail = (1 - level) / 2
    lo = special.betaincinv(xa + 0.5, na - xa + 0.5, tail)
    hi = special.betaincinv(xa + 0.5, na - xa + 0.5, 1 - tail)
    lo = np.where(xa <= 0, 0.0, lo)
    hi = np.where(xa >= na, 1.0, hi)
    return np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)


@dataclass(frozen=True, slots=True)
class BetaPrior:
    """Beta(alpha, beta) prior on a per-item rate; ``fitted`` says whether data chose it."""

    alpha: float
    beta: float
    fitted: bool = False

    @property
    def mean(self) -> float:
        return self.alpha / (self.alpha + self.beta)

    @property
    def strength(self) -> float:
        return self.alpha + self.beta

    def posterior_mean(self, x: ArrayLike, n: ArrayLike) -> Floats:
        """(x + alpha) / (n + alpha + beta)."""
        xa, na = np.asarray(x, dtype=float), np.asarray(n, dtype=float)
        return np.asarray((xa + self.alpha) / (na + self.strength), dtype=float)

    def shrinkage(self, n: ArrayLike) -> Floats:
        """B = (alpha + beta) / (n + alpha + beta): the weight left on the prior mean."""
        return np.asarray(self.strength / (np.asarray(n, dtype=float) + self.strength), dtype=float)

    def prob_above(self, x: ArrayLike, n: ArrayLike, theta0: float) -> Floats:
        """P(theta > theta0 | x, n) under the posterior Beta(alpha + x, beta + n - x)."""
        xa, na = np.asarray(x, dtype=float), np.asarray(n, dtype=float)
        return np.asarray(stats.beta.sf(theta0, self.alpha + xa, self.beta + na - xa), dtype=float)

    @classmethod
    def from_mean(cls, mean: float, strength: float, *, fitted: bool = False) -> BetaPrior:
        return cls(mean * strength, (1 - mean) * strength, fitted)


def _moments_strength(x: Floats, n: Floats) -> tuple[float, float | None]:
    m = float(x.sum() / n.sum())
    p = x / n
    s2 = float((n * (p - m) ** 2).sum() / n.sum())
    v = s2 - m * (1 - m) / float(n.mean())
    if v <= 0 or m <= 0 or m >= 1:
        return m, None
    return m, max(m * (1 - m) / v - 1, 1e-6)


def _neg_loglik(params: Floats, x: Floats, n: Floats) -> float:
    mu = special.expit(params[0])
    k = math.exp(params[1])
    a, b = mu * k, (1 - mu) * k
    ll = special.betaln(x + a, n - x + b) - special.betaln(a, b)
    return float(-ll.sum())


def fit_beta_prior(
    x: ArrayLike,
    n: ArrayLike,
    *,
    default_mean: float,
    default_strength: float,
    strength_bounds: tuple[float, float],
) -> BetaPrior:
    """Fit Beta(alpha, beta) by marginal ML over posts (ebbr's ``ebb_fit_prior``).

    Posts with ``n = 0`` carry no information and are left out. With no events at all, or no
    data, the policy default is returned (``fitted=False``). The strength is kept inside
    ``strength_bounds``: with no detectable heterogeneity the fit runs to the cap (strong pooling).
    """
    xa, na = np.asarray(x, dtype=float), np.asarray(n, dtype=float)
    keep = na > 0
    xa, na = xa[keep], na[keep]
    lo, hi = strength_bounds
    if xa.size < 2 or xa.sum() <= 0:
        return BetaPrior.from_mean(default_mean, default_strength)
    m, k0 = _moments_strength(xa, na)
    start_k = min(max(k0 if k0 is not None else hi, lo), hi)
    start = np.array([special.logit(m), math.log(start_k)])
    bounds = [(-15.0, 15.0), (math.log(lo), math.log(hi))]
    res = optimize.minimize(_neg_loglik, start, args=(xa, na), method="L-BFGS-B", bounds=bounds)
    mu, k = float(special.expit(res.x[0])), float(math.exp(res.x[1]))
    return BetaPrior.from_mean(mu, min(max(k, lo), hi), fitted=True)


@dataclass(frozen=True, slots=True)
class GammaPrior:
    """Gamma(a, b) prior on an event rate per unit exposure (posterior mean (x + a)/(E + b))."""

    a: float
    b: float
    fitted: bool = False

    def posterior_mean(self, x: ArrayLike, exposure: ArrayLike) -> Floats:
        xa, ea = np.asarray(x, dtype=float), np.asarray(exposure, dtype=float)
        return np.asarray((xa + self.a) / (ea + self.b), dtype=float)


def fit_gamma_prior(x: ArrayLike, exposure: ArrayLike, *, default_rate: float) -> GammaPrior:
    """Method-of-moments gamma-Poisson prior (Marshall 1991), methods 2.8.

    With no detectable extra-Poisson variation the prior pools strongly at the mean rate.
    """
    xa, ea = np.asarray(x, dtype=float), np.asarray(exposure, dtype=float)
    keep = ea > 0
    xa, ea = xa[keep], ea[keep]
    if xa.size < 2 or xa.sum() <= 0:
        return GammaPrior(default_rate * 1e6, 1e6)
    m = float(xa.sum() / ea.sum())
    r = xa / ea
    s2 = float((ea * (r - m) ** 2).sum() / ea.sum())
    v = s2 - m / float(ea.mean())
    if v <= 0:
        big = 1e3 * float(ea.mean())
        return GammaPrior(m * big, big, fitted=True)
    return GammaPrior(m * m / v, m / v, fitted=True)
