"""The demo's way into the dashboard: an analyst's key on the demo store (kept beside a SQLite
file and reused; elsewhere renewed with the older one revoked) and the command that serves it."""

from __future__ import annotations

import shlex
import stat
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tradeguard.api.auth import KeyStore, Unauthenticated
from tradeguard.api.cli import DEMO_KEY_NAME, demo_access
from tradeguard.cases.access import Role
from tradeguard.store.db import make_engine


def test_demo_access_makes_or_reuses_an_analyst_key(store_url: str) -> None:
    token, command = demo_access(store_url)
    assert shlex.split(command) == ["tradeguard", "serve", "--db", store_url]
    again, _ = demo_access(store_url)
    engine = make_engine(store_url)
    keys = KeyStore(engine)
    assert keys.authenticate(again).role is Role.ANALYST
    active = [k for k in keys.list_keys() if k.name == DEMO_KEY_NAME and not k.revoked_at]
    assert len(active) == 1
    if store_url.startswith("sqlite"):
        assert again == token  # reused: kept beside the file, for its owner only
        kept = Path(str(make_url(store_url).database) + ".dashboard-key")
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
        keys.revoke(active[0].key_id)
        renewed, _ = demo_access(store_url)
        assert renewed != token and kept.read_text().strip() == renewed
    else:
        assert again != token
        with pytest.raises(Unauthenticated):
            KeyStore(engine).authenticate(token)
    engine.dispose()
