"""Job ``seizure-cells``: the cells of a seizure release before disclosure control (EO 13904
s.6(a)).

For the release quarter and the fiscal year to date, every cell of the additive tables (T2
origin x environment x violation, T3 IPR category x environment, T5M/T5E carrier x violation),
interior and margins (``Total``), with the sums of the measures, the number of distinct
offenders (contributors) and the largest offenders' MSRP (``top1``, ``top2``, ``top_n``), which
the primary rules need. Named origins and carriers are the top N of the four quarters before
the fiscal year, as in :func:`tradeguard.seizures.publish.table_specs`. Suppression (primary
and secondary) runs afterwards on this small result. Empty cells are not written: they are
structural zeros of the table specs. The offender tables T4M/T4E (offenders by offences) are
not part of this job.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tradeguard.domain.calendar import Quarter, fiscal_year_start
from tradeguard.errors import NotFound
from tradeguard.jobs.options import JobOptions, partitions_of
from tradeguard.jobs.plan import JobPlan, Sql, lit
from tradeguard.policy import load_policy
from tradeguard.seizures.microdata import OTHER
from tradeguard.seizures.params import SeizuresPolicy, seizures_policy
from tradeguard.seizures.tables import ALL_DIMS, TOTAL

__all__ = ["CELL_COLUMNS", "MEASURES", "seizure_cells_plan"]

MEASURES: tuple[str, ...] = ("seizures", "lines", "msrp_usd", "repeat_seizures", "repeat_index")
CELL_COLUMNS: tuple[str, ...] = (
    "table", "period", *ALL_DIMS, *MEASURES, "contributors", "top1", "top2", "top_n",
)  # fmt: skip


@dataclass(frozen=True)
class _Table:
    name: str
    dims: tuple[str, ...]
    fixed: dict[str, str] = field(default_factory=dict)


_TABLES = (
    _Table("T2", ("origin", "environment", "violation_group")),
    _Table("T3", ("category", "environment"), {"violation_group": "IPR"}),
    _Table("T5M", ("carrier", "violation_group"), {"environment": "MAIL"}),
    _Table("T5E", ("carrier", "violation_group"), {"environment": "EXPRESS"}),
)


def _in(values: Sequence[str]) -> str:
    return "(" + ", ".join(lit(v) for v in values) + ")" if values else "(NULL)"


def _reference_sql(quarter: Quarter, policy: SeizuresPolicy) -> str:
    start = fiscal_year_start(quarter.year)
    before = dt.date(start.year - 1, start.month, start.day)
    q1_end = Quarter(quarter.year, 1, quarter.fiscal).next().start
    return f"""
SELECT origin_country, environment, carrier_id FROM events
WHERE seized_on >= DATE {lit(before.isoformat())} AND seized_on < DATE {lit(start.isoformat())}
UNION ALL
SELECT origin_country, environment, carrier_id FROM events
WHERE seized_on >= DATE {lit(start.isoformat())} AND seized_on < DATE {lit(q1_end.isoformat())}
  AND (SELECT COUNT(*) FROM events WHERE seized_on >= DATE {lit(before.isoformat())}
       AND seized_on < DATE {lit(start.isoformat())}) = 0"""


def _named_sql(policy: SeizuresPolicy) -> str:
    return f"""
SELECT 'origin' AS dim, '' AS environment, origin_country AS name FROM (
  SELECT origin_country, ROW_NUMBER() OVER (ORDER BY COUNT(*) DESC, origin_country) AS rk
  FROM reference GROUP BY origin_country) AS o WHERE rk <= {policy.top_origins}
UNION ALL
SELECT 'carrier' AS dim, environment, carrier_id AS name FROM (
  SELECT environment, carrier_id,
    ROW_NUMBER() OVER (PARTITION BY environment ORDER BY COUNT(*) DESC, carrier_id) AS rk
  FROM reference GROUP BY environment, carrier_id) AS c WHERE rk <= {policy.top_carriers}"""


def _base_sql(policy: SeizuresPolicy) -> str:
    return f"""
SELECT e.quarter, e.environment, e.violation_group, e.category, e.entity,
  CASE WHEN o.name IS NULL THEN {lit(OTHER)} ELSE e.origin_country END AS origin,
  CASE WHEN c.name IS NULL THEN {lit(OTHER)} ELSE e.carrier_id END AS carrier,
  CAST(1 AS DOUBLE) AS seizures, CAST(e.lines AS DOUBLE) AS lines,
  CAST(e.msrp_usd AS DOUBLE) AS msrp_usd,
  CAST(CASE WHEN e."repeat" THEN 1 ELSE 0 END AS DOUBLE) AS repeat_seizures,
  CAST(e.weight AS DOUBLE) AS repeat_index
FROM events AS e
LEFT JOIN (SELECT name FROM named WHERE dim = 'origin') AS o ON e.origin_country = o.name
LEFT JOIN (SELECT environment, name FROM named WHERE dim = 'carrier') AS c
  ON e.environment = c.environment AND e.carrier_id = c.name
WHERE e.environment IN {_in(policy.environments)} AND e.violation_group IS NOT NULL"""


def _periods(quarter: Quarter) -> list[tuple[str, list[str]]]:
    periods = [(str(quarter), [str(quarter)])]
    if quarter.number > 1:
        ytd = [str(Quarter(quarter.year, n, quarter.fiscal)) for n in range(1, quarter.number + 1)]
        periods.append((f"FY{quarter.year} to Q{quarter.number}", ytd))
    return periods


def _mode(table: _Table, dim: str, keep: tuple[str, ...]) -> str:
    """How a cell of ``table`` fills ``dim``: K keep the value, T ``Total``, =X the fixed X."""
    if dim in keep:
        return "K"
    if dim in table.dims:
        return "T"
    return "=" + table.fixed.get(dim, "")


def _layouts(policy: SeizuresPolicy) -> list[str]:
    rows = []
    for table in _TABLES:
        env = table.fixed.get("environment")
        if env is not None and env not in policy.environments:
            continue
        for r in range(len(table.dims), -1, -1):
            for keep in itertools.combinations(table.dims, r):
                modes = ", ".join(lit(_mode(table, d, keep)) for d in ALL_DIMS)
                rows.append(
                    f"({lit(table.name)}, {modes}, "
                    f"{lit(env or '')}, {lit(table.fixed.get('violation_group', ''))})"
                )
    return rows


def cells_sql(quarter: Quarter, policy: SeizuresPolicy) -> str:
    """Every cell of the release of ``quarter`` (view ``base``) in three aggregations.

    Each row is copied once per cell layout it falls in (table, period, which dimensions are
    kept and which are ``Total``), so that interior cells and margins come out of one
    ``GROUP BY`` per step rather than one query per margin.
    """
    periods = ", ".join(f"({lit(label)}, {lit(q)})" for label, qs in _periods(quarter) for q in qs)
    modes = ", ".join(f"m_{d}" for d in ALL_DIMS)
    dims = ", ".join(
        f"CASE WHEN l.m_{d} = 'K' THEN b.{d} "
        f"WHEN l.m_{d} = 'T' THEN {lit(TOTAL)} ELSE substring(l.m_{d}, 2) END AS {d}"
        for d in ALL_DIMS
    )
    cell = ", ".join(["tbl", "period", *ALL_DIMS])
    sums = ", ".join(f"SUM({m}) AS {m}" for m in MEASURES)
    n_top = policy.dominance_n
    return f"""
WITH layouts AS (
  SELECT * FROM (VALUES {", ".join(_layouts(policy))})
    AS l(tbl, {modes}, fixed_environment, fixed_violation_group)
),
periods AS (SELECT * FROM (VALUES {periods}) AS p(period, quarter)),
tagged AS (
  SELECT l.tbl, p.period, {dims}, b.entity, b.seizures, b.lines, b.msrp_usd,
    b.repeat_seizures, b.repeat_index
  FROM (SELECT *, '' AS offences FROM base) AS b
  JOIN periods AS p ON b.quarter = p.quarter
  JOIN layouts AS l
    ON (l.fixed_environment = '' OR b.environment = l.fixed_environment)
   AND (l.fixed_violation_group = '' OR b.violation_group = l.fixed_violation_group)
),
per_entity AS (
  SELECT {cell}, entity, {sums},
    ROW_NUMBER() OVER (PARTITION BY {cell} ORDER BY SUM(msrp_usd) DESC, entity) AS rk
  FROM tagged GROUP BY {cell}, entity
)
SELECT tbl AS "table", period, {", ".join(ALL_DIMS)}, {sums}, COUNT(*) AS contributors,
  COALESCE(MAX(CASE WHEN rk = 1 THEN msrp_usd END), 0.0) AS top1,
  COALESCE(MAX(CASE WHEN rk = 2 THEN msrp_usd END), 0.0) AS top2,
  COALESCE(SUM(CASE WHEN rk <= {n_top} THEN msrp_usd END), 0.0) AS top_n
FROM per_entity GROUP BY {cell}"""


def _latest_quarter(folder: Path) -> Quarter:
    found = [q for q in partitions_of(folder).get("quarter", []) if q.startswith("FY")]
    if not found:
        raise NotFound(f"no quarter partitions under {folder}")
    return max((Quarter.parse(q) for q in found), key=lambda q: (q.year, q.number))


def seizure_cells_plan(root: Path, options: JobOptions) -> JobPlan:
    """The plan over ``root/seizure_events`` for ``options.quarter`` (default: the latest)."""
    events = root / "seizure_events"
    quarter = Quarter.parse(options.quarter) if options.quarter else _latest_quarter(events)
    policy = seizures_policy(load_policy(), options.policy_day)
    stages = (
        Sql("reference", _reference_sql(quarter, policy)),
        Sql("named", _named_sql(policy), materialize=True),
        Sql("base", _base_sql(policy), materialize=True),
        Sql("cells", cells_sql(quarter, policy)),
    )
    return JobPlan(
        "seizure-cells",
        {"events": events},
        stages,
        "cells",
        ("table", "period", *ALL_DIMS),
        f"release cells of {quarter} before suppression",
        {"quarter": str(quarter)},
    )
