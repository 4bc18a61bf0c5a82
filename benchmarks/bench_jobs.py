"""The batch jobs on DuckDB against input size: the ``posts-inputs`` job over mail items.

Sizes: small 1M, 2M, 4M items (a quick curve); full 1M, 10M, 100M items, the growth curve of
``docs/operations.md``. Items are the posts benchmark's synthetic items (200 posts, eight
quarters), Parquet under ``TRADEGUARD_BENCH_DIR`` (default ``/tmp/tradeguard-bench-posts``),
generated once and reused. The job runs through :class:`tradeguard.jobs.DuckDBEngine` with a
memory limit of 4 GB and a spill folder, as on a cluster node; the baseline is plain pandas
reading the same files one at a time and combining partial sums (it never holds the whole
input), on the same files in the same run. Each size is one benchmark row, so the rows read
top to bottom are the curve.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks.bench_posts import _dataset, _pandas_aggregate, _policy
from benchmarks.harness import Comparison, timed
from tradeguard.jobs import DuckDBEngine, JobOptions, plan_job

SIZES = {"small": (1_000_000, 2_000_000, 4_000_000), "full": (1_000_000, 10_000_000, 100_000_000)}
MEMORY_LIMIT = os.environ.get("TRADEGUARD_BENCH_MEMORY", "4GB")


def _root(rows: int) -> Path:
    """A jobs input root whose ``mail_items`` is the benchmark's item files."""
    folder = _dataset(rows)
    root = folder.parent / f"jobs-{rows}"
    root.mkdir(exist_ok=True)
    link = root / "mail_items"
    if not link.exists():
        link.symlink_to(folder, target_is_directory=True)
    return root


def _bench(position: int) -> Callable[[str], Comparison]:
    def bench(size: str) -> Comparison:
        rows = SIZES[size][position]
        root = _root(rows)
        plan = plan_job("posts-inputs", root, JobOptions(on=dt.date(2026, 1, 1)))
        with tempfile.TemporaryDirectory(prefix="tradeguard-spill-") as spill:
            engine = DuckDBEngine(memory_limit=MEMORY_LIMIT, temp_directory=spill)
            ours, ours_s = timed(lambda: engine.collect(plan))
        base, base_s = timed(lambda: _pandas_aggregate(root / "mail_items", _policy()))
        merged = ours.merge(base, on=["post_code", "quarter"], suffixes=("", "_pd"))
        assert len(merged) == len(ours)
        for col in ("n_items", "aed_timely", "x_cf", "r_ok"):
            assert (merged[col] == merged[f"{col}_pd"]).all(), col
        return Comparison(
            f"jobs posts-inputs {rows // 1_000_000}M items",
            rows,
            ours_s,
            "pandas (per file)",
            base_s,
            "close to linear growth",
        )

    bench.__name__ = f"bench_posts_inputs_{position}"
    return bench


BENCHMARKS = [_bench(0), _bench(1), _bench(2)]
