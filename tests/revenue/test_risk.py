from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradeguard.errors import InvalidInput
from tradeguard.revenue.evaluate import score_metrics
from tradeguard.revenue.features import FEATURES
from tradeguard.revenue.risk import RiskModel, fit_risk_model

from .builders import POLICY

NAMES = [f.name for f in FEATURES]
SHIPPED = RiskModel.from_policy(POLICY.model)
BAD_EVIDENCE = [f.name for f in FEATURES if f.direction > 0]


def test_features_are_importer_specific_only() -> None:
    """No product, HTS, order or country of origin feature: never a blanket uplift (brief 1.6)."""
    allowed = {"late_bills", "unpaid_usd_log", "surety_or_writeoff", "max_days_late_log",
               "unpaid_share", "linked_bad", "new_importer", "never_liquidated", "tenure_years",
               "nonresident", "broker_bad_rate", "volume_log", "surge", "adcvd_share",
               "rate_volatility"}
    assert set(NAMES) == allowed
    for banned in ("country", "hts", "product", "case", "order"):
        assert not any(banned in n for n in NAMES)


def test_the_shipped_model_is_policy_and_round_trips() -> None:
    assert set(SHIPPED.shapes) <= set(NAMES)
    again = RiskModel.from_policy(SHIPPED.to_policy())
    assert again.shapes == SHIPPED.shapes and again.intercept == SHIPPED.intercept
    with pytest.raises(InvalidInput):
        RiskModel.from_policy({})
    with pytest.raises(InvalidInput):
        RiskModel.from_policy({"intercept": 0, "shapes": {"country_cn": {"knots": [0, 1],
                                                                        "coefs": [1]}}})


def test_shape_signs_follow_the_feature_direction() -> None:
    direction = {f.name: f.direction for f in FEATURES}
    for name, shape in SHIPPED.shapes.items():
        if direction[name] > 0:
            assert all(c >= 0 for c in shape.coefs), name
        if direction[name] < 0:
            assert all(c <= 0 for c in shape.coefs), name


row = st.fixed_dictionaries({n: st.floats(0, 20, allow_nan=False) for n in NAMES})


@settings(max_examples=60, deadline=None)
@given(row, st.sampled_from(BAD_EVIDENCE), st.floats(0, 50, allow_nan=False))
def test_risk_is_monotone_in_bad_evidence(base: dict[str, float], name: str,
                                          more: float) -> None:
    worse = dict(base, **{name: base[name] + more})
    p = SHIPPED.predict(pd.DataFrame([base, worse]))
    assert p.iloc[1] >= p.iloc[0] - 1e-12


def test_contributions_add_up_to_the_log_odds() -> None:
    rows = pd.DataFrame([{n: float(i % 3) for i, n in enumerate(NAMES)}])
    logit = SHIPPED.intercept + SHIPPED.contributions(rows).sum(axis=1)
    assert SHIPPED.predict(rows).iloc[0] == pytest.approx(1 / (1 + np.exp(-logit.iloc[0])))


def test_fit_learns_a_planted_signal_with_the_right_sign() -> None:
    rng = np.random.default_rng(3)
    n = 2000
    x = pd.DataFrame({name: rng.exponential(1.0, n) for name in NAMES})
    x["new_importer"] = rng.integers(0, 2, n).astype(float)
    logit = -2 + 1.5 * x["late_bills"] + 1.0 * x["new_importer"] - 0.5 * x["tenure_years"]
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    model = fit_risk_model(x, y)
    p = model.predict(x)
    assert score_metrics(y, p, y)["auc"] > 0.8
    assert sum(model.shapes["late_bills"].coefs) > 1.0
    assert sum(model.shapes["tenure_years"].coefs) < 0
    assert abs(float(p.mean()) - float(y.mean())) < 0.02  # calibrated in the large


def test_metrics_on_a_known_ranking() -> None:
    y = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    score = [0.9, 0.2, 0.8, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]
    revenue = [100, 300, 0, 0, 0, 0, 0, 0, 0, 0]
    m = score_metrics(y, score, revenue, k=0.1, exposure=[1, 10, 1, 1, 1, 1, 1, 1, 1, 1])
    assert m["precision_top10%"] == 1.0
    assert m["revenue_top10%"] == 0.25
    assert m["revenue_top10%_by_loss"] == 0.75
    assert m["auc"] == 15 / 16  # 0.9 beats all 8 negatives, 0.2 beats the seven 0.1s
    assert 0 <= m["ece"] <= 1 and 0 <= m["brier"] <= 1


def test_model_changes_change_the_policy_version() -> None:
    from tradeguard.policy.book import parse_policy_texts

    one = parse_policy_texts([("a.yaml", "namespace: x\nrules: {}\n")])
    two = parse_policy_texts([("a.yaml", "namespace: x\nrules: {}\n# refit\n")])
    assert one.version != two.version
