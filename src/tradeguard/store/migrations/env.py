"""Alembic environment: runs on the connection handed over by ``tradeguard.store.db``."""

from __future__ import annotations

from alembic import context

from tradeguard.store.schema import metadata

config = context.config
target_metadata = metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = config.attributes.get("engine")
        if engine is None:
            raise RuntimeError("run migrations through tradeguard.store.db.migrate()")
        with engine.begin() as conn:
            context.configure(connection=conn, target_metadata=target_metadata)
            with context.begin_transaction():
                context.run_migrations()
        return
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()


run()
