"""``tradeguard serve`` and ``tradeguard keys ...``: run the service; create, list and revoke
API keys. The lead mounts ``serve`` as a command and ``keys_app`` as a sub-app."""

from __future__ import annotations

from typing import Annotated

import typer

from tradeguard.errors import TradeGuardError

__all__ = ["keys_app", "serve"]

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
