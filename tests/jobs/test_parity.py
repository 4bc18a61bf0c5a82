"""The same plan gives the same rows on DuckDB and on Spark (local mode), for every job."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tradeguard.jobs import JOBS, DuckDBEngine, JobOptions, SparkEngine, plan_job
from tradeguard.jobs.plan import to_spark

from .conftest import SPARK_PANDAS_WARNING

pytestmark = pytest.mark.filterwarnings(SPARK_PANDAS_WARNING)


def canonical(frame: pd.DataFrame, keys: tuple[str, ...]) -> pd.DataFrame:
    """Rows sorted by the plan's keys; dates as text, integers as int64, floats as float64."""
    out = frame.copy()
    for col in out.columns:
        values = out[col]
        if pd.api.types.is_bool_dtype(values):
            out[col] = values.astype(bool)
        elif pd.api.types.is_integer_dtype(values):
            out[col] = values.astype("int64")
        elif pd.api.types.is_float_dtype(values):
            out[col] = values.astype("float64")
        else:
            out[col] = values.map(lambda v: None if v is None or v is pd.NA else str(v))
    return out.sort_values(list(keys), kind="stable").reset_index(drop=True)


@pytest.mark.parametrize("job", sorted(JOBS))
def test_duckdb_and_spark_agree(
    job: str, parquet_root: Path, job_options: dict[str, JobOptions], spark: Any
) -> None:
    plan = plan_job(job, parquet_root, job_options[job])
    duck = canonical(DuckDBEngine().collect(plan), plan.order_by)
    sprk = canonical(SparkEngine(spark).collect(plan), plan.order_by)
    assert len(duck) > 0, f"{job} gave no rows on the test world"
    assert list(duck.columns) == list(sprk.columns)
    pd.testing.assert_frame_equal(duck, sprk, check_exact=False, rtol=1e-9, atol=1e-12)


def test_spark_writes_what_duckdb_writes(
    parquet_root: Path, job_options: dict[str, JobOptions], spark: Any, tmp_path: Path
) -> None:
    plan = plan_job("posts-inputs", parquet_root, job_options["posts-inputs"])
    DuckDBEngine().write(plan, tmp_path / "duck")
    SparkEngine(spark).write(plan, tmp_path / "spark")
    duck = pd.read_parquet(tmp_path / "duck")
    sprk = pd.concat([pd.read_parquet(p) for p in sorted((tmp_path / "spark").glob("*.parquet"))])
    pd.testing.assert_frame_equal(canonical(duck, plan.order_by), canonical(sprk, plan.order_by))


def test_numeric_intervals_become_spark_intervals() -> None:
    sql = to_spark("SELECT t - INTERVAL (1.5) HOUR, t + INTERVAL '2' DAY FROM v")
    assert "MAKE_DT_INTERVAL(0, 0, 0, (1.5) * 3600)" in sql.upper()
    assert "INTERVAL '2' DAY" in sql
