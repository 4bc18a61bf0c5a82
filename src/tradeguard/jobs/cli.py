"""``tradeguard jobs ...``: convert a world to Parquet, run a batch job on DuckDB or Spark.

The engine is ``--engine`` or ``TRADEGUARD_JOBS_ENGINE`` (default ``duckdb``).
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Annotated

import typer

from tradeguard.errors import TradeGuardError
from tradeguard.jobs.options import JobOptions
from tradeguard.jobs.parquet import world_to_parquet
from tradeguard.jobs.registry import JOBS, make_engine, plan_job

app = typer.Typer(help="Heavy batch jobs on DuckDB or Spark.", no_args_is_help=True)


def _fail(exc: TradeGuardError) -> typer.Exit:
    typer.echo(f"error: {exc.message}", err=True)
    return typer.Exit(exc.exit_code)


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@app.command("parquet")
def parquet(
    world: Annotated[Path, typer.Argument(help="A world folder (or its data/ folder).")],
    out: Annotated[Path, typer.Argument(help="Folder for the Parquet datasets.")],
    on: Annotated[str | None, typer.Option(help="Policy day (YYYY-MM-DD).")] = None,
) -> None:
    """Convert the world's CSV files to Parquet partitioned by day or quarter."""
    try:
        written = world_to_parquet(world, out, on=_day(on))
    except TradeGuardError as exc:
        raise _fail(exc) from None
    for name, path in written.items():
        typer.echo(f"{name}: {path}")


@app.command("list")
def list_jobs() -> None:
    """The jobs and what each computes."""
    for name in sorted(JOBS):
        typer.echo(name)


@app.command("run")
def run(
    job: Annotated[str, typer.Argument(help=f"One of: {', '.join(sorted(JOBS))}.")],
    input: Annotated[Path, typer.Option("--input", "-i", help="Parquet root (jobs parquet).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Output Parquet folder.")],
    engine: Annotated[
        str, typer.Option(envvar="TRADEGUARD_JOBS_ENGINE", help="duckdb or spark.")
    ] = "duckdb",
    memory_limit: Annotated[str | None, typer.Option(help="DuckDB memory limit, e.g. 4GB.")] = None,
    temp_directory: Annotated[Path | None, typer.Option(help="DuckDB spill folder.")] = None,
    master: Annotated[
        str | None,
        typer.Option(help="Spark master (default local[2]; 'submit': spark-submit's)."),
    ] = "local[2]",
    on: Annotated[str | None, typer.Option(help="Policy day (YYYY-MM-DD).")] = None,
    quarter: Annotated[str | None, typer.Option(help="Release quarter, e.g. FY2026Q2.")] = None,
    day: Annotated[str | None, typer.Option(help="One day of shipments to screen.")] = None,
    model: Annotated[Path | None, typer.Option(help="Targeting model file.")] = None,
    score_from: Annotated[str | None, typer.Option(help="First day to score.")] = None,
    score_to: Annotated[str | None, typer.Option(help="Last day to score.")] = None,
    show_sql: Annotated[bool, typer.Option(help="Print the plan's SQL and stop.")] = False,
) -> None:
    """Run JOB over the Parquet datasets under --input and write Parquet to --output."""
    options = JobOptions(_day(on), quarter, _day(day), _day(score_from), _day(score_to), model)
    try:
        plan = plan_job(job, input, options)
        if show_sql:
            typer.echo(plan.sql("spark" if engine == "spark" else "duckdb"))
            return
        runner = make_engine(
            engine,
            memory_limit=memory_limit,
            temp_directory=temp_directory,
            master=None if master == "submit" else master,
        )
        start = time.perf_counter()
        runner.write(plan, output)
    except TradeGuardError as exc:
        raise _fail(exc) from None
    typer.echo(f"{job} on {engine}: {output} in {time.perf_counter() - start:.1f}s")
