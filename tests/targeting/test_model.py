"""The model, its evaluation against baselines, the learning loop and the explanations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from tests.targeting.conftest import declarations
from tradeguard.targeting import (
    TargetingModel,
    TargetingPolicy,
    evaluate,
    score,
    select_inspections,
    selection_decisions,
    simulate,
    split_by_date,
    train_model,
)
from tradeguard.targeting.model import encode_new


def test_model_beats_random_and_product_rate_on_planted_risk(policy: TargetingPolicy) -> None:
    train, test = split_by_date(declarations(n=1500, days=60, seed=2))
    result = evaluate(train, test, policy, rates=[0.1])
    by = {r.method: r for r in result.rows}
    model = by["model, probability"]
    assert model.precision > by["random (mean of 20)"].precision + 0.2
    assert model.precision > by["product-code finding rate"].precision
    assert result.aucs["model, probability"] > 0.75
    assert "| model, probability | 10% |" in result.table()


def test_scores_do_not_use_the_labels_of_the_scored_rows(policy: TargetingPolicy) -> None:
    frame = declarations(n=600, days=40, seed=4)
    history, new = split_by_date(frame)
    model = train_model(history, policy)
    flipped = new.assign(label=1.0 - new["label"])
    assert np.array_equal(score(model, history, new), score(model, history, flipped))


def test_saved_model_scores_the_same(policy: TargetingPolicy, tmp_path: Path) -> None:
    history, new = split_by_date(declarations(n=500, days=30, seed=5))
    model = train_model(history, policy)
    again = TargetingModel.load(model.save(tmp_path / "m.json"))
    assert np.allclose(score(model, history, new), score(again, history, new))


def test_unseen_category_values_are_scored(policy: TargetingPolicy) -> None:
    history, new = split_by_date(declarations(n=500, days=30, seed=5))
    model = train_model(history, policy)
    new = new.assign(origin=pd.array(["ZZ"] * len(new), dtype="string"))
    assert np.isfinite(score(model, history, new)).all()


def test_selection_decisions_explain_in_plain_words(policy: TargetingPolicy) -> None:
    history, new = split_by_date(declarations(n=800, days=40, seed=6))
    model = train_model(history, policy)
    feats = encode_new(history, new, policy.prior_strength)
    scored = new.assign(p=model.predict(feats), **{"importer:seen": feats["importer:seen"]})
    chosen = select_inspections(scored, policy, key="k", rate=0.05)
    decisions = selection_decisions(chosen, feats, model, policy,
                                    dt.datetime(2021, 2, 1, tzinfo=dt.UTC))
    assert len(decisions) == chosen["selected"].sum()
    first = decisions[0]
    assert first.kind == "inspection_selection" and first.outcome == "inspect"
    factors = [h for h in first.hits if h.code.startswith("TGT-FACTOR-")]
    assert 1 <= len(factors) <= policy.top_factors
    assert all(h.reason and h.status == "assumption" for h in factors)
    assert any("earlier declaration" in h.reason or "never declared" in h.reason
               for d in decisions for h in d.hits)
    assert first.to_dict()["hits"]  # JSON-ready evidence


def test_learning_loop_learns_only_from_what_it_inspected(policy: TargetingPolicy) -> None:
    frame = declarations(n=1400, days=70, seed=7)
    result = simulate(frame, policy, exploration_share=0.2, rate=0.3)
    assert result.weeks[0].labels_known == 0 and np.isnan(result.weeks[0].auc)
    assert [w.labels_known for w in result.weeks] == list(
        np.cumsum([w.inspected for w in result.weeks]) - [w.inspected for w in result.weeks])
    assert result.inspected == sum(round(w.candidates * 0.3) for w in result.weeks)
    later = [w for w in result.weeks if not np.isnan(w.auc)]
    assert later and np.mean([w.auc for w in later]) > 0.6
    assert sum(w.explored for w in result.weeks) > 0
