"""Settings, declared once. Every field reads ``TRADEGUARD_<NAME>`` from the environment.

``docs/settings.md`` lists every field; a test keeps the two in step.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings"]


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
    actor: str = Field(
        default="system",
        description="Name recorded in the audit log for changes made from this process.",
    )


def get_settings() -> Settings:
    """A fresh read of the environment (cheap; call at the edge, pass values inward)."""
    return Settings()
