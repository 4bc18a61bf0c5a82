"""The declaration risk model: gradient-boosted trees (LightGBM) over time-safe features.

``train_model`` encodes every training row from earlier days only, then fits on the labelled
rows. ``score`` encodes new rows against a history (their own labels hidden) and returns the
probability of a finding. The model is saved as one JSON file (trees as LightGBM text), made
by code, never downloaded.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tradeguard.errors import InvalidInput, Unavailable
from tradeguard.targeting.features import feature_frame
from tradeguard.targeting.params import TargetingPolicy

__all__ = ["TargetingModel", "encode_new", "lightgbm", "score", "train_model"]

FIXED_PARAMS: dict[str, Any] = {
    "objective": "binary", "verbose": -1, "deterministic": True, "force_row_wise": True,
}
#: One thread unless the policy says otherwise: faster on a shared machine, and reproducible.
DEFAULT_PARAMS: dict[str, Any] = {"num_threads": 1}


def lightgbm() -> Any:
    """The LightGBM module, or :class:`Unavailable` saying how to install it."""
    try:
        import lightgbm as lgb
    except ImportError:  # pragma: no cover - depends on the environment
        raise Unavailable("entry targeting needs LightGBM: pip install lightgbm==4.7.0") from None
    return lgb


@dataclass(frozen=True)
class TargetingModel:
    """A trained model with what scoring needs to rebuild its inputs exactly."""

    booster: Any
    features: tuple[str, ...]
    categories: Mapping[str, tuple[str, ...]]
    trained_until: dt.date
    prior_strength: float
    base_rate: float
    rows: int

    def save(self, path: str | Path) -> Path:
        meta = {
            "features": list(self.features), "categories": {k: list(v) for k, v in
                                                            self.categories.items()},
            "trained_until": self.trained_until.isoformat(), "prior_strength": self.prior_strength,
            "base_rate": self.base_rate, "rows": self.rows, "trees": self.booster.model_to_string(),
        }
        Path(path).write_text(json.dumps(meta), encoding="utf-8")
        return Path(path)

    @classmethod
    def load(cls, path: str | Path) -> TargetingModel:
        try:
            meta = json.loads(Path(path).read_text(encoding="utf-8"))
            booster = lightgbm().Booster(model_str=meta["trees"])
            return cls(booster, tuple(meta["features"]),
                       {k: tuple(v) for k, v in meta["categories"].items()},
                       dt.date.fromisoformat(meta["trained_until"]),
                       float(meta["prior_strength"]), float(meta["base_rate"]), int(meta["rows"]))
        except (OSError, ValueError, KeyError) as exc:
            raise InvalidInput(f"{path} is not a targeting model file: {exc}") from None

    def matrix(self, feats: pd.DataFrame) -> pd.DataFrame:
        """The model's input matrix: its columns, categories mapped to its training levels.

        Columns are renamed ``f0, f1, ...`` (LightGBM refuses some characters in names).
        """
        out = feats.reindex(columns=list(self.features))
        for name, levels in self.categories.items():
            known = out[name].astype("string")
            known = known.where(known.isin(levels))  # a value unseen in training is missing
            out[name] = pd.Categorical(known, categories=list(levels))
        out.columns = [f"f{i}" for i in range(len(self.features))]
        return out

    def predict(self, feats: pd.DataFrame) -> np.ndarray:
        return np.asarray(self.booster.predict(self.matrix(feats)), dtype=np.float64)

    def contributions(self, feats: pd.DataFrame) -> np.ndarray:
        """Per-row, per-feature contributions to the log-odds (last column: the bias)."""
        raw = self.booster.predict(self.matrix(feats), pred_contrib=True)
        return np.asarray(raw, dtype=np.float64)


def _categories(feats: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    cats = [c for c in feats.columns if c.startswith("cat:")]
    return {c: tuple(sorted(feats[c].dropna().astype(str).unique())) for c in cats}


def train_model(frame: pd.DataFrame, policy: TargetingPolicy, *,
                rounds: int | None = None) -> TargetingModel:
    """Fit on the labelled rows of ``frame``, each encoded from earlier days only.

    Unlabelled rows (not inspected) still count as activity in the history features.
    """
    labelled = frame["label"].notna().to_numpy()
    y = frame["label"].to_numpy(dtype=np.float64, na_value=np.nan)[labelled]
    if labelled.sum() < 2 or len(set(y.tolist())) < 2:
        raise InvalidInput("training needs labelled rows of both classes (found and clean)")
    feats = feature_frame(frame, prior_strength=policy.prior_strength)
    shell = TargetingModel(None, tuple(feats.columns), _categories(feats[labelled]),
                           (frame["date"].max() + pd.Timedelta(days=1)).date(),
                           policy.prior_strength, float(y.mean()), int(labelled.sum()))
    chosen = {k: v for k, v in policy.model_params.items() if k != "rounds"}
    params = DEFAULT_PARAMS | chosen | FIXED_PARAMS
    n_rounds = int(rounds or policy.model_params.get("rounds", 400))
    lgb = lightgbm()
    data = lgb.Dataset(shell.matrix(feats[labelled]), label=y, free_raw_data=True)
    booster = lgb.train(params, data, num_boost_round=n_rounds)
    return TargetingModel(booster, shell.features, shell.categories, shell.trained_until,
                          shell.prior_strength, shell.base_rate, shell.rows)


def encode_new(history: pd.DataFrame, new: pd.DataFrame, prior_strength: float,
               label_until: dt.date | None = None) -> pd.DataFrame:
    """Features of ``new`` rows against ``history``; the new rows' own labels are hidden."""
    hidden = new.assign(label=np.nan)
    both = pd.concat([history, hidden], ignore_index=True)
    feats = feature_frame(both, label_until=label_until, prior_strength=prior_strength)
    return feats.iloc[len(history):].reset_index(drop=True)


def score(model: TargetingModel, history: pd.DataFrame, new: pd.DataFrame) -> np.ndarray:
    """Probability of a finding for each row of ``new``, from ``history`` and the row itself."""
    return model.predict(encode_new(history, new, model.prior_strength))
