"""Load throughput: ``tradeguard load`` of an entries file (validation, quarantine checks, one
transaction) against a plain pandas ``read_csv`` + ``to_sql`` of the same file, which checks
nothing. Both write to a fresh SQLite file."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.harness import Comparison, timed
from tradeguard.domain.identifiers import entry_check_digit
from tradeguard.ingest.loader import load_file
from tradeguard.store.db import make_engine, migrate

SIZES = {"small": 100_000, "full": 1_000_000}


def write_entries(path: Path, rows: int, seed: int = 1) -> None:
    rng = np.random.default_rng(seed)
    serials = [f"{i:07d}" for i in range(1, rows + 1)]
    numbers = [f"ABC-{s}-{entry_check_digit('ABC', s)}" for s in serials]
    iors = [f"12-{n:07d}AB" for n in rng.integers(1_000_000, 9_999_999, size=rows)]
    days = pd.Timestamp("2025-10-01") + pd.to_timedelta(rng.integers(0, 365, rows), unit="D")
    frame = pd.DataFrame({
        "entry_number": numbers,
        "entry_type": rng.choice(["01", "03", "11"], size=rows),
        "ior_number": iors,
        "entry_date": days.strftime("%Y-%m-%d"),
        "port": rng.choice(["2704", "1001", "5301"], size=rows),
        "broker_filer_code": "ABC",
    })
    frame.to_csv(path, index=False)


def bench_load_entries(size: str) -> Comparison:
    rows = SIZES[size]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "entries.csv"
        write_entries(source, rows)
        engine = make_engine(f"sqlite:///{folder / 'ours.sqlite'}")
        migrate(engine)
        report, ours = timed(lambda: load_file(engine, source))
        assert report.rows_loaded == rows, report.summary()

        def baseline() -> None:
            with sqlite3.connect(folder / "pandas.sqlite") as conn:
                pd.read_csv(source, dtype=str).to_sql("entries", conn, index=False)

        _, base = timed(baseline)
    return Comparison("load entries.csv -> SQLite", rows, ours, "pandas read_csv+to_sql", base)


BENCHMARKS = [bench_load_entries]
