"""Quarterly inputs per post from item-level mail records, as one DuckDB SQL job.

The items (the ``mail_items`` file shape) are never brought into Python: DuckDB scans the
CSV or Parquet files (or an Arrow/pandas table registered without a copy), computes a few
flags per item and groups by post and quarter, spilling to disk when the data outgrow memory.
The result is small: one row per post and quarter with the columns of :data:`INPUT_COLUMNS`.

The SQL is built by :func:`inputs_sql` and can be read, logged or run on another engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeAlias

import duckdb
import pandas as pd
import pyarrow as pa

from tradeguard.errors import InvalidInput, NotFound
from tradeguard.ingest.shapes import KINDS
from tradeguard.posts.params import PostsPolicy

__all__ = [
    "COUNT_COLUMNS",
    "INPUT_COLUMNS",
    "ItemsSource",
    "connect",
    "inputs_sql",
    "quarterly_inputs",
]

#: A path or glob to CSV/Parquet files, or a table already in memory.
ItemsSource: TypeAlias = str | Path | pa.Table | pd.DataFrame

COUNT_COLUMNS: tuple[str, ...] = (
    "n_items",  # N: items that arrived
    "n_aed_required",  # goods items, for which AED is owed
    "aed_present",  # goods items with an AED record
    "aed_timely",  # ... received in time (before the reference time less the lead)
    "aed_valid",  # ... passing every completeness and plausibility check
    "q_description",  # AED records with a missing or placeholder description
    "q_address",  # ... with a missing sender or recipient name or address
    "q_value",  # ... with a missing or implausible declared value
    "q_weight",  # ... with a missing or implausible weight
    "n_sampled",  # n: items in the random compliance sample
    "x_cf",  # sampled items found counterfeit (IPR)
    "x_nx",  # ... narcotics
    "x_cb",  # ... other contraband
    "x_other",  # ... other findings (origin, undervaluation, AED mismatch)
    "n_targeted",  # items inspected outside the random sample
    "s_cf",  # targeted finds by type
    "s_nx",
    "s_cb",
    "s_other",
    "r_req",  # requests for information sent to the post
    "r_answered",  # ... answered at all
    "r_ok",  # ... answered within the SLA
)
INPUT_COLUMNS: tuple[str, ...] = ("post_code", "quarter", *COUNT_COLUMNS)

_OPTIONAL = tuple(
    c for c in KINDS["mail_items"].columns if c not in KINDS["mail_items"].required
)
_REQUIRED = ("item_id", "post_code", "arrival_date", "mail_class")


def connect(
    *, memory_limit: str | None = None, temp_directory: str | None = None
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection in UTC that may spill to ``temp_directory``."""
    con = duckdb.connect(":memory:")
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET preserve_insertion_order = false")
    if memory_limit:
        con.execute(f"SET memory_limit = {_lit(memory_limit)}")
    if temp_directory:
        con.execute(f"SET temp_directory = {_lit(temp_directory)}")
    return con


def _lit(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def register_items(
    con: duckdb.DuckDBPyConnection, source: ItemsSource, name: str = "items"
) -> dict[str, str]:
    """Make ``source`` visible as view ``name``; returns its column types (upper-case names)."""
    if isinstance(source, pa.Table | pd.DataFrame):
        con.register(f"{name}_src", source)
        con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM {name}_src")
    else:
        text = str(source)
        lower = text.lower()
        if lower.endswith((".parquet", ".pq")):
            reader = f"read_parquet({_lit(text)}, union_by_name = true)"
        elif lower.endswith((".csv", ".csv.gz")):
            reader = (
                f"read_csv({_lit(text)}, header = true, all_varchar = true, union_by_name = true)"
            )
        else:
            raise InvalidInput(f"mail items must be .csv or .parquet files, got {text!r}")
        try:
            con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM {reader}")
        except duckdb.IOException as exc:
            raise NotFound(f"no mail item files at {text!r}: {exc}") from None
    types = {str(r[0]): str(r[1]).upper() for r in con.execute(f"DESCRIBE {name}").fetchall()}
    missing = [c for c in _REQUIRED if c not in types]
    if missing:
        raise InvalidInput(f"mail items lack required columns: {', '.join(missing)}")
    return types


class _Cols:
    """SQL expressions for the item columns, whatever types the source gave them."""

    def __init__(self, types: dict[str, str]) -> None:
        self.types = types

    def raw(self, col: str) -> str:
        return f'"{col}"' if col in self.types else "NULL"

    def text(self, col: str) -> str:
        return f"NULLIF(TRIM(CAST({self.raw(col)} AS VARCHAR)), '')"

    def num(self, col: str) -> str:
        return f"TRY_CAST({self.raw(col)} AS DOUBLE)"

    def ts(self, col: str) -> str:
        return f"TRY_CAST({self.raw(col)} AS TIMESTAMPTZ)"

    def flag(self, col: str) -> str:
        if self.types.get(col) == "BOOLEAN":
            return f"COALESCE({self.raw(col)}, false)"
        return f"COALESCE(LOWER({self.text(col)}) IN ('true', '1', 'yes', 't', 'y'), false)"


def _quarter_expr(fiscal: bool) -> str:
    d = "arrival"
    if fiscal:
        year = f"(year({d}) + CASE WHEN month({d}) >= 10 THEN 1 ELSE 0 END)"
        number = f"CAST(((month({d}) + 2) % 12) // 3 + 1 AS VARCHAR)"
        return f"'FY' || CAST({year} AS VARCHAR) || 'Q' || {number}"
    return f"CAST(year({d}) AS VARCHAR) || 'Q' || CAST((month({d}) - 1) // 3 + 1 AS VARCHAR)"


def _item_sql(c: _Cols, p: PostsPolicy, view: str, where: str) -> str:
    classes = ", ".join(_lit(k) for k in p.aed_required_classes)
    holders = ", ".join(_lit(k) for k in p.placeholder_descriptions)
    ref = (
        "arrival_ts" if p.aed_timely_reference == "arrival" else "COALESCE(dispatched, arrival_ts)"
    )
    return f"""
  typed AS (
    SELECT {c.text("post_code")} AS post_code, TRY_CAST({c.raw("arrival_date")} AS DATE) AS arrival,
      UPPER({c.text("mail_class")}) AS mail_class, {c.text("content_description")} AS descr,
      {c.num("declared_value_usd")} AS value_usd, {c.num("weight_kg")} AS weight_kg,
      {c.text("sender_name")} AS s_name, {c.text("sender_address")} AS s_addr,
      {c.text("recipient_name")} AS r_name, {c.text("recipient_address")} AS r_addr,
      {c.ts("dispatched_at")} AS dispatched, {c.ts("aed_received_at")} AS aed_at,
      {c.flag("sampled")} AS sampled, {c.flag("inspected")} AS inspected,
      UPPER(COALESCE({c.text("finding")}, 'NONE')) AS finding,
      {c.ts("info_requested_at")} AS req_at, {c.ts("info_answered_at")} AS ans_at
    FROM {view}
  ),
  flagged AS (
    SELECT post_code, {_quarter_expr(p.fiscal_quarters)} AS quarter, sampled, inspected, finding,
      req_at, ans_at, goods, aed,
      aed AND aed_at < {ref} - INTERVAL ({p.aed_lead_hours}) HOUR AS timely,
      aed AND (descr IS NULL OR LENGTH(descr) < {p.min_description_chars}
               OR LOWER(descr) IN ({holders})) AS bad_descr,
      aed AND (s_name IS NULL OR s_addr IS NULL OR r_name IS NULL OR r_addr IS NULL) AS bad_addr,
      aed AND (value_usd IS NULL OR value_usd <= {p.min_value_usd}) AS bad_value,
      aed AND (weight_kg IS NULL OR weight_kg <= 0 OR weight_kg > {p.max_weight_kg}
               OR (mail_class = 'LETTER_GOODS' AND weight_kg > {p.letter_goods_max_kg}))
        AS bad_weight
    FROM (
      SELECT *, mail_class IN ({classes}) AS goods,
        mail_class IN ({classes}) AND aed_at IS NOT NULL AS aed,
        CAST(arrival AS TIMESTAMPTZ) AS arrival_ts
      FROM typed WHERE arrival IS NOT NULL AND post_code IS NOT NULL {where}
    )
  )"""


def inputs_sql(
    types: dict[str, str], policy: PostsPolicy, view: str = "items", where: str = ""
) -> str:
    """The whole aggregation as one SQL statement (items view -> post x quarter inputs)."""
    c = _Cols(types)
    sla = policy.request_sla_hours
    return f"""WITH {_item_sql(c, policy, view, where)}
SELECT post_code, quarter,
  COUNT(*) AS n_items,
  COUNT_IF(goods) AS n_aed_required,
  COUNT_IF(aed) AS aed_present,
  COUNT_IF(timely) AS aed_timely,
  COUNT_IF(aed AND NOT (bad_descr OR bad_addr OR bad_value OR bad_weight)) AS aed_valid,
  COUNT_IF(bad_descr) AS q_description,
  COUNT_IF(bad_addr) AS q_address,
  COUNT_IF(bad_value) AS q_value,
  COUNT_IF(bad_weight) AS q_weight,
  COUNT_IF(sampled) AS n_sampled,
  COUNT_IF(sampled AND finding = 'IPR') AS x_cf,
  COUNT_IF(sampled AND finding = 'DRUGS') AS x_nx,
  COUNT_IF(sampled AND finding = 'OTHER_CONTRABAND') AS x_cb,
  COUNT_IF(sampled AND finding NOT IN ('NONE', 'IPR', 'DRUGS', 'OTHER_CONTRABAND')) AS x_other,
  COUNT_IF(inspected AND NOT sampled) AS n_targeted,
  COUNT_IF(inspected AND NOT sampled AND finding = 'IPR') AS s_cf,
  COUNT_IF(inspected AND NOT sampled AND finding = 'DRUGS') AS s_nx,
  COUNT_IF(inspected AND NOT sampled AND finding = 'OTHER_CONTRABAND') AS s_cb,
  COUNT_IF(inspected AND NOT sampled
           AND finding NOT IN ('NONE', 'IPR', 'DRUGS', 'OTHER_CONTRABAND')) AS s_other,
  COUNT_IF(req_at IS NOT NULL) AS r_req,
  COUNT_IF(req_at IS NOT NULL AND ans_at IS NOT NULL) AS r_answered,
  COUNT_IF(req_at IS NOT NULL AND ans_at IS NOT NULL
           AND ans_at <= req_at + INTERVAL ({sla}) HOUR) AS r_ok
FROM flagged
GROUP BY post_code, quarter
ORDER BY post_code, quarter"""


def quarterly_inputs(
    source: ItemsSource,
    policy: PostsPolicy,
    *,
    between: tuple[dt.date, dt.date] | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
    posts: Sequence[str] | None = None,
) -> pd.DataFrame:
    """One row per post and quarter with the counts of :data:`COUNT_COLUMNS`.

    ``between`` keeps arrivals in ``[start, end]`` (pushed down to the Parquet scan); ``posts``
    keeps only those post codes. Example::

        quarterly_inputs("/data/mail/*.parquet", posts_policy(load_policy(), day))
    """
    own = con is None
    con = con or connect()
    try:
        types = register_items(con, source)
        where = ""
        if between is not None:
            first, last = _lit(between[0].isoformat()), _lit(between[1].isoformat())
            where += f" AND arrival BETWEEN DATE {first} AND DATE {last}"
        if posts is not None:
            where += (
                " AND post_code IN (" + ", ".join(_lit(p) for p in posts) + ")"
                if posts
                else " AND false"
            )
        frame = con.execute(inputs_sql(types, policy, where=where)).df()
    finally:
        if own:
            con.close()
    return _typed(frame)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    out: dict[str, Any] = {
        "post_code": frame["post_code"].astype(str),
        "quarter": frame["quarter"].astype(str),
    }
    for col in COUNT_COLUMNS:
        out[col] = frame[col].fillna(0).astype("int64")
    return pd.DataFrame(out, columns=list(INPUT_COLUMNS)).reset_index(drop=True)
