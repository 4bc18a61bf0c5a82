"""Selection under a budget: sizes, shares, cold start, post priority, reproducibility."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from tradeguard.targeting import TargetingPolicy, priority, select_inspections


def _scored(n: int = 200, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"decl_id": [str(i) for i in range(n)], "p": rng.random(n),
                         "at_stake": rng.lognormal(5, 1, n),
                         "importer:seen": rng.integers(0, 3, n).astype(float),
                         "post": rng.choice(["AAA", "BBB"], n)})


def test_budget_and_shares(policy: TargetingPolicy) -> None:
    chosen = select_inspections(_scored(), policy.with_changes(
        exploration_share=0.2, cold_start_share=0.1), key=dt.date(2021, 1, 4), rate=0.1)
    counts = chosen.loc[chosen["selected"], "reason"].value_counts().to_dict()
    assert counts == {"exploit": 14, "explore": 4, "cold_start": 2}
    cold = chosen[chosen["reason"] == "cold_start"]
    assert (cold["importer:seen"] == 0).all()


def test_exploit_takes_the_highest_priorities(policy: TargetingPolicy) -> None:
    scored = _scored()
    chosen = select_inspections(scored, policy.with_changes(
        exploration_share=0.0, cold_start_share=0.0), key="w1", rate=0.05)
    expected = priority(scored["p"].to_numpy(), scored["at_stake"].to_numpy(),
                        policy.revenue_weight)
    assert set(np.flatnonzero(chosen["selected"])) == set(np.argsort(-expected)[:10])


def test_same_inputs_same_choice_and_key_changes_the_sample(policy: TargetingPolicy) -> None:
    one = select_inspections(_scored(), policy, key="2021-01-04", rate=0.2)
    two = select_inspections(_scored(), policy, key="2021-01-04", rate=0.2)
    other = select_inspections(_scored(), policy, key="2021-01-11", rate=0.2)
    assert one.equals(two)
    assert not one["reason"].equals(other["reason"])


def test_no_model_means_a_random_sample(policy: TargetingPolicy) -> None:
    chosen = select_inspections(_scored().assign(p=np.nan), policy, key="k", rate=0.1)
    assert chosen["selected"].sum() == 20
    assert set(chosen.loc[chosen["selected"], "reason"]) == {"random_no_model"}


def test_non_compliant_post_raises_priority(policy: TargetingPolicy) -> None:
    scored = _scored().assign(p=0.1)
    scored.loc[scored["post"] == "BBB", "p"] = 0.09
    flat = policy.with_changes(exploration_share=0.0, cold_start_share=0.0, revenue_weight=0.0,
                               post_multiplier=3.0)
    plain = select_inspections(scored, flat, key="k", rate=0.1)
    boosted = select_inspections(scored, flat, key="k", rate=0.1, priority_posts={"BBB"})
    assert (plain.loc[plain["selected"], "post"] == "AAA").all()
    assert (boosted.loc[boosted["selected"], "post"] == "BBB").all()
    assert boosted.loc[boosted["selected"], "post_priority"].all()


def test_uncertainty_exploration_prefers_middle_probabilities(policy: TargetingPolicy) -> None:
    chosen = select_inspections(_scored(), policy.with_changes(
        exploration_share=1.0, cold_start_share=0.0, exploration_mode="uncertainty"),
        key="k", rate=0.05)
    assert (abs(chosen.loc[chosen["selected"], "p"] - 0.5) < 0.1).all()
