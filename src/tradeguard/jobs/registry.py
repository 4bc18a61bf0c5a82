"""The jobs by name, and one entry point that runs any of them on either engine."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from tradeguard.errors import InvalidInput
from tradeguard.jobs.engines import DuckDBEngine, Engine, SparkEngine
from tradeguard.jobs.options import JobOptions
from tradeguard.jobs.plan import JobPlan
from tradeguard.jobs.posts import posts_inputs_plan
from tradeguard.jobs.relink import relink_plan
from tradeguard.jobs.scoring import score_declarations_plan
from tradeguard.jobs.screening import screen_parties_plan
from tradeguard.jobs.seizures import seizure_cells_plan

__all__ = ["ENGINES", "JOBS", "make_engine", "plan_job", "run_job"]

JOBS: Mapping[str, Callable[[Path, JobOptions], JobPlan]] = {
    "posts-inputs": posts_inputs_plan,
    "seizure-cells": seizure_cells_plan,
    "screen-parties": screen_parties_plan,
    "relink-registry": relink_plan,
    "score-declarations": score_declarations_plan,
}
ENGINES = ("duckdb", "spark")


def plan_job(name: str, root: Path, options: JobOptions | None = None) -> JobPlan:
    """The plan of job ``name`` over the Parquet datasets under ``root``."""
    if name not in JOBS:
        raise InvalidInput(f"unknown job {name!r}; known: {', '.join(sorted(JOBS))}")
    return JOBS[name](Path(root), options or JobOptions())


def make_engine(
    name: str,
    *,
    memory_limit: str | None = None,
    temp_directory: Path | None = None,
    master: str | None = "local[2]",
) -> Engine:
    """``duckdb`` (memory limit, spill folder) or ``spark`` (``master=None``: spark-submit's)."""
    if name == "duckdb":
        return DuckDBEngine(memory_limit=memory_limit, temp_directory=temp_directory)
    if name == "spark":
        from tradeguard.jobs.spark import spark_session

        return SparkEngine(spark_session(master))
    raise InvalidInput(f"unknown engine {name!r}; known: {', '.join(ENGINES)}")


def run_job(
    name: str, root: Path, out: Path, engine: Engine, options: JobOptions | None = None
) -> Path:
    """Run job ``name`` over ``root`` on ``engine`` and write its output Parquet to ``out``.

    >>> run_job("posts-inputs", Path("var/parquet"), Path("out/posts"),
    ...         DuckDBEngine(memory_limit="4GB"))  # doctest: +SKIP
    """
    return engine.write(plan_job(name, root, options), Path(out))
