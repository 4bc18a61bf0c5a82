"""The posts policy namespace and the package's public surface."""

from __future__ import annotations

import datetime as dt

import tradeguard.posts as posts
from tradeguard.policy import PolicyBook
from tradeguard.posts.params import posts_policy


def test_every_rule_is_tagged_and_sourced(book: PolicyBook) -> None:
    keys = [k for k in book.rules if k.startswith("posts.")]
    assert len(keys) > 40
    for key in keys:
        assert book.status(key) in ("law", "proposed", "assumption")
        assert book.rule(key).source
    for key in (
        "escalation.priority_targeting_quarters",
        "escalation.additional_info_quarters",
        "escalation.prevent_regardless_quarters",
    ):
        assert book.status(f"posts.{key}") == "law"


def test_policy_reads_for_any_day_since_the_order(book: PolicyBook) -> None:
    assert posts_policy(book, dt.date(2020, 1, 31)).level_quarters == (2, 6, 8)


def test_public_surface_is_pinned() -> None:
    assert sorted(posts.__all__) == sorted(
        [
            "ACTIONS",
            "HISTORY_COLUMNS",
            "INPUT_COLUMNS",
            "LEVEL_NAMES",
            "IorScreen",
            "PostState",
            "PostsPolicy",
            "Priors",
            "QuarterOutcome",
            "QuarterResult",
            "RobustnessResult",
            "empty_history",
            "eo_level",
            "fit_priors",
            "gate_items",
            "ior_facilitation_report",
            "levels_from_history",
            "posts_policy",
            "quarter_threshold",
            "quarterly_inputs",
            "robustness",
            "run_quarter",
            "score_inputs",
            "score_quarter",
            "step",
        ]
    )
    for name in posts.__all__:
        assert hasattr(posts, name)
