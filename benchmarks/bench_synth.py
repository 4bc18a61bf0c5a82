"""Synth throughput: rows per second of a whole world, against writing the same number of rows
of random columns with pandas ``to_csv`` (the floor of any CSV-writing generator)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.harness import Comparison, timed
from tradeguard.synth import generate_world

SCALES = {"small": 1.0, "full": 20.0}


def _baseline(rows: int, folder: Path) -> None:
    """Random columns shaped like a mail item row (ids, dates, money, text, flags)."""
    rng = np.random.default_rng(0)
    chunk = 500_000
    path = folder / "baseline.csv"
    for start in range(0, rows, chunk):
        n = min(chunk, rows - start)
        frame = pd.DataFrame(
            {
                "id": rng.integers(0, 10**12, n).astype(str),
                "day": np.datetime64("2025-01-01")
                + rng.integers(0, 700, n).astype("timedelta64[D]"),
                "value_usd": np.round(rng.lognormal(3, 1, n), 2),
                "name": np.asarray(["ALPHA TRADING", "BETA LLC", "GAMMA CO"])[
                    rng.integers(0, 3, n)
                ],
                "flag": rng.random(n) < 0.5,
            }
        )
        frame.to_csv(path, mode="a" if start else "w", header=start == 0, index=False)


def bench_world(size: str) -> Comparison:
    scale = SCALES[size]
    with tempfile.TemporaryDirectory() as folder:
        summary, ours = timed(lambda: generate_world(Path(folder) / "w", seed=7, scale=scale))
        rows = summary.total_rows
    with tempfile.TemporaryDirectory() as folder:
        _, base = timed(lambda: _baseline(rows, Path(folder)))
    return Comparison(
        f"synth world (scale {scale:g})",
        rows,
        ours,
        "pandas to_csv random rows",
        base,
        target="scale 1 well under 30 s",
    )


BENCHMARKS = [bench_world]
