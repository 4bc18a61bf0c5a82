"""Shared fixtures. Store tests run on every backend: the embedded SQLite file always, and
PostgreSQL over a real connection when ``TRADEGUARD_TEST_PG_URL`` names a server (CI sets it
and ``TRADEGUARD_REQUIRE_PG=1``, so a missing server fails there instead of skipping)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from tradeguard.store import db
from tradeguard.store.db import make_engine, migrate

PG_URL = os.environ.get("TRADEGUARD_TEST_PG_URL")
REQUIRE_PG = os.environ.get("TRADEGUARD_REQUIRE_PG") == "1"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SAM_DIR = SHARED / "data" / "sam"


@pytest.fixture(autouse=True)
def _dispose_engines() -> Iterator[None]:
    """Close the pooled connections of every engine a test opened, so that none is left for
    the garbage collector (psycopg warns about connections deleted while open)."""
    db.TRACKED_ENGINES = []
    yield
    engines, db.TRACKED_ENGINES = db.TRACKED_ENGINES, None
    for engine in engines:
        engine.dispose()


def _pg_schema_url(schema: str) -> str:
    assert PG_URL is not None
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database of each backend (unmigrated)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
        return
    if not PG_URL:
        if REQUIRE_PG:
            pytest.fail("TRADEGUARD_REQUIRE_PG=1 but TRADEGUARD_TEST_PG_URL is not set")
        pytest.skip("PostgreSQL backend: set TRADEGUARD_TEST_PG_URL to run it")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield _pg_schema_url(schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def store(store_url: str) -> Iterator[Engine]:
    """A migrated, empty store on each backend."""
    engine = make_engine(store_url)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sam_dir() -> Path:
    if not SAM_DIR.is_dir():
        pytest.fail(f"the SAM samples are expected at {SAM_DIR}")
    return SAM_DIR
