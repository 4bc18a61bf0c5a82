"""Heavy batch jobs defined once, run on DuckDB (default, out of core) or on Spark.

Jobs (each a function ``(parquet_root, JobOptions) -> JobPlan``):

* ``posts-inputs``: quarterly per-post inputs from mail items (EO 13904 s.4-5);
* ``seizure-cells``: the seizure release's cells before disclosure control (EO 13904 s.6(a));
* ``screen-parties``: candidate generation and a vectorised name score for a day of express
  shipments' parties against the screening list (EO 13904 s.3(a));
* ``relink-registry``: candidate pairs of registry records sharing identifiers (2 CFR 180.905);
* ``score-declarations``: batch scoring of declarations with a LightGBM model (EO 13785 s.4(a)).

SQL is written once in DuckDB's dialect and transpiled to Spark SQL by sqlglot; Python steps are
row-local batch functions (``mapInPandas`` on Spark). See ``docs/operations.md``.
"""

from tradeguard.jobs.engines import DuckDBEngine, Engine, SparkEngine
from tradeguard.jobs.options import JobOptions
from tradeguard.jobs.parquet import world_to_parquet
from tradeguard.jobs.plan import Batch, JobPlan, Sql, to_spark
from tradeguard.jobs.registry import ENGINES, JOBS, make_engine, plan_job, run_job

__all__ = [
    "ENGINES",
    "JOBS",
    "Batch",
    "DuckDBEngine",
    "Engine",
    "JobOptions",
    "JobPlan",
    "SparkEngine",
    "Sql",
    "make_engine",
    "plan_job",
    "run_job",
    "to_spark",
    "world_to_parquet",
]
