"""The composite and the quarterly call (methods 5.A properties 1, 2, 3, 5, 6)."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.posts.posts_inputs import frame, row
from tradeguard.domain.calendar import Quarter
from tradeguard.posts.metric import Priors, _classify, fit_priors, quarter_threshold, score_quarter
from tradeguard.posts.params import PostsPolicy
from tradeguard.posts.score import (
    ScoreConfig,
    composite,
    goalpost_log,
    normalise,
    pillars,
    reference_threshold,
    score_indicators,
)

Q = Quarter.parse("FY2026Q1")


@pytest.fixture(scope="module")
def small_policy(policy: PostsPolicy) -> PostsPolicy:
    return dataclasses.replace(policy, draws=400)


@pytest.fixture(scope="module")
def priors(small_policy: PostsPolicy) -> Priors:
    return fit_priors(frame(), Q, small_policy)  # no prior year: policy defaults


def test_goalpost_examples() -> None:
    y = goalpost_log(np.array([10.0, 50.0, 0.5, 500.0, 0.0]), 1.0, 100.0)
    assert np.round(y, 2).tolist() == [0.5, 0.15, 1.0, 0.0, 1.0]


@st.composite
def counts(draw: st.DrawFn) -> dict[str, Any]:
    n_items = draw(st.integers(1, 6000))
    req = draw(st.integers(0, n_items))
    present = draw(st.integers(0, req))
    sampled = draw(st.integers(0, 3000))
    x_cf = draw(st.integers(0, sampled))
    x_nx = draw(st.integers(0, sampled - x_cf))
    x_cb = draw(st.integers(0, sampled - x_cf - x_nx))
    r_req = draw(st.integers(0, 60))
    return {
        "n_items": n_items,
        "n_aed_required": req,
        "aed_present": present,
        "aed_timely": draw(st.integers(0, present)),
        "aed_valid": draw(st.integers(0, present)),
        "n_sampled": sampled,
        "x_cf": x_cf,
        "x_nx": x_nx,
        "x_cb": x_cb,
        "r_req": r_req,
        "r_ok": draw(st.integers(0, r_req)),
    }


baselines = st.one_of(st.none(), st.floats(0, 300))


def _score(
    rows: list[dict[str, Any]], priors: Priors, p: PostsPolicy, base: float | None
) -> pd.DataFrame:
    bl = {} if base is None else {r["post_code"]: base for r in rows}
    return score_quarter(frame(*rows), priors, bl, p)


@settings(max_examples=60, deadline=None)
@given(
    c=counts(),
    base=baselines,
    which=st.sampled_from(["x_cf", "x_nx", "x_cb"]),
    more=st.integers(1, 50),
)
def test_score_falls_when_trafficking_rises(
    small_policy: PostsPolicy,
    priors: Priors,
    c: dict[str, Any],
    base: float | None,
    which: str,
    more: int,
) -> None:
    worse = dict(c)  # n fixed, one count up within n
    worse[which] = min(
        c[which] + more, c["n_sampled"] - c["x_cf"] - c["x_nx"] - c["x_cb"] + c[which]
    )
    out = _score([row("A", **c), row("B", **worse)], priors, small_policy, base)
    a, b = out.iloc[0], out.iloc[1]
    if a["scored"]:
        assert b["score_point"] <= a["score_point"] + 1e-9
        assert b["score"] <= a["score"] + 1e-9
        assert b["noncompliant"] >= a["noncompliant"]


@settings(max_examples=60, deadline=None)
@given(
    c=counts(),
    base=baselines,
    which=st.sampled_from(["aed_timely", "aed_valid", "r_ok"]),
    more=st.integers(1, 500),
)
def test_score_rises_with_cooperation(
    small_policy: PostsPolicy,
    priors: Priors,
    c: dict[str, Any],
    base: float | None,
    which: str,
    more: int,
) -> None:
    cap = c["r_req"] if which == "r_ok" else c["aed_present"]
    better = dict(c, **{which: min(c[which] + more, cap)})
    out = _score([row("A", **c), row("B", **better)], priors, small_policy, base)
    a, b = out.iloc[0], out.iloc[1]
    if a["scored"]:
        assert b["score_point"] >= a["score_point"] - 1e-9
        assert b["score"] >= a["score"] - 1e-9


@settings(max_examples=60, deadline=None)
@given(c=counts(), base=baselines)
def test_bounds(
    small_policy: PostsPolicy, priors: Priors, c: dict[str, Any], base: float | None
) -> None:
    out = _score([row("A", **c)], priors, small_policy, base).iloc[0]
    for k in range(1, 8):
        y = out[f"y{k}"]
        assert np.isnan(y) or 0.0 <= y <= 1.0
    if out["scored"]:
        assert 0.0 <= out["score_point"] <= 100.0
        assert 0.0 <= out["score_p05"] <= out["score"] <= out["score_p95"] <= 100.0
        assert 0.0 <= out["p_below"] <= 1.0


@given(
    rates=st.lists(st.floats(0, 1e4), min_size=3, max_size=3),
    shares=st.lists(st.one_of(st.just(float("nan")), st.floats(-0.5, 1.5)), min_size=3, max_size=3),
    trend=st.floats(-5, 5),
)
def test_goalpost_truncation_and_unit_invariance(
    policy: PostsPolicy, rates: list[float], shares: list[float], trend: float
) -> None:
    cfg = ScoreConfig.from_policy(policy)
    r, s, t = np.array(rates), np.array(shares), np.array(trend)
    y, _, score = score_indicators(r, s, t, cfg)
    assert np.all(np.isnan(y) | ((y >= 0) & (y <= 1)))
    assert 0 <= score <= 100
    per_item = cfg.scaled_rates(1e-4)
    _, _, score_items = score_indicators(r * 1e-4, s, t, per_item)
    assert float(score_items) == pytest.approx(float(score), abs=1e-9)


def test_geometric_is_not_compensatory(policy: PostsPolicy) -> None:
    cfg = ScoreConfig.from_policy(policy)
    y = normalise(np.array([1.0, 1000.0, 1.0]), np.array([1.0, 1.0, 1.0]), np.array(0.0), cfg)
    assert float(composite(pillars(y, cfg), cfg)) < 40  # perfect cooperation cannot hide narcotics


def test_threshold_is_reference_profile_score(policy: PostsPolicy) -> None:
    cfg = ScoreConfig.from_policy(policy)
    t = quarter_threshold(policy)
    assert t == reference_threshold(policy.reference_profile, cfg)
    assert 30 < t < 60


def _classified(score: float, threshold: float, policy: PostsPolicy) -> bool:
    out = pd.DataFrame(
        {
            "n_sampled": [policy.min_sample],
            "score": [score],
            "threshold": [threshold],
            "p_below": [0.5],
            "nx_cap_hit": [False],
        }
    )
    return bool(_classify(out, policy)["noncompliant"].iloc[0])


def test_score_equal_to_threshold_is_compliant(policy: PostsPolicy) -> None:
    t = quarter_threshold(policy)
    assert not _classified(t, t, policy)
    assert _classified(np.nextafter(t, 0), t, policy)


@given(score=st.floats(0, 100), threshold=st.floats(0, 100))
def test_strict_threshold(policy: PostsPolicy, score: float, threshold: float) -> None:
    assert _classified(score, threshold, policy) == (score < threshold)


def test_independent_of_other_posts_with_frozen_priors(
    small_policy: PostsPolicy, priors: Priors
) -> None:
    rows = [row("A"), row("B", x_cf=40, aed_timely=100), row("C", n_sampled=10)]
    alone = score_quarter(frame(rows[0]), priors, {}, small_policy).iloc[0]
    together = score_quarter(frame(*rows), priors, {}, small_policy).iloc[0]
    cols = ["score", "score_point", "p_below", "score_p05", "score_p95", "noncompliant"]
    assert alone[cols].tolist() == together[cols].tolist()


def test_refitted_priors_move_a_score_little(small_policy: PostsPolicy) -> None:
    rng = np.random.default_rng(5)
    prior_rows = [
        row(
            f"P{i:02d}",
            q,
            x_cf=int(rng.binomial(900, 0.004)),
            x_nx=int(rng.binomial(900, 0.0008)),
            x_cb=int(rng.binomial(900, 0.003)),
        )
        for i in range(40)
        for q in ("FY2025Q1", "FY2025Q2", "FY2025Q3", "FY2025Q4")
    ]
    full = frame(*prior_rows)
    without = full[full["post_code"] != "P07"]
    target = frame(row("P00", x_cf=3, x_nx=1))
    a = score_quarter(target, fit_priors(full, Q, small_policy), {}, small_policy).iloc[0]
    b = score_quarter(target, fit_priors(without, Q, small_policy), {}, small_policy).iloc[0]
    assert abs(a["score"] - b["score"]) < 2.0


def test_insufficient_sample_is_not_scored(small_policy: PostsPolicy, priors: Priors) -> None:
    out = score_quarter(
        frame(row("A", n_sampled=small_policy.min_sample - 1)), priors, {}, small_policy
    ).iloc[0]
    assert not out["scored"]
    assert out["outcome"] == "INSUFFICIENT_DATA"
    assert np.isnan(out["score"])
    assert not out["noncompliant"]


def test_missing_obliged_aed_scores_zero_quality(small_policy: PostsPolicy, priors: Priors) -> None:
    out = score_quarter(
        frame(row("A", aed_present=0, aed_timely=0, aed_valid=0)), priors, {}, small_policy
    ).iloc[0]
    assert out["y5"] == 0.0 and out["y6"] == 0.0


def test_no_requests_is_not_applicable(small_policy: PostsPolicy, priors: Priors) -> None:
    out = score_quarter(frame(row("A", r_req=0, r_ok=0)), priors, {}, small_policy).iloc[0]
    assert np.isnan(out["y7"])
    assert not np.isnan(out["pillar_cooperation"])


def test_narcotics_cap_overrides_score(small_policy: PostsPolicy, priors: Priors) -> None:
    out = score_quarter(frame(row("A", x_nx=30, x_cf=0, x_cb=0)), priors, {}, small_policy).iloc[0]
    assert out["nx_cap_hit"] and out["noncompliant"]
