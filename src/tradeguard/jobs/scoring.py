"""Job ``score-declarations``: batch scoring of declarations with a trained LightGBM model
(EO 13785 s.4(a)).

The heavy part, the history features of :mod:`tradeguard.targeting.features` (for each key,
declarations, inspections and findings on *earlier days*, and the smoothed finding rate), is
SQL: counts per key and day, a running sum over earlier days (a window ending one row before),
joined back to the rows to score. Rows on or after ``score_from`` are scored with their own
labels hidden, exactly as :func:`tradeguard.targeting.model.score` does. The row-level
features (:func:`~tradeguard.targeting.features.numeric_features`) and the model run in a
batch stage (``mapInPandas`` on Spark) with the model shipped as text to every worker.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from tradeguard.errors import InvalidInput
from tradeguard.jobs.options import JobOptions, columns_of
from tradeguard.jobs.plan import Batch, JobPlan, Sql, lit
from tradeguard.targeting.features import CATEGORICAL_ROLES, key_groups, numeric_features
from tradeguard.targeting.mapping import KEY_ROLES
from tradeguard.targeting.model import TargetingModel

__all__ = ["SCORE_COLUMNS", "ScoreBatch", "history_sql", "score_declarations_plan"]

SCORE_COLUMNS = ("decl_id", "date", "p")
_SCORES = pa.schema([("decl_id", pa.string()), ("date", pa.date32()), ("p", pa.float64())])
_NUMERIC = ("value", "mass", "duty_rate_pct", "at_stake")
_WINDOW = "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING"


@lru_cache(maxsize=2)
def _model(text: str, digest: str) -> TargetingModel:
    from tempfile import NamedTemporaryFile

    with NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        return TargetingModel.load(handle.name)


def _key_groups(columns: set[str]) -> list[tuple[str, tuple[str, ...]]]:
    probe = pd.DataFrame({c: pd.Series(["x"], dtype=object) for c in sorted(columns)})
    return key_groups(probe)


@dataclass(frozen=True)
class ScoreBatch:
    """Batch function: rows with history counts (``k_<key>_<count>``) to ``(decl_id, date, p)``.

    ``model_text`` is the model file's content, so that the function pickles to any worker.
    """

    model_text: str
    keys: tuple[str, ...]

    def __call__(self, frame: pd.DataFrame) -> pd.DataFrame:
        model = _model(self.model_text, hashlib.sha256(self.model_text.encode()).hexdigest())
        rows = frame.rename(columns=lambda c: c.replace("cat_", "cat:", 1))
        for col in _NUMERIC:
            if col in rows:
                rows[col] = pd.to_numeric(rows[col]).astype("float64")
        columns: dict[str, pd.Series] = {}
        for name in self.keys:
            for part, col in (
                ("seen", "seen"),
                ("inspected", "insp"),
                ("found", "found"),
                ("rate", "rate"),
            ):
                columns[f"{name}:{part}"] = rows[f"k_{name}_{col}"].astype("float64")
        feats = pd.concat([pd.DataFrame(columns, index=rows.index), numeric_features(rows)], axis=1)
        for role in (*CATEGORICAL_ROLES, *[c for c in rows.columns if c.startswith("cat:")]):
            if role in rows:
                feats[role if role.startswith("cat:") else f"cat:{role}"] = rows[role]
        p = model.predict(feats) if len(feats) else np.zeros(0)
        return pd.DataFrame({"decl_id": rows["decl_id"].astype(str), "date": rows["date"], "p": p})


def history_sql(
    columns: set[str],
    keys: list[tuple[str, tuple[str, ...]]],
    prior_strength: float,
    score_from: dt.date,
    score_to: dt.date | None,
) -> tuple[str, str]:
    """Two queries: the declarations as rows (view ``rows``, read once and kept), and the rows
    to score with every key's counts over earlier days.

    Keys are stacked in one long table (key name, key value, day), so that every key is counted
    by the same three steps (group, running sum, join) whatever their number.
    """
    roles = [r for r in KEY_ROLES if r in columns]
    extra = [c for c in sorted(columns) if c.startswith("cat_") or c in _NUMERIC]
    start = f"DATE {lit(score_from.isoformat())}"
    until = f" WHERE CAST(date AS DATE) <= DATE {lit(score_to.isoformat())}" if score_to else ""
    heads = ""
    if "product" in columns:
        heads = ", substring(product, 1, 4) AS heading, substring(product, 1, 2) AS chapter"
    keyed = "\n  UNION ALL\n  ".join(
        f"SELECT decl_id, day, {lit(name)} AS kname, "
        f"{' || chr(31) || '.join(f'CAST({k} AS VARCHAR)' for k in key_roles)} AS kval, "
        f"insp, found FROM rows WHERE {' AND '.join(f'{k} IS NOT NULL' for k in key_roles)}"
        for name, key_roles in keys
    )
    w = f"OVER (PARTITION BY kname, kval ORDER BY day {_WINDOW})"
    wide = ", ".join(
        f"MAX(CASE WHEN c.kname = {lit(name)} THEN c.{col} END) AS k_{name}_{col}"
        for name, _ in keys
        for col in ("seen", "insp", "found")
    )
    ps = f"CAST({prior_strength!r} AS DOUBLE)"
    prior = "(CAST(o.f AS DOUBLE) / NULLIF(CAST(o.i AS DOUBLE), 0))"
    select = ["r.decl_id", "r.day AS date", *[f"r.{c}" for c in roles + extra]]
    for name, _ in keys:
        select += [f"w.k_{name}_{col}" for col in ("seen", "insp", "found")]
        select.append(
            f"CASE WHEN w.k_{name}_seen IS NOT NULL THEN (w.k_{name}_found + {ps} * {prior}) "
            f"/ NULLIF(w.k_{name}_insp + {ps}, 0) END AS k_{name}_rate"
        )
    rows = f"""
  SELECT decl_id, CAST(date AS DATE) AS day, {", ".join(roles + extra)}{heads},
    CAST(date AS DATE) >= {start} AS is_new,
    CASE WHEN CAST(date AS DATE) < {start} AND label IS NOT NULL THEN 1 ELSE 0 END AS insp,
    CASE WHEN CAST(date AS DATE) < {start} AND label > 0 THEN 1 ELSE 0 END AS found
  FROM declarations{until}"""
    return (
        rows,
        f"""WITH overall AS (
  SELECT day, SUM(i) OVER (ORDER BY day {_WINDOW}) AS i, SUM(f) OVER (ORDER BY day {_WINDOW}) AS f
  FROM (SELECT day, SUM(insp) AS i, SUM(found) AS f FROM rows GROUP BY day) AS d
),
keyed AS (
  {keyed}
),
counts AS (
  SELECT kname, kval, day, CAST(COALESCE(SUM(s) {w}, 0) AS DOUBLE) AS seen,
    CAST(COALESCE(SUM(i) {w}, 0) AS DOUBLE) AS insp,
    CAST(COALESCE(SUM(f) {w}, 0) AS DOUBLE) AS found
  FROM (SELECT kname, kval, day, COUNT(*) AS s, SUM(insp) AS i, SUM(found) AS f
        FROM keyed GROUP BY kname, kval, day) AS g
),
wide AS (
  SELECT k.decl_id, {wide}
  FROM (SELECT decl_id, kname, kval, day FROM keyed WHERE day >= {start}) AS k
  JOIN counts AS c ON k.kname = c.kname AND k.kval = c.kval AND k.day = c.day
  GROUP BY k.decl_id
)
SELECT {", ".join(select)}
FROM rows AS r JOIN overall AS o ON r.day = o.day LEFT JOIN wide AS w ON r.decl_id = w.decl_id
WHERE r.is_new""",
    )


def score_declarations_plan(root: Path, options: JobOptions) -> JobPlan:
    """The plan over ``root/declarations`` with the model file ``options.model``."""
    if options.model is None or options.score_from is None:
        raise InvalidInput("score-declarations needs a model file and the first day to score")
    text = Path(options.model).read_text(encoding="utf-8")
    model = _model(text, hashlib.sha256(text.encode()).hexdigest())
    folder = root / "declarations"
    columns = set(columns_of(folder))
    keys = _key_groups({c for c in columns if c in KEY_ROLES})
    rows, features = history_sql(
        columns, keys, model.prior_strength, options.score_from, options.score_to
    )
    stages = (
        Sql("rows", rows, materialize=True),
        Sql("features", features),
        Batch("scores", "features", ScoreBatch(text, tuple(n for n, _ in keys)), _SCORES),
    )
    return JobPlan(
        "score-declarations",
        {"declarations": folder},
        stages,
        "scores",
        ("decl_id",),
        "probability of a finding for each declaration from the first day to score on",
        {"score_from": options.score_from.isoformat()},
    )
