"""The mail gate: vectorised decisions match a row-by-row reading of the rules."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradeguard.errors import InvalidInput
from tradeguard.posts.gate import FLAGS, gate_decision, gate_items
from tradeguard.posts.params import PostsPolicy

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
CLEAN = {
    "mail_class": "PARCEL",
    "declared_value_usd": 20.0,
    "weight_kg": 1.0,
    "content_description": "wool socks",
    "sender_name": "S",
    "sender_address": "A",
    "recipient_name": "R",
    "recipient_address": "B",
    "aed_received_at": "2026-03-01T00:00:00Z",
    "info_requested_at": None,
    "info_answered_at": None,
}


def one(level: int, policy: PostsPolicy, **fields: object) -> pd.Series:
    item = {"item_id": "EE123456785CN", "post_code": "CN1", **CLEAN, **fields}
    return gate_items(pd.DataFrame([item]), {"CN1": level}, policy, NOW).to_pandas().iloc[0]


def test_level0_releases_everything(policy: PostsPolicy) -> None:
    assert one(0, policy, aed_received_at=None)["action"] == "RELEASE"


def test_level1_inspects_flagged_items(policy: PostsPolicy) -> None:
    assert one(1, policy)["action"] == "RELEASE"
    flagged = one(1, policy, content_description="gift")
    assert flagged["action"] == "TARGETED_INSPECTION"
    assert flagged["flags"] == FLAGS["DESCRIPTION"]


def test_level2_hold_then_refuse_or_inspect(policy: PostsPolicy) -> None:
    hold = one(2, policy, aed_received_at=None)
    assert hold["action"] == "HOLD_PENDING_INFO"
    assert hold["deadline"] == pd.Timestamp(NOW) + pd.Timedelta(hours=policy.promptly_hours)
    asked = (NOW - dt.timedelta(hours=policy.promptly_hours + 1)).isoformat()
    assert one(2, policy, aed_received_at=None, info_requested_at=asked)["action"] == "REFUSE"
    answered = (NOW - dt.timedelta(minutes=30)).isoformat()
    provided = one(
        2, policy, aed_received_at=None, info_requested_at=asked, info_answered_at=answered
    )
    assert provided["action"] == "REFUSE"  # answered after the deadline: not promptly provided
    recent = (NOW - dt.timedelta(hours=2)).isoformat()
    ok = one(2, policy, aed_received_at=None, info_requested_at=recent, info_answered_at=answered)
    assert ok["action"] == "TARGETED_INSPECTION"
    assert one(2, policy)["action"] == "RELEASE"


def test_level2_scope_all(policy: PostsPolicy) -> None:
    scoped = dataclasses.replace(policy, gate_info_scope="all")
    assert one(2, scoped)["action"] == "HOLD_PENDING_INFO"


def test_level3_refuses_goods_regardless(policy: PostsPolicy) -> None:
    assert one(3, policy)["action"] == "REFUSE"
    assert one(3, policy, mail_class="LETTER_DOCUMENTS")["action"] == "TARGETED_INSPECTION"
    off = dataclasses.replace(policy, prevent_regardless_enabled=False)
    assert one(3, off)["action"] == "RELEASE"  # treated as level 2, data clean


def test_unknown_post_is_level0(policy: PostsPolicy) -> None:
    out = gate_items(pd.DataFrame([{"item_id": "X", "post_code": "ZZ9", **CLEAN}]), {}, policy, NOW)
    assert out.column("action").to_pylist() == ["RELEASE"]


def test_requires_columns(policy: PostsPolicy) -> None:
    with pytest.raises(InvalidInput):
        gate_items(pd.DataFrame({"item_id": ["X"]}), {}, policy, NOW)


def _reference(item: dict[str, object], level: int, p: PostsPolicy) -> str:
    goods = item["mail_class"] in p.aed_required_classes
    desc = str(item["content_description"] or "").strip().lower()
    flagged = goods and (
        pd.isna(item["aed_received_at"])
        or len(desc) < p.min_description_chars
        or desc in p.placeholder_descriptions
        or not (float(item["declared_value_usd"]) > p.min_value_usd)  # type: ignore[arg-type]
    )
    req = None if pd.isna(item["info_requested_at"]) else pd.Timestamp(item["info_requested_at"])  # type: ignore[arg-type]
    ans = None if pd.isna(item["info_answered_at"]) else pd.Timestamp(item["info_answered_at"])  # type: ignore[arg-type]
    due = (req or pd.Timestamp(NOW)) + pd.Timedelta(hours=p.promptly_hours)
    if level == 0 or (level in (1, 2) and not flagged):
        return "RELEASE"
    if level == 1:
        return "TARGETED_INSPECTION"
    if level == 2:
        if req is not None and ans is not None and ans <= due:
            return "TARGETED_INSPECTION"
        return "REFUSE" if due < pd.Timestamp(NOW) else "HOLD_PENDING_INFO"
    return "REFUSE" if goods else "TARGETED_INSPECTION"


stamps = st.one_of(
    st.none(), st.integers(-200, 0).map(lambda h: (NOW + dt.timedelta(hours=h)).isoformat())
)
item_st = st.fixed_dictionaries(
    {
        "mail_class": st.sampled_from(["PARCEL", "EMS", "LETTER_GOODS", "LETTER_DOCUMENTS"]),
        "declared_value_usd": st.sampled_from([0.0, 1.0, 5.0, 60.0]),
        "content_description": st.sampled_from(["gift", "", "ok", "wool socks", "Parts "]),
        "aed_received_at": st.sampled_from([None, "2026-03-01T00:00:00Z"]),
        "info_requested_at": stamps,
        "info_answered_at": stamps,
        "level": st.integers(0, 3),
    }
)


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(item_st, min_size=1, max_size=30))
def test_vectorised_matches_reference(policy: PostsPolicy, rows: list[dict[str, object]]) -> None:
    frame = pd.DataFrame(
        [
            {
                **CLEAN,
                **{k: v for k, v in r.items() if k != "level"},
                "item_id": f"I{i}",
                "post_code": f"P{r['level']}",
            }
            for i, r in enumerate(rows)
        ]
    )
    levels = {f"P{k}": k for k in range(4)}
    out = gate_items(frame, levels, policy, NOW).column("action").to_pylist()
    expected = [
        _reference(dict(frame.iloc[i]), int(r["level"]), policy) for i, r in enumerate(rows)
    ]  # type: ignore[call-overload]
    assert out == expected


def test_gate_decision_reads_aloud(policy: PostsPolicy) -> None:
    row = one(2, policy, aed_received_at=None).to_dict()
    decision = gate_decision(row, policy, NOW)
    assert decision.outcome == "HOLD_PENDING_INFO"
    assert decision.provision == "EO 13904 s.5(c)"
    assert "no aed" in decision.hits[0].reason and " by 2026-03-04" in decision.hits[0].reason
