"""Job ``posts-inputs``: quarterly per-post inputs from item-level mail records (EO 13904 s.4).

The SQL is the posts capability's own (:func:`tradeguard.posts.aggregate.inputs_sql`), so the
job and ``quarterly_inputs`` can never drift apart; it reads ``mail_items`` partitioned by
quarter and returns one row per post and quarter.
"""

from __future__ import annotations

from pathlib import Path

from tradeguard.jobs.options import JobOptions, columns_of
from tradeguard.jobs.plan import JobPlan, Sql
from tradeguard.policy import load_policy
from tradeguard.posts.aggregate import inputs_sql
from tradeguard.posts.params import posts_policy

__all__ = ["posts_inputs_plan"]

_ARROW_TO_SQL = {"bool": "BOOLEAN", "double": "DOUBLE", "date32[day]": "DATE"}


def posts_inputs_plan(root: Path, options: JobOptions) -> JobPlan:
    """The plan over ``root/mail_items``."""
    items = root / "mail_items"
    types = {
        name: _ARROW_TO_SQL.get(
            kind, "TIMESTAMP WITH TIME ZONE" if kind.startswith("timestamp") else "VARCHAR"
        )
        for name, kind in columns_of(items).items()
    }
    policy = posts_policy(load_policy(), options.policy_day)
    return JobPlan(
        "posts-inputs",
        {"items": items},
        (Sql("inputs", inputs_sql(types, policy, view="items")),),
        "inputs",
        ("post_code", "quarter"),
        "one row per post and quarter: items, AED, quality, sample findings, requests",
    )
