"""Publications render from the active policy and results, byte for byte the same each time."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd

from tradeguard.domain.calendar import Quarter
from tradeguard.posts.charts import score_history_svg
from tradeguard.posts.metric import quarter_threshold
from tradeguard.posts.params import PostsPolicy
from tradeguard.posts.publish import (
    circular_text,
    guidance_html,
    history_charts_html,
    measures_report_html,
    noncompliant_list,
    noncompliant_list_html,
)

Q = Quarter.parse("FY2027Q2")


def history() -> pd.DataFrame:
    rows = []
    q = Quarter.parse("FY2025Q1")
    for i in range(10):
        for post, score in (("BAD1", 20.0 + i), ("GOOD1", 70.0), ("THIN1", np.nan)):
            scored = not np.isnan(score)
            rows.append(
                {
                    "post_code": post,
                    "quarter": str(q),
                    "score": score,
                    "threshold": 42.3,
                    "scored": scored,
                    "noncompliant": post == "BAD1",
                    "p_below": 0.99 if post == "BAD1" else 0.0,
                    "counter": i + 1 if post == "BAD1" else 0,
                    "tier": min(3, [0, 0, 1, 1, 1, 1, 2, 2, 3, 3][i]) if post == "BAD1" else 0,
                    "outcome": "NON_COMPLIANT"
                    if post == "BAD1"
                    else ("COMPLIANT" if scored else "INSUFFICIENT_DATA"),
                }
            )
        q = q.next()
    frame = pd.DataFrame(rows)
    frame["level"] = frame["tier"].map(
        {
            0: "NONE",
            1: "PRIORITY_TARGETING",
            2: "ADDITIONAL_INFO_REQUIRED",
            3: "PREVENT_IMPORTATION_REGARDLESS",
        }
    )
    return frame


def test_guidance_reads_the_policy(policy: PostsPolicy) -> None:
    html = guidance_html(policy)
    assert html == guidance_html(policy)
    assert f"{quarter_threshold(policy):.1f}" in html
    assert f"{policy.promptly_hours:g} hours" in html
    assert "[law]" in html and "[assumption]" in html
    assert "removed" in html.lower() or "lifted" in html
    ET.fromstring(html.split("<!DOCTYPE html>\n", 1)[1].replace('<meta charset="utf-8">', ""))


def test_list_and_report(policy: PostsPolicy) -> None:
    h = history()
    current = h[h["quarter"] == str(Q)]
    listed = noncompliant_list(current)
    assert listed["post_code"].tolist() == ["BAD1"]
    html = noncompliant_list_html(current, Q, {"BAD1": "Post of Badland"})
    assert "Post of Badland" in html and "THIN1" in html  # unscored posts are named
    report = measures_report_html(h, Q, policy)
    assert "BAD1" in report and "<svg" in report and "GOOD1" not in report
    assert report == measures_report_html(h, Q, policy)


def test_circular_states_levels(policy: PostsPolicy) -> None:
    text = circular_text(policy)
    for k in policy.level_quarters:
        assert f"{k}+" in text
    assert "fentanyl" in text


def test_chart_is_valid_svg_and_deterministic() -> None:
    rows = history()
    bad = rows[rows["post_code"] == "BAD1"]
    svg = score_history_svg(bad, "BAD1")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert svg.count("<circle") == 10 and "#c62828" in svg and "stroke-dasharray" in svg
    assert svg == score_history_svg(bad, "BAD1")
    thin = score_history_svg(rows[rows["post_code"] == "THIN1"], "THIN1")
    assert "n/d" in thin
    assert history_charts_html(rows).count("<svg") == 3
