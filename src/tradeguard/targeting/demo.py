"""Targeting's step in the demo: learn from the world's inspected express shipments up to a
week, choose that week's inspections with explanations, and offer dispositions for what the
chosen inspections stop."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from tradeguard.domain.decisions import Decision
from tradeguard.errors import InvalidInput
from tradeguard.policy import PolicyBook
from tradeguard.store.repository import DecisionStore
from tradeguard.targeting.dispositions import StoppedItem, disposition_decision
from tradeguard.targeting.evaluate import EvaluationResult, evaluate, split_by_date
from tradeguard.targeting.mapping import MAPPINGS_DIR
from tradeguard.targeting.model import train_model
from tradeguard.targeting.params import targeting_policy
from tradeguard.targeting.service import SelectionRun, read_declarations, run_selection

__all__ = ["demo_step"]


def _figures(week: pd.DataFrame, run: SelectionRun, ev: EvaluationResult | None,
             stops: list[Decision]) -> list[tuple[str, str]]:
    chosen = run.chosen[run.chosen["selected"]]
    figures = [("express shipments in the week", f"{len(week):,}"),
               ("chosen for inspection", f"{len(chosen):,} ({run.policy.inspection_rate:.0%})")]
    figures += [(f"  of which {k}", f"{v:,}") for k, v in sorted(Counter(chosen["reason"]).items())]
    if ev is not None:
        at = {(r.method, r.rate): r for r in ev.rows}
        for method in sorted({r.method for r in ev.rows}):
            row = at.get((method, 0.05))
            if row:
                figures.append((f"backtest precision at 5%, {method}", f"{row.precision:.3f}"))
    figures += [(f"disposition offered: {k}", f"{v:,}")
                for k, v in sorted(Counter(d.outcome for d in stops).items())]
    return figures


def _stops(run: SelectionRun, raw: pd.DataFrame, when: dt.datetime) -> list[Decision]:
    chosen = run.chosen[run.chosen["selected"] & (run.chosen["label"] == 1)]
    finding = dict(zip(raw["operator_id"] + ":" + raw["waybill"], raw["finding"], strict=True))
    out = []
    for decl_id, value in zip(chosen["decl_id"], chosen["value"], strict=True):
        item = StoppedItem(f"shipment:{decl_id}", finding.get(str(decl_id), "NONE"),
                           float(value), float(value), 0)
        out.append(disposition_decision(item, run.policy, when))
    return out


def demo_step(engine: Engine, world_dir: Path, out_dir: Path, book: PolicyBook,
              as_of: dt.date) -> tuple[list[tuple[str, str]], list[Decision], dict[str, Path]]:
    """Figures, decisions (saved to the store) and files of targeting in the demo."""
    path = Path(world_dir) / "data" / "express_shipments.csv"
    frame = read_declarations([path], MAPPINGS_DIR / "express_shipments.yaml")[0]
    last = min(as_of, frame["date"].max().date())
    start = pd.Timestamp(last - dt.timedelta(days=6))
    history = frame[frame["date"] < start].reset_index(drop=True)
    week = frame[(frame["date"] >= start) & (frame["date"] <= pd.Timestamp(last))]
    policy = targeting_policy(book, start.date())
    try:
        ev: EvaluationResult | None = evaluate(*split_by_date(history), policy)
    except InvalidInput:  # a world too small to backtest still gets its selection
        ev = None
    model = train_model(history, policy)
    when = dt.datetime.combine(last, dt.time(), tzinfo=dt.UTC)
    run = run_selection(model, history, week.reset_index(drop=True), book, decided_at=when)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    stops = _stops(run, raw, when)
    decisions = run.decisions + stops
    DecisionStore(engine).save(decisions, run_id=f"targeting-{start.date()}")
    folder = Path(out_dir) / "targeting"
    folder.mkdir(parents=True, exist_ok=True)
    artifacts = {"inspection selection (CSV)": folder / f"selection-{start.date()}.csv"}
    keep = ["decl_id", "date", "p", "priority", "selected", "reason"]
    run.chosen[keep].assign(p=np.round(run.chosen["p"], 4)).to_csv(
        artifacts["inspection selection (CSV)"], index=False)
    if ev is not None:
        artifacts["backtest (Markdown)"] = folder / "backtest.md"
        artifacts["backtest (Markdown)"].write_text(ev.table() + "\n", encoding="utf-8")
    return _figures(week, run, ev, stops), decisions, artifacts
