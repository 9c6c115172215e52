"""Real databases for the store and service tests: a fresh SQLite file and a
fresh PostgreSQL database per test, each copied from a migrated template."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from backchain.services.history import History
from backchain.services.library import Library
from backchain.settings import Settings
from backchain.store.database import Database


def _admin_url() -> URL:
    value = os.environ.get("BACKCHAIN_TEST_POSTGRES_URL")
    if not value:
        pytest.fail(
            "BACKCHAIN_TEST_POSTGRES_URL is not set: run the suite with `make test`, "
            "which starts PostgreSQL (scripts/postgres-for-tests)"
        )
    return make_url(value)


def _admin(sql: str) -> None:
    engine = create_engine(_admin_url(), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(sql))
    engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    database = Database(f"sqlite:///{path}")
    database.migrate()
    database.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    name = f"backchain_template_{uuid.uuid4().hex[:8]}"
    _admin(f'CREATE DATABASE "{name}"')
    database = Database(_admin_url().set(database=name).render_as_string(hide_password=False))
    database.migrate()
    database.dispose()
    yield name
    _admin(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        path = tmp_path / "backchain.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        database = Database(f"sqlite:///{path}")
        database.migrate()
        yield database
        database.dispose()
        return
    template = request.getfixturevalue("postgres_template")
    name = f"backchain_test_{uuid.uuid4().hex[:10]}"
    _admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    database = Database(_admin_url().set(database=name).render_as_string(hide_password=False))
    database.migrate()
    yield database
    database.dispose()
    _admin(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture
def history(database: Database, library: Library) -> History:
    return History(database, library, Settings(database_url=str(database.url)))
