"""Settings, declared once. Every field reads ``TRADEGUARD_<NAME>`` from the environment.

``docs/settings.md`` lists every field; a test keeps the two in step.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings", "screen_processes"]


class Settings(BaseSettings):
    """Where TradeGuard keeps its data and how it behaves."""

    model_config = SettingsConfigDict(env_prefix="TRADEGUARD_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///var/tradeguard.sqlite",
        description="SQLAlchemy URL of the store: an SQLite file by default, "
        "postgresql+psycopg://user@host/db in production.",
    )
    home: Path = Field(
        default=Path("var"),
        description="Working folder for generated worlds, reports and the default SQLite file.",
    )
    policy_dir: Path | None = Field(
        default=None,
        description="Folder of policy YAML files to use instead of the shipped ones.",
    )
    load_chunk_rows: int = Field(
        default=50_000,
        ge=1,
        description="Rows validated and inserted per chunk during a load (memory vs. speed).",
    )
    api_max_body_bytes: int = Field(
        default=1_000_000, ge=1_000, description="Largest JSON request body accepted (bytes)."
    )
    api_max_upload_bytes: int = Field(
        default=200_000_000, ge=1_000, description="Largest file accepted by the ingest upload."
    )
    api_max_page_size: int = Field(
        default=500, ge=1, description="Largest page a list endpoint returns (``limit``)."
    )
    api_max_batch_items: int = Field(
        default=1_000, ge=1, description="Most parties or mail items accepted in one request."
    )
    api_key_cache_seconds: float = Field(
        default=60.0,
        ge=0,
        description="How long a verified API key is trusted without re-hashing its secret "
        "(a revoked key stops working after at most this long).",
    )
    jobs_engine: Literal["duckdb", "spark"] = Field(
        default="duckdb",
        description="Engine of the heavy batch jobs (tradeguard jobs run): duckdb on one "
        "machine, spark for a cluster.",
    )
    screen_workers: int = Field(
        default=0,
        ge=0,
        description="Processes that screen a large batch of parties (tradeguard parties "
        "screen, the demo); 0 means one per core.",
    )
    actor: str = Field(
        default="system",
        description="Name recorded in the audit log for changes made from this process.",
    )


def screen_processes(settings: Settings) -> int:
    """``screen_workers`` with 0 resolved to the number of cores."""
    return settings.screen_workers or (os.cpu_count() or 1)


def get_settings() -> Settings:
    """A fresh read of the environment (cheap; call at the edge, pass values inward)."""
    return Settings()
