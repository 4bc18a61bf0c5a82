"""Fixtures for the batch jobs: a small world as Parquet, a trained model, one SparkSession."""

from __future__ import annotations

import datetime as dt
import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tradeguard.jobs.options import JobOptions
from tradeguard.jobs.parquet import world_to_parquet
from tradeguard.policy import load_policy
from tradeguard.synth import generate_world
from tradeguard.targeting.mapping import MAPPINGS_DIR
from tradeguard.targeting.model import train_model
from tradeguard.targeting.params import targeting_policy
from tradeguard.targeting.service import read_declarations

#: The policy day of every job in the tests, and the first day scored.
POLICY_DAY = dt.date(2026, 3, 2)
SCORE_FROM = dt.date(2026, 1, 15)
SCREEN_DAY = dt.date(2025, 7, 28)

#: The one warning pyspark is known to emit with pandas 3 (on session start and on Arrow
#: transfers); tests that touch Spark silence it and nothing else.
SPARK_PANDAS_WARNING = "ignore:PySpark does not yet fully support pandas:FutureWarning"


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("world")
    # Five quarters (FY2025Q2-FY2026Q2): every job has data, with few day partitions.
    generate_world(out, seed=3, scale=0.1, start=dt.date(2025, 1, 1), quarters=5)
    return out


@pytest.fixture(scope="session")
def parquet_root(world: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("parquet")
    world_to_parquet(world, out, on=POLICY_DAY)
    return out


@pytest.fixture(scope="session")
def declarations(world: Path) -> pd.DataFrame:
    return read_declarations(
        [world / "data" / "express_shipments.csv"], MAPPINGS_DIR / "express_shipments.yaml"
    )[0]


@pytest.fixture(scope="session")
def model_path(declarations: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    history = declarations[declarations["date"] < pd.Timestamp(SCORE_FROM)]
    model = train_model(
        history.reset_index(drop=True), targeting_policy(load_policy(), SCORE_FROM), rounds=20
    )
    return model.save(tmp_path_factory.mktemp("model") / "model.json")


@pytest.fixture(scope="session")
def job_options(model_path: Path) -> dict[str, JobOptions]:
    return {
        "posts-inputs": JobOptions(on=POLICY_DAY),
        "seizure-cells": JobOptions(on=POLICY_DAY, quarter="FY2026Q2"),
        "screen-parties": JobOptions(on=POLICY_DAY, day=SCREEN_DAY),
        "relink-registry": JobOptions(on=POLICY_DAY),
        "score-declarations": JobOptions(model=model_path, score_from=SCORE_FROM),
    }


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local SparkSession (2 cores, 2 shuffle partitions, no UI) for the whole run."""
    if os.environ.get("TRADEGUARD_REQUIRE_SPARK") == "1":
        import pyspark  # noqa: F401  - CI installs the [spark] extra: a missing one must fail
    else:
        pytest.importorskip("pyspark", reason="the Spark engine is optional (pip install pyspark)")
    from tradeguard.jobs.spark import spark_session

    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="PySpark does not yet fully support pandas", category=FutureWarning
        )
        session = spark_session("local[2]", app_name="tradeguard-tests")
    yield session
    session.stop()
