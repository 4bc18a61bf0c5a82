"""Features of a declaration from what was known before its day (pure, vectorised).

For each *key* (importer, declarant, seller, product and its 4- and 2-digit headings, origin,
departure, office, post, and pairs such as product x origin) a row gets, from the rows of
**earlier days only**:

* ``KEY:seen`` - declarations with that key,
* ``KEY:inspected`` - of which labelled (inspected, and label known at the time),
* ``KEY:found`` - of which a finding,
* ``KEY:rate`` - the finding rate, smoothed toward the overall rate of earlier days.

A row's own label, the labels of its own day and of later days never enter its features; a
``label_until`` day hides labels on and after it too (labels not yet known when scoring). This
is the time-ordered form of out-of-fold target encoding: every training row is encoded only
from rows before it. Row-level features (value, mass, duty rate, extra categorical columns)
come from the row itself and are never labels.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

__all__ = ["CATEGORICAL_ROLES", "feature_frame", "key_groups", "numeric_features"]

#: Single-role keys, then pairs; a key is used when all its roles are in the frame.
KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("importer", ("importer",)),
    ("declarant", ("declarant",)),
    ("seller", ("seller",)),
    ("courier", ("courier",)),
    ("product", ("product",)),
    ("heading", ("heading",)),
    ("chapter", ("chapter",)),
    ("origin", ("origin",)),
    ("departure", ("departure",)),
    ("office", ("office",)),
    ("post", ("post",)),
    ("product_origin", ("product", "origin")),
    ("importer_product", ("importer", "product")),
    ("declarant_product", ("declarant", "product")),
    ("seller_product", ("seller", "product")),
    ("importer_declarant", ("importer", "declarant")),
    ("importer_seller", ("importer", "seller")),
)
#: Low-cardinality roles also given to the model as categories.
CATEGORICAL_ROLES = ("origin", "departure", "office")


def _with_headings(frame: pd.DataFrame) -> pd.DataFrame:
    if "product" not in frame:
        return frame
    out = frame.copy()
    out["heading"] = frame["product"].str.slice(0, 4)
    out["chapter"] = frame["product"].str.slice(0, 2)
    return out


def key_groups(frame: pd.DataFrame) -> list[tuple[str, tuple[str, ...]]]:
    """The keys this frame supports (all their roles present)."""
    present = set(_with_headings(frame).columns)
    return [(name, roles) for name, roles in KEYS if set(roles) <= present]


def _codes(frame: pd.DataFrame, roles: tuple[str, ...]) -> np.ndarray:
    codes = np.zeros(len(frame), dtype=np.int64)
    for role in roles:
        part, uniques = pd.factorize(frame[role], use_na_sentinel=True)
        part = part.astype(np.int64)
        codes = np.where((codes < 0) | (part < 0), -1, codes * (len(uniques) + 1) + part)
    return codes


def _before_day(codes: np.ndarray, day: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Per row, the column sums of ``counts`` over rows with the same code and an earlier day."""
    order = np.lexsort((day, codes))
    k, d, v = codes[order], day[order], counts[order]
    excl = np.cumsum(v, axis=0) - v  # exact: integer counts
    idx = np.arange(len(k))
    new_group = np.ones(len(k), dtype=bool)
    new_group[1:] = k[1:] != k[:-1]
    new_block = new_group.copy()
    new_block[1:] |= d[1:] != d[:-1]
    gstart = np.maximum.accumulate(np.where(new_group, idx, 0))
    bstart = np.maximum.accumulate(np.where(new_block, idx, 0))
    out = np.empty(v.shape, dtype=np.float64)
    out[order] = excl[bstart] - excl[gstart]
    out[codes < 0] = np.nan
    return out


def _day_numbers(frame: pd.DataFrame) -> np.ndarray:
    return np.asarray(frame["date"].to_numpy().astype("datetime64[D]").astype(np.int64))


def _label_counts(frame: pd.DataFrame, label_until: dt.date | None) -> np.ndarray:
    label = frame["label"].to_numpy(dtype=np.float64, na_value=np.nan)
    known = ~np.isnan(label)
    if label_until is not None:
        known &= (frame["date"] < pd.Timestamp(label_until)).to_numpy()
    counts = np.zeros((len(frame), 3), dtype=np.int64)
    counts[:, 0] = 1
    counts[:, 1] = known
    counts[:, 2] = known & (label > 0)
    return counts


def numeric_features(frame: pd.DataFrame) -> pd.DataFrame:
    """Row-level numbers: log value, log mass, duty rate, log unit value, log revenue at stake."""
    out = pd.DataFrame(index=frame.index)
    if "value" in frame:
        out["value_log"] = np.log1p(frame["value"].clip(lower=0))
    if "mass" in frame:
        out["mass_log"] = np.log1p(frame["mass"].clip(lower=0))
    if "value" in frame and "mass" in frame:
        per_kg = frame["value"].clip(lower=0) / frame["mass"].clip(lower=1e-3)
        out["unit_value_log"] = np.log1p(per_kg)
    if "duty_rate_pct" in frame:
        out["duty_rate_pct"] = frame["duty_rate_pct"]
    out["at_stake_log"] = np.log1p(frame["at_stake"].clip(lower=0))
    if "origin" in frame and "departure" in frame:
        out["origin_is_departure"] = (frame["origin"] == frame["departure"]).astype("float64")
    return out


def feature_frame(frame: pd.DataFrame, *, label_until: dt.date | None = None,
                  prior_strength: float = 5.0) -> pd.DataFrame:
    """Every feature of every row of ``frame``, from earlier days only (see module docstring).

    Categorical columns (``cat:*`` and the roles in :data:`CATEGORICAL_ROLES`) are returned as
    strings; the model turns them into its own categories.
    """
    frame = _with_headings(frame)
    day = _day_numbers(frame)
    counts = _label_counts(frame, label_until)
    overall = _before_day(np.zeros(len(frame), dtype=np.int64), day, counts)
    with np.errstate(invalid="ignore", divide="ignore"):
        prior = overall[:, 2] / overall[:, 1]
    columns: dict[str, np.ndarray] = {}
    for name, roles in key_groups(frame):
        sums = _before_day(_codes(frame, roles), day, counts)
        columns[f"{name}:seen"] = sums[:, 0]
        columns[f"{name}:inspected"] = sums[:, 1]
        columns[f"{name}:found"] = sums[:, 2]
        with np.errstate(invalid="ignore", divide="ignore"):  # nothing inspected yet: NaN
            columns[f"{name}:rate"] = (sums[:, 2] + prior_strength * prior) / (
                sums[:, 1] + prior_strength)
    out = pd.concat([pd.DataFrame(columns, index=frame.index), numeric_features(frame)], axis=1)
    for role in (*CATEGORICAL_ROLES, *[c for c in frame.columns if c.startswith("cat:")]):
        if role in frame:
            out[role if role.startswith("cat:") else f"cat:{role}"] = frame[role]
    return out
