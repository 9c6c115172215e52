"""Logging a set from an event loop, the web app's busiest path: the same
results as the plain call, on SQLite and PostgreSQL, and a loop that keeps
serving while the database is busy elsewhere."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from backchain.errors import RecordNotFound
from backchain.services.accounts import Accounts
from backchain.services.library import Library
from backchain.services.workouts import SetInput, Workouts
from backchain.settings import Settings
from backchain.store.database import Database
from tests.integration.conftest import _admin, _admin_url


@dataclass
class Gym:
    """Two lifters, the first with a workout under way."""

    database: Database
    workouts: Workouts
    ana: int
    ben: int
    workout: int


def _gym(database: Database, library: Library) -> Gym:
    accounts = Accounts(database, Settings(database_url=str(database.url)))
    ana = accounts.sign_up("ana", "a long enough passphrase").athlete_id
    ben = accounts.sign_up("ben", "a long enough passphrase").athlete_id
    workouts = Workouts(database, library)
    workout = workouts.start(ana, title="Posterior day").id
    return Gym(database, workouts, ana, ben, workout)


@pytest.fixture
def gym(database: Database, library: Library) -> Gym:
    return _gym(database, library)


@pytest.fixture
def postgres_gym(postgres_template: str, library: Library) -> Iterator[Gym]:
    name = f"backchain_test_{uuid.uuid4().hex[:10]}"
    _admin(f'CREATE DATABASE "{name}" TEMPLATE "{postgres_template}"')
    database = Database(_admin_url().set(database=name).render_as_string(hide_password=False))
    yield _gym(database, library)
    database.dispose()
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_gym(sqlite_template: Path, tmp_path: Path, library: Library) -> Iterator[Gym]:
    path = tmp_path / "backchain.db"
    shutil.copyfile(sqlite_template, path)
    database = Database(f"sqlite:///{path}")
    yield _gym(database, library)
    database.dispose()


def _in_loop(gym: Gym, scenario: object) -> None:
    """Run ``scenario`` (a coroutine function taking the gym) between the loop's
    own connections being opened and closed, as the web app's lifespan does."""

    async def main() -> None:
        await gym.database.open_async()
        try:
            await scenario(gym)  # type: ignore[operator]
        finally:
            await gym.database.close_async()

    asyncio.run(main())


@contextmanager
def _held(database: Database) -> Iterator[threading.Event]:
    """A transaction of this process holding SQLite, in a thread, until the
    event it gives is set (or the block ends)."""
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with database.transaction() as session:
            session.execute(text("SELECT count(*) FROM sets"))
            holding.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(10)
    try:
        yield release
    finally:
        release.set()
        holder.join(10)


async def _ticking(ticks: list[float]) -> None:
    """Count the loop's turns: proof that it was not blocked meanwhile."""
    while True:
        ticks.append(asyncio.get_running_loop().time())
        await asyncio.sleep(0.005)


def test_logging_from_the_loop_stores_updates_and_refuses_like_the_plain_call(gym: Gym) -> None:
    async def scenario(gym: Gym) -> None:
        log = gym.workouts.log_set_async
        first = await log(
            gym.ana, gym.workout, SetInput(exercise="hip_thrust", reps=10, load_kg=60)
        )
        again = await log(
            gym.ana, gym.workout, SetInput(exercise="hip_thrust", set_index=1, reps=8, load_kg=65)
        )
        second = await log(gym.ana, gym.workout, SetInput(exercise="Hip thrust", reps=6))
        assert (first.set_index, again.set_index, second.set_index) == (1, 1, 2)
        assert again.id == first.id and (again.reps, again.load_kg) == (8, 65.0)
        assert second.exercise_id == "hip_thrust"
        with pytest.raises(RecordNotFound):
            await log(gym.ben, gym.workout, SetInput(exercise="hip_thrust", reps=10))
        with pytest.raises(RecordNotFound):
            await log(gym.ana, 2**31 - 1, SetInput(exercise="hip_thrust", reps=10))
        # Many at once, as a gym's lifters send them: every one is stored.
        sets = [SetInput(exercise="glute_bridge", set_index=n, reps=n) for n in range(1, 41)]
        logged = await asyncio.gather(*(log(gym.ana, gym.workout, s) for s in sets))
        assert sorted(s.set_index for s in logged) == list(range(1, 41))

    _in_loop(gym, scenario)
    stored = gym.workouts.get(gym.ana, gym.workout).sets
    assert [(s.exercise_name, s.set_index, s.reps) for s in stored[:2]] == [
        ("Hip thrust", 1, 8),
        ("Hip thrust", 2, 6),
    ]
    assert len(stored) == 42
    # The plain call, once the loop is gone, sees and continues the same log.
    plain = gym.workouts.log_set(gym.ana, gym.workout, SetInput(exercise="hip_thrust", reps=5))
    assert plain.set_index == 3


def test_the_loop_goes_on_while_another_transaction_of_the_process_holds_sqlite(
    sqlite_gym: Gym,
) -> None:
    ticks: list[float] = []

    async def scenario(gym: Gym) -> None:
        ticker = asyncio.create_task(_ticking(ticks))
        # Lifters keep logging while the file is held: their writes queue.
        writes = asyncio.gather(
            *(
                gym.workouts.log_set_async(
                    gym.ana, gym.workout, SetInput(exercise="hip_thrust", set_index=n)
                )
                for n in range(1, 21)
            )
        )
        await asyncio.sleep(0.3)
        assert not writes.done(), "a write went ahead while another transaction held the file"
        waited = len(ticks)
        release.set()
        logged = await asyncio.wait_for(writes, 10)
        ticker.cancel()
        assert sorted(s.set_index for s in logged) == list(range(1, 21))
        assert waited >= 20, f"the loop turned only {waited} times in 0.3 s"

    with _held(sqlite_gym.database) as release:
        _in_loop(sqlite_gym, scenario)


def test_a_write_that_finds_sqlite_locked_by_another_process_waits_in_a_thread(
    sqlite_gym: Gym,
) -> None:
    path = sqlite_gym.database.url.database
    assert path is not None
    # Another connection, as another process would hold the file: SQLite's own
    # lock, not this process's.
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE workouts SET notes = 'busy' WHERE id = ?", (sqlite_gym.workout,))
    ticks: list[float] = []

    async def scenario(gym: Gym) -> None:
        ticker = asyncio.create_task(_ticking(ticks))
        write = asyncio.create_task(
            gym.workouts.log_set_async(gym.ana, gym.workout, SetInput(exercise="hip_thrust"))
        )
        await asyncio.sleep(0.3)
        assert not write.done()
        waited = len(ticks)
        other.execute("COMMIT")
        logged = await asyncio.wait_for(write, 10)
        ticker.cancel()
        assert logged.set_index == 1
        assert waited >= 20, f"the loop turned only {waited} times in 0.3 s"

    try:
        _in_loop(sqlite_gym, scenario)
    finally:
        other.close()
    assert len(sqlite_gym.workouts.get(sqlite_gym.ana, sqlite_gym.workout).sets) == 1


def test_a_cancelled_write_does_not_keep_sqlite_locked(sqlite_gym: Gym) -> None:
    async def scenario(gym: Gym) -> None:
        write = asyncio.create_task(
            gym.workouts.log_set_async(gym.ana, gym.workout, SetInput(exercise="hip_thrust"))
        )
        await asyncio.sleep(0.1)
        write.cancel()  # the lifter's connection dropped while the write waited
        with pytest.raises(asyncio.CancelledError):
            await write
        release.set()
        logged = await asyncio.wait_for(
            gym.workouts.log_set_async(gym.ana, gym.workout, SetInput(exercise="glute_bridge")),
            5,
        )
        assert logged.set_index == 1

    with _held(sqlite_gym.database) as release:
        _in_loop(sqlite_gym, scenario)
    # Nothing of the cancelled write was stored.
    names = [
        s.exercise_name for s in sqlite_gym.workouts.get(sqlite_gym.ana, sqlite_gym.workout).sets
    ]
    assert names == ["Glute bridge"]


def test_the_loop_opens_new_postgresql_connections_when_the_server_dropped_its_own(
    postgres_gym: Gym,
) -> None:
    name = postgres_gym.database.url.database

    async def scenario(gym: Gym) -> None:
        log = gym.workouts.log_set_async
        await asyncio.gather(
            *(
                log(gym.ana, gym.workout, SetInput(exercise="hip_thrust", set_index=n))
                for n in (1, 2, 3)
            )
        )
        # The server ends every connection to the database (a restart, an admin).
        _admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        )
        failures = 0
        for n in range(4, 10):
            try:
                await log(gym.ana, gym.workout, SetInput(exercise="hip_thrust", set_index=n))
            except Exception:
                failures += 1
        assert failures <= 3, "dropped connections were handed out again"
        logged = await log(gym.ana, gym.workout, SetInput(exercise="hip_thrust", set_index=10))
        assert logged.set_index == 10

    _in_loop(postgres_gym, scenario)
