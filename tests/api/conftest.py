"""Fixtures of the API tests: the test world (built once), an application on each backend's
store with the world loaded, and one API key per role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.api import world as test_world
from tradeguard.api import create_app
from tradeguard.api.config import ApiConfig
from tradeguard.cases.access import Role

SUBJECTS = {
    Role.ANALYST: "ann",
    Role.SUPERVISOR: "sue",
    Role.BROKER: test_world.BROKER,
    Role.EXPRESS_CARRIER: "ECO-01",
    Role.PLATFORM: "PLT-01",
    Role.POST: test_world.POST,
    Role.RIGHTS_HOLDER: "",  # the world's rights holder
    Role.PUBLIC: "someone",
}


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> test_world.World:
    return test_world.build(tmp_path_factory.mktemp("api-world"))


@dataclass
class Api:
    app: FastAPI
    client: TestClient
    engine: Engine
    world: test_world.World
    keys: dict[Role, str]

    def headers(self, role: Role | None) -> dict[str, str]:
        return {} if role is None else {"X-API-Key": self.keys[role]}

    def get(self, path: str, role: Role | None = None, **kw: object) -> object:
        return self.client.get(path, headers=self.headers(role), **kw)  # type: ignore[arg-type]


def make_api(engine: Engine, world: test_world.World, config: ApiConfig | None = None) -> Api:
    test_world.load(engine, world)
    app = create_app(engine, config=config or ApiConfig(api_key_cache_seconds=60))
    keys = {
        role: app.state.ctx.keys.create(role.value, subject or world.rights_holder)
        for role, subject in SUBJECTS.items()
    }
    return Api(app, TestClient(app), engine, world, keys)


@pytest.fixture
def api(store: Engine, world: test_world.World) -> Iterator[Api]:
    made = make_api(store, world)
    with made.client:
        yield made


def csv_bytes(path: Path) -> bytes:
    return path.read_bytes()
