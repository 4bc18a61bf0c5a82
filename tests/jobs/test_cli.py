"""``tradeguard jobs ...`` through the CLI runner."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from tradeguard.jobs.cli import app

runner = CliRunner()


def test_parquet_then_run_on_duckdb(world: Path, tmp_path: Path) -> None:
    done = runner.invoke(app, ["parquet", str(world), str(tmp_path / "pq"), "--on", "2026-03-02"])
    assert done.exit_code == 0, done.output
    assert "mail_items" in done.output
    ran = runner.invoke(
        app,
        [
            "run",
            "posts-inputs",
            "--input",
            str(tmp_path / "pq"),
            "--output",
            str(tmp_path / "out"),
            "--memory-limit",
            "256MB",
        ],
    )
    assert ran.exit_code == 0, ran.output
    assert len(pd.read_parquet(tmp_path / "out")) > 0


def test_show_sql_in_spark_dialect(parquet_root: Path) -> None:
    shown = runner.invoke(
        app,
        [
            "run",
            "seizure-cells",
            "--input",
            str(parquet_root),
            "--output",
            "unused",
            "--engine",
            "spark",
            "--show-sql",
        ],
    )
    assert shown.exit_code == 0, shown.output
    assert "`table`" in shown.output


def test_unknown_job_exits_with_the_input_error_code(parquet_root: Path) -> None:
    bad = runner.invoke(app, ["run", "nope", "--input", str(parquet_root), "--output", "x"])
    assert bad.exit_code == 2
    assert "unknown job" in bad.output
