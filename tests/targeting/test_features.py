"""History features: correct counts, and never a label of the row's own day or later."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.targeting.conftest import declarations
from tradeguard.targeting import feature_frame
from tradeguard.targeting.baseline import history_features_per_row


def _frame(dates: list[int], importers: list[int], labels: list[float]) -> pd.DataFrame:
    start = pd.Timestamp("2021-03-01")
    return pd.DataFrame({
        "decl_id": [str(i) for i in range(len(dates))],
        "date": [start + pd.Timedelta(days=d) for d in dates],
        "importer": pd.array([f"I{i}" for i in importers], dtype="string"),
        "product": pd.array([f"{10 + i % 3}0110" for i in importers], dtype="string"),
        "at_stake": 1.0,
        "label": labels,
    })


def test_counts_come_from_earlier_days_only() -> None:
    frame = _frame([0, 0, 1, 2, 2], [1, 1, 1, 1, 2], [1.0, 0.0, np.nan, 1.0, 0.0])
    feats = feature_frame(frame, prior_strength=0.0)
    assert feats["importer:seen"].tolist() == [0, 0, 2, 3, 0]
    assert feats["importer:inspected"].tolist() == [0, 0, 2, 2, 0]
    assert feats["importer:found"].tolist() == [0, 0, 1, 1, 0]
    assert feats["importer:rate"].iloc[3] == 0.5


def test_labels_on_or_after_label_until_are_hidden() -> None:
    frame = _frame([0, 1, 2], [1, 1, 1], [1.0, 1.0, 0.0])
    feats = feature_frame(frame, label_until=dt.date(2021, 3, 2))
    assert feats["importer:seen"].tolist() == [0, 1, 2]
    assert feats["importer:found"].tolist() == [0, 1, 1]


def test_missing_key_gives_missing_features() -> None:
    frame = _frame([0, 1], [1, 1], [1.0, 0.0])
    frame.loc[1, "importer"] = pd.NA
    feats = feature_frame(frame)
    assert np.isnan(feats["importer:seen"].iloc[1])


def test_vectorised_features_equal_the_per_row_reference() -> None:
    frame = declarations(n=300, days=12, seed=3, inspected=0.7)
    fast = feature_frame(frame, label_until=dt.date(2021, 1, 12))
    slow = history_features_per_row(frame, label_until=dt.date(2021, 1, 12))
    pd.testing.assert_frame_equal(fast[slow.columns], slow, check_dtype=False)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.tuples(st.integers(0, 6), st.integers(0, 3),
                            st.sampled_from([0.0, 1.0, np.nan])), min_size=2, max_size=30),
    pick=st.integers(0, 29),
    new_labels=st.lists(st.sampled_from([0.0, 1.0, np.nan]), min_size=30, max_size=30),
)
def test_a_row_never_sees_its_own_or_later_labels(
    rows: list[tuple[int, int, float]], pick: int, new_labels: list[float]
) -> None:
    frame = _frame([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])
    i = pick % len(frame)
    later = (frame["date"] >= frame["date"].iloc[i]).to_numpy()
    changed = frame.copy()
    changed.loc[later, "label"] = np.array(new_labels[: len(frame)])[later]
    before = feature_frame(frame)
    after = feature_frame(changed)
    same_or_earlier = (frame["date"] <= frame["date"].iloc[i]).to_numpy()
    pd.testing.assert_frame_equal(before[same_or_earlier], after[same_or_earlier])
