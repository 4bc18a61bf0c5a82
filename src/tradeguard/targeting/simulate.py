"""The learning loop: replay time week by week, inspect only what was selected, learn only from
those results (pure).

Each week the declarations that arrive are the candidates (only those with a label in the data,
since only they can be "inspected" in a replay). The model is trained on the labels revealed
by earlier selections only; everything else that arrived before is history without labels.
Until ``cold_start_min_labels`` labels are revealed the week is a random sample. Running the
same replay with exploration share 0 (pure exploitation) and with the policy's share shows
what exploration buys.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradeguard.targeting.metrics import auc
from tradeguard.targeting.model import TargetingModel, encode_new, train_model
from tradeguard.targeting.params import TargetingPolicy
from tradeguard.targeting.selection import select_inspections

__all__ = ["SimulationResult", "WeekResult", "simulate"]


@dataclass(frozen=True, slots=True)
class WeekResult:
    week: dt.date
    candidates: int
    inspected: int
    found: int
    revenue: float
    explored: int
    labels_known: int  # revealed by earlier weeks' inspections when this week was chosen
    auc: float  # of the week's scores over all candidates (an oracle view the loop never uses)


@dataclass(frozen=True)
class SimulationResult:
    name: str
    exploration_share: float
    weeks: list[WeekResult]

    @property
    def found(self) -> int:
        return sum(w.found for w in self.weeks)

    @property
    def inspected(self) -> int:
        return sum(w.inspected for w in self.weeks)

    @property
    def revenue(self) -> float:
        return sum(w.revenue for w in self.weeks)

    def blocks(self, weeks: int = 4) -> list[tuple[dt.date, int, int, float, float]]:
        """Per block of weeks: first week, inspected, found, revenue, mean AUC."""
        out = []
        for i in range(0, len(self.weeks), weeks):
            part = self.weeks[i : i + weeks]
            aucs = [w.auc for w in part if not np.isnan(w.auc)]
            out.append((part[0].week, sum(w.inspected for w in part), sum(w.found for w in part),
                        sum(w.revenue for w in part), float(np.mean(aucs)) if aucs else np.nan))
        return out


def _monday(day: pd.Timestamp) -> pd.Timestamp:
    return (day - pd.Timedelta(days=day.weekday())).normalize()


def _model(history: pd.DataFrame, policy: TargetingPolicy, rounds: int) -> TargetingModel | None:
    labels = history["label"].dropna()
    if len(labels) < policy.cold_start_min_labels or labels.nunique() < 2:
        return None
    return train_model(history, policy, rounds=rounds)


def simulate(frame: pd.DataFrame, policy: TargetingPolicy, *, exploration_share: float,
             rate: float | None = None, name: str = "", retrain_every: int = 4,
             rounds: int | None = None) -> SimulationResult:
    """Replay ``frame`` week by week from its first Monday (see the module docstring)."""
    frame = frame.sort_values("date", kind="stable").reset_index(drop=True)
    week_of = frame["date"].map(_monday)
    revealed = np.zeros(len(frame), dtype=bool)
    results: list[WeekResult] = []
    model: TargetingModel | None = None
    for i, week in enumerate(sorted(week_of.unique())):
        now = (week_of == week).to_numpy()
        past = (week_of < week).to_numpy()
        history = frame[past].assign(label=frame["label"].where(revealed)[past])
        if model is None or i % retrain_every == 0:
            model = _model(history, policy, rounds or policy.retrain_rounds)
        week_rows = frame[now & frame["label"].notna().to_numpy()].reset_index(drop=True)
        feats = encode_new(history, week_rows, policy.prior_strength)
        p = model.predict(feats) if model is not None else np.full(len(week_rows), np.nan)
        scored = week_rows.assign(p=p, **{"importer:seen": feats.get("importer:seen", np.nan)})
        chosen = select_inspections(scored, policy, key=pd.Timestamp(week).date(), rate=rate,
                                    exploration_share=exploration_share)
        picked = chosen[chosen["selected"]]
        labels = picked["label"].to_numpy(dtype=np.float64)
        known_before = int(revealed.sum())
        revealed[np.flatnonzero(now & frame["label"].notna().to_numpy())[
            chosen["selected"].to_numpy()]] = True
        results.append(WeekResult(
            pd.Timestamp(week).date(), len(week_rows), len(picked), int(labels.sum()),
            float((picked["at_stake"] * picked["label"]).sum()),
            int(picked["reason"].isin(["explore", "random_no_model"]).sum()),
            known_before,
            auc(p, week_rows["label"].to_numpy()) if model is not None else float("nan")))
    return SimulationResult(name, exploration_share, results)
