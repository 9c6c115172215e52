"""Alembic environment: uses the connection handed over by ``Database.migrate``
or, from the alembic command line, the URL in the settings."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from backchain.settings import Settings
from backchain.store.tables import Base

config = context.config
connection = config.attributes.get("connection")


def run(connection_: object) -> None:
    """Run the migrations on one connection."""
    context.configure(
        connection=connection_,  # type: ignore[arg-type]
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:
    url = config.get_main_option("sqlalchemy.url") or Settings().database_url
    engine = create_engine(url)
    with engine.begin() as fresh:
        run(fresh)
    engine.dispose()
