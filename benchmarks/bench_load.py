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


def bench_load_world(size: str) -> Comparison:
    """The demo world (scale 1; 5 in full): every file loaded through the readers, against
    pandas reading and writing the same files."""
    from tradeguard.ingest.loader import load_folder
    from tradeguard.synth import generate_world

    scale = 1.0 if size == "small" else 5.0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        world = generate_world(folder / "world", seed=7, scale=scale)
        engine = make_engine(f"sqlite:///{folder / 'ours.sqlite'}")
        migrate(engine)
        reports, ours = timed(lambda: load_folder(engine, folder / "world" / "data"))
        rows = sum(r.rows_read for r in reports)

        def baseline() -> None:
            with sqlite3.connect(folder / "pandas.sqlite") as conn:
                for path in sorted((folder / "world" / "data").glob("*.csv")):
                    pd.read_csv(path, dtype=str).to_sql(path.stem[:60], conn, index=False)

        _, base = timed(baseline)
    return Comparison(
        f"synth+load world scale {scale:g} (load part)", rows, ours,
        "pandas read_csv+to_sql", base,
        target=f"generate {world.seconds:.1f}s + load {ours:.1f}s < 60s",
    )


BENCHMARKS.append(bench_load_world)
