"""``tradeguard serve`` and ``tradeguard keys ...``: run the service; create, list and revoke
API keys. The lead mounts ``serve`` as a command and ``keys_app`` as a sub-app."""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import Annotated

import typer

from tradeguard.errors import TradeGuardError

__all__ = ["DEMO_KEY_NAME", "demo_access", "keys_app", "serve"]

DEMO_KEY_NAME = "demo dashboard"
DEMO_ANALYST = "demo-analyst"

keys_app = typer.Typer(help="API keys: create, list, revoke.", no_args_is_help=True)
DbOption = Annotated[
    str | None, typer.Option("--db", help="Store URL (default: TRADEGUARD_DATABASE_URL).")
]


def _fail(exc: TradeGuardError) -> typer.Exit:
    typer.echo(f"error: {exc.message}", err=True)
    for error in exc.errors[:20]:
        typer.echo(f"  {error}", err=True)
    return typer.Exit(exc.exit_code)


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    db: DbOption = None,
) -> None:
    """Serve the REST API (/v1, /openapi.json) and the analysts' dashboard (/ui)."""
    import uvicorn

    from tradeguard.api.app import create_app

    try:
        app = create_app(database_url=db)
    except TradeGuardError as exc:
        raise _fail(exc) from exc
    typer.echo(f"TradeGuard on http://{host}:{port}/ui (API: /v1, schema: /openapi.json)")
    uvicorn.run(app, host=host, port=port, log_level="info")


@keys_app.command("create")
def create(
    role: Annotated[
        str,
        typer.Option(
            help="analyst, supervisor, broker, express_carrier, "
            "platform, post, rights_holder or public."
        ),
    ],
    subject: Annotated[
        str,
        typer.Option(
            help="Who the key speaks for: a name, facilitator id, post code or rights holder."
        ),
    ],
    name: Annotated[str, typer.Option(help="A label for the key.")] = "",
    db: DbOption = None,
) -> None:
    """Create an API key; the token is printed once and stored only as a hash."""
    from tradeguard.api.auth import KeyStore
    from tradeguard.services import open_store
    from tradeguard.settings import Settings

    try:
        token = KeyStore(open_store(db)).create(role, subject, name=name, actor=Settings().actor)
    except TradeGuardError as exc:
        raise _fail(exc) from exc
    typer.echo(token)


@keys_app.command("list")
def list_keys(db: DbOption = None) -> None:
    """Every key: id, role, subject, created, revoked (never a secret)."""
    from tradeguard.api.auth import KeyStore
    from tradeguard.services import open_store

    for k in KeyStore(open_store(db)).list_keys():
        revoked = f" revoked {k.revoked_at:%Y-%m-%d}" if k.revoked_at else ""
        typer.echo(f"{k.key_id}  {k.role.value:<15} {k.subject}  ({k.name}){revoked}")


@keys_app.command("revoke")
def revoke(
    key_id: Annotated[str, typer.Argument(help="The key's id.")], db: DbOption = None
) -> None:
    """Revoke a key (it stops working within the key cache time)."""
    from tradeguard.api.auth import KeyStore
    from tradeguard.services import open_store
    from tradeguard.settings import Settings

    try:
        KeyStore(open_store(db)).revoke(key_id, actor=Settings().actor)
    except TradeGuardError as exc:
        raise _fail(exc) from exc
    typer.echo(f"revoked {key_id}")


def _key_file(database_url: str) -> Path | None:
    """Where the demo's key is kept for a SQLite file store: beside the file, owner-only."""
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database).with_name(Path(url.database).name + ".dashboard-key")


def demo_access(database_url: str) -> tuple[str, str]:
    """An analyst's API key on the store at ``database_url``, and the command line that serves
    the dashboard on it: what the demo prints so that its world can be opened in a browser.

    On a SQLite file the token is kept beside the file (``<file>.dashboard-key``, readable by
    its owner only) and reused while its key is active. Otherwise, or when that key no longer
    works, a new key is made (named ``demo dashboard``) and the older demo keys are revoked,
    so at most one stays active. Only the key's hash goes into the store."""
    from tradeguard.api.auth import KeyStore
    from tradeguard.services import open_store

    engine = open_store(database_url)
    try:
        keys = KeyStore(engine)
        kept = _key_file(database_url)
        token = None
        if kept is not None and kept.is_file():
            candidate = kept.read_text(encoding="utf-8").strip()
            try:
                keys.authenticate(candidate)
                token = candidate
            except TradeGuardError:
                token = None
        if token is None:
            old = [
                k.key_id for k in keys.list_keys() if k.name == DEMO_KEY_NAME and not k.revoked_at
            ]
            token = keys.create("analyst", DEMO_ANALYST, name=DEMO_KEY_NAME, actor="demo")
            for key_id in old:
                keys.revoke(key_id, actor="demo")
            if kept is not None:
                kept.parent.mkdir(parents=True, exist_ok=True)
                descriptor = os.open(kept, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(descriptor, "w", encoding="utf-8") as out:
                    out.write(token + "\n")
    finally:
        engine.dispose()
    command = f"tradeguard serve --db {shlex.quote(database_url)}"
    return token, command
