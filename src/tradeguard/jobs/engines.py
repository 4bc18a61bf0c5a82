"""The two engines that run a :class:`~tradeguard.jobs.plan.JobPlan`: DuckDB and Spark.

* :class:`DuckDBEngine` (the default): one process, all cores, a memory limit and a temporary
  directory to spill to, so that inputs larger than memory complete. Batch stages stream the
  source rows through Parquet in record batches; nothing holds a whole input in memory.
* :class:`SparkEngine`: the same stages on a SparkSession (local mode in tests, any cluster
  under ``spark-submit``); SQL transpiled by sqlglot, batch stages as ``mapInPandas``.

Both write the output view to Parquet (:meth:`write`) or return it ordered by the plan's
``order_by`` columns (:meth:`collect`).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from tradeguard.errors import InvalidInput, NotFound
from tradeguard.jobs.plan import Batch, BatchFn, JobPlan, Sql, lit, to_spark

__all__ = ["DuckDBEngine", "Engine", "SparkEngine", "conform"]

BATCH_ROWS = 65_536


class Engine(Protocol):
    """What the job runner needs of an engine."""

    name: str

    def collect(self, plan: JobPlan) -> pd.DataFrame: ...

    def write(self, plan: JobPlan, out: Path) -> Path: ...


def conform(frame: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    """``frame`` as an Arrow table with exactly ``schema`` (columns in order, types cast)."""
    missing = [n for n in schema.names if n not in frame.columns]
    if missing:
        raise InvalidInput(f"a batch function left out the columns {missing}")
    return pa.Table.from_pandas(frame[schema.names], schema=schema, preserve_index=False)


def _parquet_glob(folder: Path) -> str:
    if not folder.exists():
        raise NotFound(f"no Parquet input at {folder}")
    return str(folder / "**" / "*.parquet") if folder.is_dir() else str(folder)


class DuckDBEngine:
    """Runs plans on an in-memory DuckDB that spills to ``temp_directory``.

    >>> engine = DuckDBEngine(memory_limit="2GB")  # doctest: +SKIP
    >>> engine.write(plan, Path("out/posts-inputs"))  # doctest: +SKIP
    """

    name = "duckdb"

    def __init__(
        self,
        *,
        memory_limit: str | None = None,
        temp_directory: str | Path | None = None,
        threads: int | None = None,
    ) -> None:
        self.memory_limit = memory_limit
        self.temp_directory = Path(temp_directory) if temp_directory else None
        self.threads = threads

    def _connect(self, scratch: Path) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect(":memory:")
        con.execute("SET TimeZone = 'UTC'")
        con.execute("SET preserve_insertion_order = false")
        spill = self.temp_directory or scratch / "spill"
        con.execute(f"SET temp_directory = {lit(str(spill))}")
        if self.memory_limit:
            con.execute(f"SET memory_limit = {lit(self.memory_limit)}")
        if self.threads:
            con.execute(f"SET threads = {int(self.threads)}")
        return con

    def _prepare(self, con: duckdb.DuckDBPyConnection, plan: JobPlan, scratch: Path) -> None:
        for view, folder in plan.inputs.items():
            reader = (
                f"read_parquet({lit(_parquet_glob(Path(folder)))}, hive_partitioning = true, "
                "hive_types_autocast = false, union_by_name = true)"
            )
            con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT * FROM {reader}")
        for stage in plan.stages:
            if isinstance(stage, Sql):
                kind = "TABLE" if stage.materialize else "VIEW"
                con.execute(f"CREATE OR REPLACE TEMP {kind} {stage.name} AS {stage.query}")
            else:
                self._batch(con, stage, scratch)

    def _batch(self, con: duckdb.DuckDBPyConnection, stage: Batch, scratch: Path) -> None:
        source = scratch / f"{stage.name}.in.parquet"
        con.execute(f"COPY (SELECT * FROM {stage.source}) TO {lit(str(source))} (FORMAT PARQUET)")
        target = scratch / f"{stage.name}.parquet"
        with pq.ParquetWriter(target, stage.schema) as writer:
            for batch in pq.ParquetFile(source).iter_batches(batch_size=BATCH_ROWS):
                writer.write_table(conform(stage.fn(batch.to_pandas()), stage.schema))
        source.unlink()
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {stage.name} AS "
            f"SELECT * FROM read_parquet({lit(str(target))})"
        )

    def _run(self, plan: JobPlan, final: str, *, fetch: bool) -> pa.Table | None:
        scratch = Path(tempfile.mkdtemp(prefix=f"tradeguard-{plan.job}-"))
        try:
            con = self._connect(scratch)
            try:
                self._prepare(con, plan, scratch)
                query = final.format(output=_normalised(con, plan.output))
                if fetch:
                    table: pa.Table = con.sql(query).to_arrow_table()
                    return table
                con.execute(query)
                return None
            finally:
                con.close()
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def collect(self, plan: JobPlan) -> pd.DataFrame:
        """The output rows ordered by ``plan.order_by`` (for small outputs and tests)."""
        order = ", ".join(f'"{c}"' for c in plan.order_by)
        table = self._run(plan, f"SELECT * FROM {{output}} ORDER BY {order}", fetch=True)
        assert table is not None
        frame: pd.DataFrame = table.to_pandas()
        return frame

    def write(self, plan: JobPlan, out: Path) -> Path:
        """The output as one Parquet file ``out/part-0.parquet`` (rows in ``order_by``)."""
        out.mkdir(parents=True, exist_ok=True)
        target = out / "part-0.parquet"
        order = ", ".join(f'"{c}"' for c in plan.order_by)
        self._run(
            plan,
            f"COPY (SELECT * FROM {{output}} ORDER BY {order}) TO {lit(str(target))} "
            "(FORMAT PARQUET)",
            fetch=False,
        )
        return out


def _normalised(con: duckdb.DuckDBPyConnection, view: str) -> str:
    """``view`` with DuckDB-only result types made portable: HUGEINT (``COUNT_IF``, sums of
    integers) as BIGINT, DECIMAL as DOUBLE, as Spark returns them."""
    cols = []
    for name, kind, *_ in con.execute(f"DESCRIBE {view}").fetchall():
        quoted = '"' + str(name).replace('"', '""') + '"'
        kind = str(kind).upper()
        if kind in ("HUGEINT", "UHUGEINT") or (kind.startswith("DECIMAL") and kind.endswith(",0)")):
            cols.append(f"CAST({quoted} AS BIGINT) AS {quoted}")
        elif kind.startswith("DECIMAL"):
            cols.append(f"CAST({quoted} AS DOUBLE) AS {quoted}")
        else:
            cols.append(quoted)
    return f"(SELECT {', '.join(cols)} FROM {view}) AS output"


def _map_batches(fn: BatchFn, schema: pa.Schema) -> Any:
    def apply(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for frame in frames:
            yield conform(fn(frame), schema).to_pandas()

    return apply


class SparkEngine:
    """Runs plans on a SparkSession (see :func:`tradeguard.jobs.spark.spark_session`)."""

    name = "spark"

    def __init__(self, session: Any) -> None:
        self.spark = session

    def _frame(self, plan: JobPlan, kept: list[Any]) -> Any:
        """The output DataFrame; stages read more than once (materialized SQL, batch stages)
        are persisted in memory and on disk, and listed in ``kept`` to release afterwards."""
        from pyspark import StorageLevel
        from pyspark.sql.pandas.types import from_arrow_schema

        spark = self.spark
        spark.conf.set("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        spark.conf.set("spark.sql.session.timeZone", "UTC")
        for view, folder in plan.inputs.items():
            path = Path(folder)
            if not path.exists():
                raise NotFound(f"no Parquet input at {path}")
            spark.read.parquet(str(path)).createOrReplaceTempView(view)
        for stage in plan.stages:
            if isinstance(stage, Sql):
                out = spark.sql(to_spark(stage.query))
                keep = stage.materialize
            else:
                out = spark.table(stage.source).mapInPandas(
                    _map_batches(stage.fn, stage.schema), from_arrow_schema(stage.schema)
                )
                keep = True  # never run the Python twice
            if keep:
                out = out.persist(StorageLevel.MEMORY_AND_DISK)
                kept.append(out)
            out.createOrReplaceTempView(stage.name)
        return spark.table(plan.output)

    @staticmethod
    def _release(kept: list[Any]) -> None:
        for frame in kept:
            frame.unpersist()

    def collect(self, plan: JobPlan) -> pd.DataFrame:
        # Through Arrow, not toPandas: the rows cross once, with the types DuckDB gives too.
        kept: list[Any] = []
        try:
            table: pa.Table = self._frame(plan, kept).orderBy(*plan.order_by).toArrow()
        finally:
            self._release(kept)
        frame: pd.DataFrame = table.to_pandas()
        return frame

    def write(self, plan: JobPlan, out: Path) -> Path:
        """The output as Parquet files under ``out`` (one per task, rows sorted)."""
        kept: list[Any] = []
        try:
            frame = self._frame(plan, kept).orderBy(*plan.order_by)
            frame.write.mode("overwrite").parquet(str(out))
        finally:
            self._release(kept)
        return out
