"""A job as data: named inputs, SQL stages in the DuckDB dialect, batch stages, one output.

A :class:`JobPlan` says *what* a job computes and nothing about *where*: the engines in
:mod:`tradeguard.jobs.engines` run the same plan on DuckDB (one machine, out of core) or on
Spark (a cluster). SQL is written once, in DuckDB's dialect, and transpiled for Spark with
sqlglot (:func:`to_spark`). A :class:`Batch` stage is a pure pandas function applied to
batches of rows (``mapInPandas`` on Spark, Arrow record batches streamed from Parquet on
DuckDB); it must be row-local (its output for a batch depends only on that batch), so that
any split of the input gives the same result.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeAlias

import pandas as pd
import pyarrow as pa
import sqlglot
from sqlglot import exp

__all__ = ["Batch", "BatchFn", "JobPlan", "Sql", "Stage", "lit", "to_spark"]

#: A row-local function from one batch of rows to its output rows.
BatchFn: TypeAlias = Callable[[pd.DataFrame], pd.DataFrame]

_UNIT_SECONDS = {"DAY": 86_400, "HOUR": 3_600, "MINUTE": 60, "SECOND": 1}


@dataclass(frozen=True)
class Sql:
    """A view ``name`` defined by ``query`` (DuckDB dialect) over inputs and earlier stages.

    ``materialize`` asks DuckDB to store the result (a temporary table that spills to disk)
    because later stages read it more than once; Spark plans it lazily either way.
    """

    name: str
    query: str
    materialize: bool = False


@dataclass(frozen=True)
class Batch:
    """A view ``name``: ``fn`` applied to batches of the rows of view ``source``."""

    name: str
    source: str
    fn: BatchFn
    schema: pa.Schema


Stage: TypeAlias = Sql | Batch


@dataclass(frozen=True)
class JobPlan:
    """Everything a job does: Parquet inputs by view name, stages in order, the output view
    and the columns that order (and identify) its rows."""

    job: str
    inputs: Mapping[str, Path]
    stages: tuple[Stage, ...]
    output: str
    order_by: tuple[str, ...]
    description: str = ""
    options: Mapping[str, str] = field(default_factory=dict)

    def sql(self, dialect: str = "duckdb") -> str:
        """Every SQL stage as text in ``dialect`` (``duckdb`` or ``spark``), for review."""
        parts = []
        for stage in self.stages:
            if isinstance(stage, Sql):
                query = stage.query if dialect == "duckdb" else to_spark(stage.query)
                parts.append(f"-- {stage.name}\n{query.strip()};")
            else:
                parts.append(f"-- {stage.name}: batch function over {stage.source}")
        return "\n\n".join(parts) + "\n"


def lit(value: str) -> str:
    """A SQL string literal (quotes doubled)."""
    return "'" + str(value).replace("'", "''") + "'"


def _interval(node: exp.Expression) -> exp.Expression:
    """``INTERVAL (n) HOUR`` with a number (not a string) to ``make_dt_interval``, which
    Spark accepts with fractions; string intervals are left alone."""
    if not isinstance(node, exp.Interval):
        return node
    value = node.this
    while isinstance(value, exp.Paren):
        value = value.this
    unit = node.unit.name.upper() if node.unit is not None else ""
    if (isinstance(value, exp.Literal) and value.is_string) or unit not in _UNIT_SECONDS:
        return node
    seconds = exp.Mul(
        this=exp.Paren(this=value.copy()), expression=exp.Literal.number(_UNIT_SECONDS[unit])
    )
    zero = exp.Literal.number(0)
    return exp.Anonymous(this="make_dt_interval", expressions=[zero, zero, zero, seconds])


def to_spark(query: str) -> str:
    """``query`` (DuckDB dialect) as Spark SQL.

    >>> to_spark("SELECT COUNT_IF(x), a // 3, TRY_CAST(t AS TIMESTAMPTZ) FROM v")
    'SELECT COUNT_IF(x), a DIV 3, TRY_CAST(t AS TIMESTAMP) FROM v'
    """
    tree = sqlglot.parse_one(query, read="duckdb")
    tree = tree.transform(_interval)
    return tree.sql(dialect="spark")
