"""A job over an input far larger than DuckDB's memory limit completes, with the same result."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tradeguard.jobs import DuckDBEngine, JobOptions, plan_job
from tradeguard.jobs.parquet import fiscal_quarter_sql

ROWS = 1_500_000


def _items(root: Path) -> int:
    """Mail items made by SQL, partitioned by quarter; returns their size in memory (bytes)."""
    folder = root / "mail_items"
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"""
        CREATE TABLE items AS SELECT
          'EE' || lpad(CAST(i AS VARCHAR), 9, '0') || 'CN' AS item_id,
          'P' || CAST(i % 37 AS VARCHAR) AS post_code,
          DATE '2025-01-01' + CAST(i % 400 AS INTEGER) AS arrival_date,
          ['PARCEL', 'LETTER_GOODS', 'EMS', 'LETTER_DOCUMENTS'][1 + i % 4] AS mail_class,
          CAST(1 + i % 300 AS DOUBLE) AS declared_value_usd,
          CAST(0.1 + (i % 50) / 10 AS DOUBLE) AS weight_kg,
          'cotton shirt number ' || CAST(i % 1000 AS VARCHAR) AS content_description,
          'Sender ' || CAST(i % 5000 AS VARCHAR) AS sender_name, '1 Road' AS sender_address,
          'Recipient ' || CAST(i AS VARCHAR) AS recipient_name, '2 Street' AS recipient_address,
          CASE WHEN i % 7 = 0 THEN NULL ELSE CAST(DATE '2025-01-01' + CAST(i % 400 AS INTEGER)
            AS TIMESTAMPTZ) - INTERVAL 30 HOUR END AS aed_received_at,
          i % 50 = 0 AS sampled, i % 40 = 0 AS inspected,
          CASE WHEN i % 300 = 0 THEN 'IPR' WHEN i % 700 = 0 THEN 'DRUGS' ELSE 'NONE' END
            AS finding
        FROM range({ROWS}) AS r(i)""")
    found = con.execute("SELECT SUM(memory_usage_bytes) FROM duckdb_memory()").fetchone()
    size = int(found[0]) if found else 0
    quarter = fiscal_quarter_sql("arrival_date")
    con.execute(
        f"COPY (SELECT *, {quarter} AS quarter FROM items) TO '{folder}' "
        "(FORMAT PARQUET, PARTITION_BY (quarter))"
    )
    con.close()
    return size


@pytest.mark.slow
def test_posts_job_completes_under_a_memory_limit_below_the_input(tmp_path: Path) -> None:
    in_memory = _items(tmp_path)
    limit_mb = 48
    assert in_memory > 4 * limit_mb * 1024 * 1024, "the input must be well above the limit"
    plan = plan_job("posts-inputs", tmp_path, JobOptions(on=dt.date(2026, 3, 2)))
    small = DuckDBEngine(
        memory_limit=f"{limit_mb}MB", temp_directory=tmp_path / "spill", threads=1
    ).collect(plan)
    free = DuckDBEngine().collect(plan)
    assert int(small["n_items"].sum()) == ROWS
    pd.testing.assert_frame_equal(small, free)
