"""Service functions: one call per job, data in and results out (no store, no HTTP).

``run_quarter`` aggregates the mail items, fits the year's priors, scores every post, steps
each post's escalation state and returns the decisions and the updated history. The history is
a plain table (one row per post and quarter, :data:`HISTORY_COLUMNS`) that the caller keeps
wherever it likes (the store, a Parquet file); passing it back next quarter is all the state
the programme needs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradeguard.domain.calendar import Quarter
from tradeguard.domain.decisions import Decision
from tradeguard.policy import PolicyBook
from tradeguard.posts.aggregate import COUNT_COLUMNS, INPUT_COLUMNS, ItemsSource, quarterly_inputs
from tradeguard.posts.explain import measures_decision, quarter_decision
from tradeguard.posts.metric import Priors, fit_priors, prior_window, score_quarter
from tradeguard.posts.params import CATEGORIES, PostsPolicy, posts_policy
from tradeguard.posts.status import LEVEL_NAMES, PostState, QuarterOutcome, step

__all__ = [
    "HISTORY_COLUMNS",
    "QuarterResult",
    "empty_history",
    "levels_from_history",
    "run_quarter",
    "score_inputs",
]

RESULT_COLUMNS: tuple[str, ...] = (
    "outcome",
    "scored",
    "noncompliant",
    "score",
    "threshold",
    "p_below",
    "rho_per_10k",
    "counter",
    "tier",
    "level",
    "streak",
    "attested",
    "policy_version",
)
HISTORY_COLUMNS: tuple[str, ...] = (*INPUT_COLUMNS, *RESULT_COLUMNS)


@dataclass(frozen=True, slots=True)
class QuarterResult:
    """Everything one quarter's run produced."""

    quarter: Quarter
    policy: PostsPolicy
    threshold: float
    priors: Priors
    scores: pd.DataFrame  # one row per post: inputs, indicators, pillars, score, status
    decisions: tuple[Decision, ...]
    history: pd.DataFrame  # the history given, with this quarter's rows (re)placed


def empty_history() -> pd.DataFrame:
    """A history with no quarters yet."""
    return pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in HISTORY_COLUMNS})


def _dtype(col: str) -> str:
    if col in ("post_code", "quarter", "outcome", "level", "policy_version"):
        return "object"
    if col in ("scored", "noncompliant", "attested"):
        return "bool"
    if col in (*COUNT_COLUMNS, "counter", "tier", "streak"):
        return "int64"
    return "float64"


def _quarter_key(label: str) -> Quarter:
    return Quarter.parse(label)


def _zero_rows(posts: Collection[str], quarter: Quarter) -> pd.DataFrame:
    frame = pd.DataFrame({"post_code": sorted(posts), "quarter": str(quarter)})
    for c in COUNT_COLUMNS:
        frame[c] = 0
    return frame


def _pool(current: pd.DataFrame, previous: pd.DataFrame, policy: PostsPolicy) -> pd.DataFrame:
    out = current.reset_index(drop=True).copy()
    out["pooled"] = False
    if not policy.pool_previous or previous.empty:
        return out
    cols = ["n_sampled", *(f"x_{k}" for k in CATEGORIES)]
    prev = previous.set_index("post_code")[cols].reindex(out["post_code"]).fillna(0)
    short = (out["n_sampled"].to_numpy() < policy.min_sample) & (prev["n_sampled"].to_numpy() > 0)
    for c in cols:
        out[c] = out[c].to_numpy() + np.where(short, prev[c].to_numpy().astype("int64"), 0)
    out["pooled"] = short
    return out


def _baselines(history: pd.DataFrame, quarter: Quarter, policy: PostsPolicy) -> dict[str, float]:
    window, q = [], quarter
    for _ in range(policy.baseline_quarters):
        q = q.previous()
        window.append(str(q))
    rows = history[history["quarter"].isin(window) & history["scored"].astype(bool)]
    counts = rows.groupby("post_code")["rho_per_10k"].agg(["mean", "count"])
    ok = counts[counts["count"] >= policy.min_baseline_quarters]
    return {str(k): float(v) for k, v in ok["mean"].items()}


def _previous_state(
    history: pd.DataFrame, post: str, quarter: Quarter, policy: PostsPolicy
) -> PostState:
    rows = history[(history["post_code"] == post)]
    rows = rows[rows["quarter"].map(lambda s: _quarter_key(s) < quarter)]
    if rows.empty:
        return PostState()
    order = rows["quarter"].map(lambda s: (_quarter_key(s).year, _quarter_key(s).number))
    last = rows.iloc[int(np.argmax([y * 10 + n for y, n in order]))]
    state = PostState(int(last["counter"]), int(last["tier"]), int(last["streak"]))
    gap = _quarter_key(str(last["quarter"]))
    while gap.next() < quarter:  # quarters with no record are quarters not scored
        state = step(state, QuarterOutcome(scored=False, noncompliant=False), policy)
        gap = gap.next()
    return state


def score_inputs(
    inputs: pd.DataFrame,
    history: pd.DataFrame,
    book: PolicyBook,
    quarter: Quarter,
    *,
    posts: Collection[str] = (),
    attested: Collection[str] = (),
    decided_at: dt.datetime | None = None,
) -> QuarterResult:
    """Score ``quarter`` from aggregated inputs (any quarters; history fills the rest)."""
    policy = posts_policy(book, quarter.start)
    decided_at = decided_at or dt.datetime.combine(quarter.end + dt.timedelta(days=1), dt.time())
    known = history[list(INPUT_COLUMNS)] if len(history) else inputs.iloc[0:0]
    all_inputs = pd.concat([inputs[list(INPUT_COLUMNS)], known]).drop_duplicates(
        ["post_code", "quarter"], keep="first"
    )
    current = all_inputs[all_inputs["quarter"] == str(quarter)]
    missing = set(posts) - set(current["post_code"])
    if missing:
        current = pd.concat([current, _zero_rows(missing, quarter)])
    current = current.sort_values("post_code").reset_index(drop=True)
    previous = all_inputs[all_inputs["quarter"] == str(quarter.previous())]
    priors = fit_priors(all_inputs, quarter, policy)
    scores = score_quarter(
        _pool(current, previous, policy), priors, _baselines(history, quarter, policy), policy
    )
    scores["known_post"] = scores["post_code"].isin(set(posts)) if posts else True
    decisions, states = _step_all(
        scores, history, quarter, policy, set(attested), priors, decided_at
    )
    for col in ("counter", "tier", "streak"):
        scores[col] = [getattr(s, col) for s in states]
    scores["level"] = [LEVEL_NAMES[s.tier] for s in states]
    scores["attested"] = scores["post_code"].isin(set(attested))
    scores["policy_version"] = policy.version
    new_rows = current[list(INPUT_COLUMNS)].merge(
        scores[["post_code", *[c for c in RESULT_COLUMNS]]], on="post_code"
    )
    kept = history[history["quarter"] != str(quarter)] if len(history) else empty_history()
    updated = pd.concat([kept.astype(new_rows.dtypes.to_dict()), new_rows], ignore_index=True)
    updated = updated.sort_values(["quarter", "post_code"], key=_sort_key).reset_index(drop=True)
    threshold = float(scores["threshold"].iloc[0]) if len(scores) else float("nan")
    return QuarterResult(quarter, policy, threshold, priors, scores, tuple(decisions), updated)


def _sort_key(col: pd.Series) -> pd.Series:
    if col.name == "quarter":
        return col.map(lambda s: (_quarter_key(s).year, _quarter_key(s).number))
    return col


def _step_all(
    scores: pd.DataFrame,
    history: pd.DataFrame,
    quarter: Quarter,
    policy: PostsPolicy,
    attested: set[str],
    priors: Priors,
    decided_at: dt.datetime,
) -> tuple[list[Decision], list[PostState]]:
    decisions: list[Decision] = []
    states: list[PostState] = []
    for record in scores.to_dict("records"):
        row = {str(k): v for k, v in record.items()}
        post = str(row["post_code"])
        before = _previous_state(history, post, quarter, policy) if len(history) else PostState()
        score = None if np.isnan(row["score"]) else float(row["score"])
        outcome = QuarterOutcome(
            bool(row["scored"]),
            bool(row["noncompliant"]),
            score,
            float(row["threshold"]),
            post in attested,
        )
        after = step(before, outcome, policy)
        states.append(after)
        decisions.append(quarter_decision(row, priors, policy, decided_at))
        change = measures_decision(post, str(quarter), before, after, policy, decided_at)
        if change is not None:
            decisions.append(change)
    return decisions, states


def run_quarter(
    items_source: ItemsSource,
    posts_table: pd.DataFrame | None,
    history: pd.DataFrame | None,
    book: PolicyBook,
    quarter: Quarter,
    *,
    attested: Collection[str] = (),
    decided_at: dt.datetime | None = None,
) -> QuarterResult:
    """Aggregate, score and step one quarter.

    >>> result = run_quarter("mail_items.csv", posts, history, load_policy(),
    ...                      Quarter.parse("FY2026Q2"))  # doctest: +SKIP
    >>> result.scores[["post_code", "score", "outcome", "level"]]  # doctest: +SKIP
    """
    policy = posts_policy(book, quarter.start)
    start = min(
        prior_window(quarter, policy.prior_window)[0], _back(quarter, policy.baseline_quarters)
    )
    inputs = quarterly_inputs(items_source, policy, between=(start.start, quarter.end))
    posts = [] if posts_table is None else list(posts_table["post_code"].astype(str))
    hist = empty_history() if history is None else history
    return score_inputs(
        inputs, hist, book, quarter, posts=posts, attested=attested, decided_at=decided_at
    )


def _back(quarter: Quarter, n: int) -> Quarter:
    q = quarter
    for _ in range(n):
        q = q.previous()
    return q


def levels_from_history(history: pd.DataFrame) -> dict[str, int]:
    """The measures in force (tier 0-3) per post: its latest quarter in the history."""
    if history.empty:
        return {}
    keyed = history.assign(
        _k=history["quarter"].map(lambda s: (_quarter_key(s).year, _quarter_key(s).number))
    )
    latest = keyed.sort_values("_k").groupby("post_code").tail(1)
    return {str(p): int(t) for p, t in zip(latest["post_code"], latest["tier"], strict=True)}
