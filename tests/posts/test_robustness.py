"""Monte Carlo robustness (methods 5.A step 7 and property 9)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from tests.posts.posts_inputs import frame, row
from tradeguard.domain.calendar import Quarter
from tradeguard.posts.metric import fit_priors, score_quarter
from tradeguard.posts.params import PostsPolicy
from tradeguard.posts.robustness import FACTOR_GROUPS, robustness


@pytest.fixture(scope="module")
def fast(policy: PostsPolicy) -> PostsPolicy:
    return dataclasses.replace(policy, draws=400, mc_replications=300, sobol_base=64)


@pytest.fixture(scope="module")
def scores(fast: PostsPolicy) -> pd.DataFrame:
    rows = [
        row("GOOD", x_cf=0, x_nx=0, x_cb=1, aed_timely=4900, aed_present=4950, aed_valid=4800),
        row("MID", x_cf=4, x_nx=1, x_cb=3, aed_timely=4200, aed_valid=4000),
        row(
            "BAD",
            x_cf=30,
            x_nx=6,
            x_cb=20,
            aed_timely=2600,
            aed_present=2800,
            aed_valid=1500,
            r_ok=5,
        ),
        row("THIN", n_sampled=100),
    ]
    q = Quarter.parse("FY2026Q1")
    return score_quarter(frame(*rows), fit_priors(frame(), q, fast), {}, fast)


def test_summary_and_flags(scores: pd.DataFrame, fast: PostsPolicy) -> None:
    out = robustness(scores, fast)
    s = out.summary.set_index("post_code")
    assert list(s.index) == ["GOOD", "MID", "BAD"]  # unscored posts are left out
    assert s.loc["BAD", "robustly_noncompliant"] and s.loc["BAD", "p_noncompliant"] >= 0.9
    assert not s.loc["GOOD", "robustly_noncompliant"] and s.loc["GOOD", "p_noncompliant"] < 0.1
    assert (s["mc_p05"] <= s["mc_median"]).all() and (s["mc_median"] <= s["mc_p95"]).all()
    assert set(out.sobol["factor"]) == set(FACTOR_GROUPS)
    finite = out.sobol.dropna()
    assert (finite["total_effect"] >= -0.05).all()


def test_fixed_seed_reproduces(scores: pd.DataFrame, fast: PostsPolicy) -> None:
    a, b = robustness(scores, fast), robustness(scores, fast)
    pd.testing.assert_frame_equal(a.summary, b.summary)
    pd.testing.assert_frame_equal(a.sobol, b.sobol)
    other = robustness(scores, dataclasses.replace(fast, mc_seed=fast.mc_seed + 1), sobol=False)
    assert not np.allclose(other.summary["mc_p05"], a.summary["mc_p05"])


def test_no_noise_gives_the_reference_call(scores: pd.DataFrame, fast: PostsPolicy) -> None:
    still = dataclasses.replace(fast, weight_noise=0.0, goalpost_noise=0.0)
    out = robustness(scores, still, sobol=False).summary.set_index("post_code")
    # Only aggregation and shrinkage still vary: the band is narrow for a clear-cut post.
    assert out.loc["BAD", "p_noncompliant"] == 1.0
