"""Wilson/Jeffreys helpers and empirical-Bayes shrinkage (methods 5.A properties 4 and 10)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from tradeguard.posts.stats import (
    BetaPrior,
    fit_beta_prior,
    fit_gamma_prior,
    jeffreys_interval,
    wilson_interval,
)


@pytest.mark.parametrize(("x", "n"), [(6, 400), (0, 50), (50, 50), (3, 17), (120, 1000)])
def test_wilson_matches_scipy(x: int, n: int) -> None:
    lo, hi = wilson_interval(x, n)
    ref = stats.binomtest(x, n).proportion_ci(method="wilson")
    assert float(lo) == pytest.approx(ref.low, abs=1e-9)
    assert float(hi) == pytest.approx(ref.high, abs=1e-9)


def test_wilson_worked_examples() -> None:
    lo, hi = wilson_interval([6, 0], [400, 50])
    assert np.round(lo * 100, 2).tolist() == [0.69, 0.0]
    assert np.round(hi * 100, 2).tolist() == [3.23, 7.13]


@pytest.mark.parametrize(("x", "n"), [(6, 400), (3, 17), (120, 1000)])
def test_jeffreys_matches_beta_quantiles(x: int, n: int) -> None:
    lo, hi = jeffreys_interval(x, n)
    assert float(lo) == pytest.approx(stats.beta.ppf(0.025, x + 0.5, n - x + 0.5))
    assert float(hi) == pytest.approx(stats.beta.ppf(0.975, x + 0.5, n - x + 0.5))


def test_jeffreys_zero_finds_upper_bound() -> None:
    # Methods 2.8: zero finds in 300 items, Jeffreys (95%) upper bound 0.83%.
    _, hi = jeffreys_interval(0, 300)
    assert float(hi) == pytest.approx(0.0083, abs=0.0002)


@pytest.mark.parametrize("n", [50, 200])
@pytest.mark.parametrize("p", [0.05, 0.2, 0.5])
def test_wilson_coverage_about_95(n: int, p: float) -> None:
    x = np.random.default_rng(3).binomial(n, p, 4000)
    lo, hi = wilson_interval(x, np.full_like(x, n))
    coverage = float(((lo <= p) & (p <= hi)).mean())
    assert 0.92 <= coverage <= 0.98


def test_worked_beta_example() -> None:
    prior = BetaPrior(2, 198)
    assert float(prior.posterior_mean(6, 400)) == pytest.approx(0.0133, abs=1e-4)
    assert float(prior.prob_above(6, 400, 0.01)) == pytest.approx(0.75, abs=0.01)


priors = st.builds(BetaPrior.from_mean, st.floats(0.0005, 0.2), st.floats(1.0, 5000.0))


@given(prior=priors, n=st.integers(0, 100_000), share=st.floats(0, 1))
def test_posterior_mean_between_raw_and_prior(prior: BetaPrior, n: int, share: float) -> None:
    x = round(share * n)
    post = float(prior.posterior_mean(x, n))
    raw = x / n if n else prior.mean
    lo, hi = min(raw, prior.mean), max(raw, prior.mean)
    assert lo - 1e-12 <= post <= hi + 1e-12


@given(prior=priors, p=st.floats(0, 1))
def test_posterior_limits(prior: BetaPrior, p: float) -> None:
    assert float(prior.posterior_mean(0, 0)) == pytest.approx(prior.mean)
    big = 10**12
    assert float(prior.posterior_mean(p * big, big)) == pytest.approx(p, abs=1e-6)


@given(prior=priors, n=st.integers(0, 10**6), extra=st.integers(1, 10**6))
def test_shrinkage_falls_with_n(prior: BetaPrior, n: int, extra: int) -> None:
    assert float(prior.shrinkage(n + extra)) < float(prior.shrinkage(n))


def test_fit_recovers_prior_mean_and_caps_strength() -> None:
    rng = np.random.default_rng(0)
    theta = rng.beta(4, 396, 200)  # mean 1%, strength 400
    n = np.full(200, 2000)
    x = rng.binomial(n, theta)
    fit = fit_beta_prior(x, n, default_mean=0.05, default_strength=100, strength_bounds=(10, 5000))
    assert fit.fitted
    assert fit.mean == pytest.approx(0.01, rel=0.15)
    assert 150 < fit.strength < 1500
    homogeneous = rng.binomial(n, 0.01)
    capped = fit_beta_prior(
        homogeneous, n, default_mean=0.05, default_strength=100, strength_bounds=(10, 800)
    )
    assert capped.strength == pytest.approx(800, rel=0.05)


def test_fit_without_data_uses_default() -> None:
    fit = fit_beta_prior(
        [], [], default_mean=0.004, default_strength=400, strength_bounds=(50, 800)
    )
    assert not fit.fitted
    assert fit.mean == pytest.approx(0.004)
    assert fit.strength == pytest.approx(400)


def test_gamma_prior_shrinks_counts() -> None:
    rng = np.random.default_rng(1)
    exposure = rng.integers(1000, 50_000, 60).astype(float)
    rates = rng.gamma(4, 0.001 / 4, 60)
    x = rng.poisson(rates * exposure)
    prior = fit_gamma_prior(x, exposure, default_rate=0.001)
    eb = prior.posterior_mean(x, exposure)
    assert np.sqrt(np.mean((eb - rates) ** 2)) < np.sqrt(np.mean((x / exposure - rates) ** 2))
