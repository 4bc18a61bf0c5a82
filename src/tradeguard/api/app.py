"""The REST API and the dashboard as one ASGI application.

>>> app = create_app(database_url="sqlite:///var/tradeguard.sqlite")  # doctest: +SKIP
>>> # uvicorn.run(app, host="127.0.0.1", port=8000)
"""

from __future__ import annotations

from fastapi import FastAPI
from pydantic import BaseModel
from sqlalchemy import Engine

import tradeguard
import tradeguard.store.service_schema
from tradeguard.api import (
    cases,
    decisions,
    fees,
    importers,
    ingest,
    parties,
    policy,
    posts,
    seizures,
)
from tradeguard.api.auth import KeyStore
from tradeguard.api.config import ApiConfig
from tradeguard.api.deps import ERRORS, Caller
from tradeguard.api.errors import install_error_handlers
from tradeguard.api.limits import BodyLimit
from tradeguard.api.service import ServiceContext
from tradeguard.policy import load_policy
from tradeguard.settings import Settings

__all__ = ["ROUTERS", "create_app"]

ROUTERS = tuple(
    m.router for m in (ingest, parties, importers, posts, seizures, fees, decisions, cases, policy)
)

DESCRIPTION = """TradeGuard as a service: screening, IOR eligibility, importer assessments and
bond demands, post scores and the mail gate, seizure publications, rights-holder disclosures,
referrals, fees, stored decisions with their evidence, and case work.

Authenticate with an API key in the `X-API-Key` header (or `Authorization: Bearer`); a call
without a key is a call by the public, which sees published data only. Errors have one shape
(`error`, `message`, `errors` with `field`, `reason`, `line`)."""


class WhoAmI(BaseModel):
    role: str
    subject: str


class Health(BaseModel):
    status: str
    version: str


def create_app(
    engine: Engine | None = None,
    *,
    database_url: str | None = None,
    settings: Settings | None = None,
    config: ApiConfig | None = None,
    with_web: bool = True,
) -> FastAPI:
    """An application on ``engine`` (or a migrated store at ``database_url`` / the settings)."""
    from tradeguard.services import open_store

    settings = settings or Settings()
    config = config or ApiConfig()
    engine = engine or open_store(database_url, settings=settings)
    app = FastAPI(
        title="TradeGuard",
        version=tradeguard.__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.ctx = ServiceContext(
        engine,
        load_policy(settings.policy_dir),
        config,
        KeyStore(engine, config.api_key_cache_seconds),
    )
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)

    @app.get("/health", response_model=Health, tags=["service"])
    def health() -> Health:
        return Health(status="ok", version=tradeguard.__version__)

    @app.get("/v1/me", response_model=WhoAmI, tags=["service"], responses=ERRORS)
    def me(principal: Caller) -> WhoAmI:
        """Who the API key speaks for."""
        return WhoAmI(role=principal.role.value, subject=principal.subject)

    if with_web:
        from tradeguard.web import mount

        mount(app)
    app.add_middleware(
        BodyLimit, max_bytes=config.api_max_body_bytes, upload_bytes=config.api_max_upload_bytes
    )
    return app
