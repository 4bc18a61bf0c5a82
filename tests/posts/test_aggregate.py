"""The DuckDB aggregation against a plain pandas computation of the same definitions."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.posts.posts_world import BAD, GOOD, items, quarters
from tradeguard.errors import InvalidInput, NotFound
from tradeguard.posts.aggregate import INPUT_COLUMNS, quarterly_inputs
from tradeguard.posts.params import PostsPolicy

HAND = pd.DataFrame(
    {
        "item_id": ["A", "B", "C", "D", "E", "F"],
        "post_code": ["CN1", "CN1", "BR1", "CN1", "CN1", "CN1"],
        "arrival_date": [
            "2025-10-05",
            "2025-12-31",
            "2026-01-02",
            "2025-11-01",
            "2025-11-02",
            "2025-11-03",
        ],
        "mail_class": ["PARCEL", "LETTER_GOODS", "EMS", "LETTER_DOCUMENTS", "parcel", "PARCEL"],
        "declared_value_usd": ["12.5", "0", "30", None, "40", "40"],
        "weight_kg": ["1", "3", "0.5", None, "1", "1"],
        "content_description": ["phone case", "gift", "shoes", None, "Gifts ", "book"],
        "sender_name": ["a", "b", "c", None, "d", "e"],
        "sender_address": ["x", "y", "z", None, "", "w"],
        "recipient_name": ["r"] * 3 + [None] + ["r"] * 2,
        "recipient_address": ["q"] * 3 + [None] + ["q"] * 2,
        "aed_received_at": [
            "2025-10-03T10:00:00Z",
            "2025-12-31T10:00:00Z",
            None,
            None,
            "2025-11-01T23:59:00+00:00",
            "2025-11-04T00:00:00Z",
        ],
        "sampled": ["true", "1", "no", None, "false", "yes"],
        "inspected": ["true", "true", "yes", None, "true", "yes"],
        "finding": ["IPR", "NONE", "DRUGS", None, "OTHER_CONTRABAND", "ORIGIN"],
        "info_requested_at": [
            "2025-10-06T00:00:00Z",
            "2025-12-31T00:00:00Z",
            None,
            None,
            None,
            None,
        ],
        "info_answered_at": [
            "2025-10-07T00:00:00Z",
            "2026-01-09T00:00:00Z",
            None,
            None,
            None,
            None,
        ],
    }
)


def test_hand_made_items(policy: PostsPolicy) -> None:
    out = quarterly_inputs(HAND, policy).set_index(["post_code", "quarter"])
    cn = out.loc[("CN1", "FY2026Q1")]
    assert cn["n_items"] == 5
    assert cn["n_aed_required"] == 4  # documents owe no AED; mail class is case-insensitive
    assert cn["aed_present"] == 4
    assert cn["aed_timely"] == 2  # B arrives the day its AED came; F's AED came after arrival
    assert cn["q_description"] == 2  # "gift", "Gifts "
    assert cn["q_address"] == 1
    assert cn["q_value"] == 1 and cn["q_weight"] == 1  # B: value 0, letter goods over 2 kg
    assert cn["aed_valid"] == 2  # A and F
    assert (cn["n_sampled"], cn["x_cf"], cn["x_other"]) == (3, 1, 1)
    assert (cn["n_targeted"], cn["s_cb"]) == (1, 1)
    assert (cn["r_req"], cn["r_answered"], cn["r_ok"]) == (2, 2, 1)
    br = out.loc[("BR1", "FY2026Q2")]
    assert (br["n_items"], br["aed_present"], br["s_nx"]) == (1, 0, 1)


def test_calendar_quarters(policy: PostsPolicy) -> None:
    cal = policy.__class__(
        **{**{f: getattr(policy, f) for f in policy.__slots__}, "fiscal_quarters": False}
    )
    out = quarterly_inputs(HAND, cal)
    assert set(out["quarter"]) == {"2025Q4", "2026Q1"}


def _pandas_inputs(df: pd.DataFrame) -> pd.DataFrame:
    """The reference definitions, computed row by row in pandas, for the generated world."""
    d = df.assign(
        quarter="FY2026Q2",
        aed=df["aed_received_at"].notna(),
        sampled_=df["sampled"].astype(bool),
    )
    d["valid"] = d["aed"] & (d["declared_value_usd"] > 1) & (d["content_description"] != "gift")
    d["req"] = d["info_requested_at"].notna()
    hours = (
        pd.to_datetime(d["info_answered_at"]) - pd.to_datetime(d["info_requested_at"])
    ).dt.total_seconds() / 3600
    d["ok"] = d["req"] & (hours <= 72)
    g = d.groupby(["post_code", "quarter"])
    return pd.DataFrame(
        {
            "n_items": g.size(),
            "aed_present": g["aed"].sum(),
            "aed_valid": g["valid"].sum(),
            "n_sampled": g["sampled_"].sum(),
            "x_cf": g.apply(
                lambda x: (x["sampled_"] & (x["finding"] == "IPR")).sum(), include_groups=False
            ),
            "r_req": g["req"].sum(),
            "r_ok": g["ok"].sum(),
        }
    ).reset_index()


@pytest.mark.parametrize("fmt", ["frame", "csv", "parquet"])
def test_matches_pandas_on_generated_world(policy: PostsPolicy, tmp_path: Path, fmt: str) -> None:
    q = quarters("FY2026Q2", 1)[0]
    df = items({"AA1": GOOD, "BB1": BAD}, q, n_items=3000, n_sampled=700, seed=4)
    source: object = df
    if fmt == "csv":
        df.to_csv(tmp_path / "mail_items.csv", index=False)
        source = str(tmp_path / "*.csv")
    elif fmt == "parquet":
        for i, part in enumerate((df.iloc[:2500], df.iloc[2500:])):
            part.to_parquet(tmp_path / f"part-{i}.parquet", index=False)
        source = str(tmp_path / "*.parquet")
    ours = quarterly_inputs(source, policy)  # type: ignore[arg-type]
    assert list(ours.columns) == list(INPUT_COLUMNS)
    ref = _pandas_inputs(df)
    merged = ours.merge(ref, on=["post_code", "quarter"], suffixes=("", "_ref"))
    assert len(merged) == 2
    for col in ("n_items", "aed_present", "aed_valid", "n_sampled", "x_cf", "r_req", "r_ok"):
        assert merged[col].tolist() == merged[f"{col}_ref"].astype(int).tolist(), col


def test_between_and_posts_filters(policy: PostsPolicy) -> None:
    import datetime as dt

    out = quarterly_inputs(HAND, policy, between=(dt.date(2025, 10, 1), dt.date(2025, 12, 31)))
    assert out["quarter"].tolist() == ["FY2026Q1"]
    assert quarterly_inputs(HAND, policy, posts=["BR1"])["post_code"].tolist() == ["BR1"]


def test_bad_sources(policy: PostsPolicy, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput):
        quarterly_inputs(str(tmp_path / "items.xlsx"), policy)
    with pytest.raises(NotFound):
        quarterly_inputs(str(tmp_path / "none-*.parquet"), policy)
    with pytest.raises(InvalidInput, match="post_code"):
        quarterly_inputs(HAND.drop(columns=["post_code"]), policy)
