"""The thin edge of targeting: read files, call the pure core, save decisions.

The CLI (``tradeguard targeting ...``) and the demo call these functions and nothing deeper.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from tradeguard.domain.decisions import Decision
from tradeguard.errors import InvalidInput
from tradeguard.policy import PolicyBook
from tradeguard.targeting.decide import selection_decisions
from tradeguard.targeting.evaluate import EvaluationResult, evaluate, split_by_date
from tradeguard.targeting.frame import canonical_frame
from tradeguard.targeting.mapping import ColumnMapping, load_mapping
from tradeguard.targeting.model import TargetingModel, encode_new
from tradeguard.targeting.params import TargetingPolicy, targeting_policy
from tradeguard.targeting.selection import select_inspections

__all__ = ["SelectionRun", "evaluate_files", "read_declarations", "run_selection"]


def read_declarations(paths: Sequence[str | Path], mapping: ColumnMapping | str | Path
                      ) -> list[pd.DataFrame]:
    """One canonical frame per CSV file (bad rows raise with file, line and field)."""
    if not isinstance(mapping, ColumnMapping):
        mapping = load_mapping(mapping)
    frames = []
    for path in paths:
        try:
            raw = pd.read_csv(path, dtype=str, keep_default_na=False)
        except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"cannot read {path}: {exc}") from None
        frames.append(canonical_frame(raw, mapping, str(path)))
    return frames


def _concat(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    both = pd.concat(list(frames), ignore_index=True)
    return both.sort_values("date", kind="stable").reset_index(drop=True)


def evaluate_files(paths: Sequence[str | Path], mapping: ColumnMapping | str | Path,
                   book: PolicyBook, *, split: dt.date | None = None,
                   rounds: int | None = None) -> EvaluationResult:
    """Time-ordered evaluation of files. With several files and no ``split``, the last file is
    the test period (it must start after the others end); otherwise the split day divides."""
    frames = read_declarations(paths, mapping)
    if split is None and len(frames) > 1:
        train, test = _concat(frames[:-1]), frames[-1]
        if test["date"].min() <= train["date"].max():
            raise InvalidInput(f"{paths[-1]} must start after the training files end"
                               f" ({train['date'].max().date()}); or give --split")
    else:
        train, test = split_by_date(_concat(frames), split)
    policy = targeting_policy(book, test["date"].min().date())
    return evaluate(train, test, policy, rounds=rounds)


@dataclass(frozen=True)
class SelectionRun:
    """One period's selection: every row with its score and choice, and the decisions."""

    chosen: pd.DataFrame
    decisions: list[Decision]
    policy: TargetingPolicy


def run_selection(model: TargetingModel | None, history: pd.DataFrame, new: pd.DataFrame,
                  book: PolicyBook, *, rate: float | None = None,
                  priority_posts: frozenset[str] = frozenset(),
                  decided_at: dt.datetime | None = None) -> SelectionRun:
    """Score ``new`` against ``history`` (no model: random), choose, explain each choice."""
    first = new["date"].min().date()
    policy = targeting_policy(book, first)
    feats = encode_new(history, new, policy.prior_strength)
    p = model.predict(feats) if model is not None else float("nan")
    scored = new.assign(p=p, **{"importer:seen": feats.get("importer:seen", float("nan"))})
    chosen = select_inspections(scored, policy, key=first, rate=rate,
                                priority_posts=priority_posts)
    when = decided_at or dt.datetime.combine(first, dt.time(), tzinfo=dt.UTC)
    return SelectionRun(chosen, selection_decisions(chosen, feats, model, policy, when), policy)


def demo_step(engine: Engine, world_dir: Path, out_dir: Path, book: PolicyBook,
              as_of: dt.date) -> tuple[list[tuple[str, str]], list[Decision], dict[str, Path]]:
    """Targeting in the demo: see :func:`tradeguard.targeting.demo.demo_step`."""
    from tradeguard.targeting.demo import demo_step as step

    return step(engine, world_dir, out_dir, book, as_of)
