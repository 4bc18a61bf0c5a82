"""The done-when bar on a small labelled set (the full measured figures are in docs)."""

from __future__ import annotations

from tests.parties.helpers import policy
from tradeguard.parties.evalset import make_evalset
from tradeguard.parties.evaluate import evaluate_screening, link_quality, reliability


def test_screening_beats_the_baseline_on_planted_variants() -> None:
    quality, _ = evaluate_screening(make_evalset(3000, 3000, seed=5), policy())
    assert quality.variants > 200 and quality.innocents > 1500
    assert quality.recall >= 0.98
    assert quality.innocent_alert_rate <= 0.005
    for cut, recall in quality.baseline_recall.items():
        assert (
            quality.recall > recall
            or quality.innocent_alert_rate < quality.baseline_alert_rate[cut]
        )


def test_link_quality_and_reliability() -> None:
    q = link_quality([("a", "b"), ("c", "d")], [("b", "a"), ("e", "f")])
    assert (q.precision, q.recall) == (0.5, 0.5)
    table = reliability([(0.05, False), (0.95, True), (0.97, True)])
    assert table[0] == (0.05, 0.0, 1) and table[-1][2] == 2
