"""Opening a database: engine, migrations and transactions.

Example::

    db = Database("sqlite:///backchain.db")
    db.migrate()
    with db.transaction() as session:
        ...
"""

from __future__ import annotations

import asyncio
import functools
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Dialect, Engine, create_engine, event
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.dml import UpdateBase

from backchain.errors import StoreBusy

if TYPE_CHECKING:  # psycopg loads only when PostgreSQL is used (it takes ~0.25 s)
    import psycopg

__all__ = ["BUSY_TIMEOUT_S", "Database", "alembic_config"]


def alembic_config(connection: Any = None, url: str | None = None) -> Config:
    """Alembic configuration for the migrations shipped in the package."""
    config = Config()
    config.set_main_option("script_location", "backchain.store:migrations")
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


# How long an SQLite writer waits for another process's transaction before it
# gives up; imports write in short turns, so a wait this long means trouble.
BUSY_TIMEOUT_S = 30.0


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # backchain, not the driver, says when a transaction begins (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    cursor.close()


def _sqlite_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    # A connection lent as AUTOCOMMIT comes back with the driver's own
    # transaction handling switched on again.
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection: Connection) -> None:
    """Begin SQLite transactions that write as IMMEDIATE: the write lock is taken
    (waiting for it up to the busy timeout) before anything is read. A deferred
    transaction that reads, then finds another process wrote meanwhile, fails at
    once with "database is locked" instead of waiting."""
    options = connection.get_execution_options()
    if options.get("isolation_level") == "AUTOCOMMIT":
        return
    connection.exec_driver_sql("BEGIN" if options.get(_READ_ONLY) else "BEGIN IMMEDIATE")


_READ_ONLY = "backchain_read_only"


async def _acquire(lock: threading.Lock) -> None:
    """Take ``lock`` from an event loop: at once when it is free, else a worker
    thread waits for it, so the loop goes on serving meanwhile."""
    if lock.acquire(blocking=False):
        return
    waiting = asyncio.ensure_future(asyncio.to_thread(lock.acquire))
    try:
        await asyncio.shield(waiting)
    except asyncio.CancelledError:
        # The thread will still get the lock: give it back then.
        waiting.add_done_callback(lambda _: lock.release())
        raise


# PostgreSQL connections an asyncio server keeps for its hot writes: enough for
# the concurrency one process can use, and opened once (a connection opened and
# closed per request would cost more than the request).
LOOP_CONNECTIONS = 16


@dataclass(frozen=True)
class _Prepared:
    """A hot statement compiled once, run straight on the driver: the SQL, its
    literals, the parameters' order (SQLite's are positional) and the type
    conversions SQLAlchemy would apply (SQLite keeps datetimes as text)."""

    sql: str
    defaults: dict[str, Any]
    order: tuple[str, ...] | None
    to_driver: dict[str, Callable[[Any], Any]]
    from_driver: tuple[tuple[str, Callable[[Any], Any] | None], ...]

    @classmethod
    def of(cls, statement: UpdateBase, dialect: Dialect) -> _Prepared:
        compiled = statement.compile(dialect=dialect)
        to_driver: dict[str, Callable[[Any], Any]] = {}
        for name, bind in compiled.binds.items():
            process = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                to_driver[name] = process
        # psycopg hands back Python values already; SQLite's text needs reading.
        returning = statement.returning_column_descriptions if dialect.name == "sqlite" else []
        from_driver = tuple(
            (column["name"], column["type"].dialect_impl(dialect).result_processor(dialect, None))
            for column in returning
        )
        order = tuple(compiled.positiontup) if compiled.positiontup else None
        return cls(str(compiled), dict(compiled.params), order, to_driver, from_driver)

    def values(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """Every parameter, converted for the driver."""
        values = {**self.defaults, **params}
        for name, process in self.to_driver.items():
            values[name] = process(values[name])
        return values

    def fetch_one_sqlite(
        self, connection: Connection, params: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        """Run on SQLite's own connection (the driver's ``sqlite3``); the first row."""
        assert self.order is not None
        values = self.values(params)
        driver: sqlite3.Connection = connection.connection.driver_connection  # type: ignore[assignment]
        cursor = driver.execute(self.sql, [values[name] for name in self.order])
        try:
            row = cursor.fetchone()
        finally:
            cursor.close()
        if row is None:
            return None
        return {
            name: value if process is None else process(value)
            for (name, process), value in zip(self.from_driver, row, strict=True)
        }


class _LoopConnections:
    """A few psycopg connections in autocommit, shared by one event loop's tasks:
    at most ``size`` in use at once, the idle ones kept open for the next."""

    def __init__(self, conninfo: str, size: int) -> None:
        self.conninfo = conninfo
        self.turns = asyncio.Semaphore(size)
        self.idle: list[psycopg.AsyncConnection[dict[str, Any]]] = []

    async def fetch_one(self, sql: str, params: Mapping[str, Any]) -> dict[str, Any] | None:
        """Run one statement; its first row. A connection that failed (or whose
        task was cancelled mid-statement) is closed, not handed to the next task."""
        async with self.turns:
            connection = self.idle.pop() if self.idle else await self._connect()
            try:
                cursor = await connection.execute(sql.encode(), params)
                row = await cursor.fetchone()
            except BaseException:
                await connection.close()
                raise
            self.idle.append(connection)
            return row

    async def _connect(self) -> psycopg.AsyncConnection[dict[str, Any]]:
        from psycopg import AsyncConnection
        from psycopg.rows import dict_row

        return await AsyncConnection.connect(self.conninfo, autocommit=True, row_factory=dict_row)

    async def close(self) -> None:
        """Close the connections (at shutdown, once no request is running)."""
        while self.idle:
            await self.idle.pop().close()


class Database:
    """One database, SQLite or PostgreSQL, chosen by URL."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        if parsed.drivername == "postgresql":  # plain URLs get psycopg 3
            parsed = parsed.set(drivername="postgresql+psycopg")
        self.url = parsed
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        if self.is_sqlite and parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(parsed)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "checkout", _sqlite_checkout)
            event.listen(self.engine, "begin", _sqlite_begin)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(
            self.engine.execution_options(**{_READ_ONLY: True}), expire_on_commit=False
        )
        # SQLite has one writer at a time, and a thread that finds the file locked
        # backs off by sleeping: under a web server's thread pool that turns
        # milliseconds into seconds. One transaction at a time per process instead.
        self._serial = threading.Lock() if self.is_sqlite else None
        self._loop_connections: _LoopConnections | None = None
        self._loop_sqlite: Connection | None = None
        self._loop_turn = asyncio.Lock()

    def insert(self, table: Any) -> Any:
        """An INSERT for this database's dialect, which knows ON CONFLICT."""
        return (sqlite_insert if self.is_sqlite else postgresql_insert)(table)

    def migrate(self) -> None:
        """Bring the schema up to date (a no-op when it already is)."""
        with self.engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed together, or not at all."""
        if self._serial is None:
            with self.sessions.begin() as session:
                yield session
            return
        with self._serial, self.sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session that only reads: it never waits for (or holds up) this
        process's writers, since SQLite's WAL lets readers and one writer work
        at once. Anything it changes is rolled back."""
        with self._read_sessions() as session:
            try:
                yield session
            finally:
                session.rollback()

    @contextmanager
    def statement(self) -> Iterator[Connection]:
        """A plain connection for one statement that commits on its own.

        For the few hot writes that are a single statement (atomic by itself):
        no ORM objects, no BEGIN and COMMIT round trips."""
        with self._serial or nullcontext(), self.engine.connect() as connection:
            yield connection.execution_options(isolation_level="AUTOCOMMIT")

    def write_one(self, statement: UpdateBase, params: Mapping[str, Any]) -> dict[str, Any] | None:
        """Run one statement that commits by itself; its first returned row."""
        with self.statement() as connection:
            row = connection.execute(statement, params).mappings().first()
        return None if row is None else dict(row)

    async def write_one_async(
        self, statement: UpdateBase, params: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        """:meth:`write_one` for an asyncio server, which must not wait on the
        database in its event loop.

        PostgreSQL: straight through psycopg on the loop's own connections (see
        :meth:`open_async`), so the wait for the network and the WAL flush costs
        no thread. SQLite: in the loop itself, on its own connection, as soon as
        this process's other transactions let it (a thread waits for them, not
        the loop): a short write answers in well under a millisecond, less than
        handing it to a thread costs. Only when another process holds the file
        does the write go to a worker thread, where waiting is harmless."""
        if self._loop_connections is not None:
            prepared = self._prepared(statement)
            return await self._loop_connections.fetch_one(prepared.sql, prepared.values(params))
        if self._loop_sqlite is None or self._serial is None:
            return await asyncio.to_thread(self.write_one, statement, params)
        # The loop's writes queue among themselves first, so that while a thread
        # holds the file only one of them waits for it (in a thread); the others
        # follow in turn at the loop's pace.
        prepared = self._prepared(statement)
        async with self._loop_turn:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + BUSY_TIMEOUT_S
            pause = 0.0005
            while True:
                await _acquire(self._serial)
                try:
                    return prepared.fetch_one_sqlite(self._loop_sqlite, params)
                except sqlite3.OperationalError as error:
                    if error.sqlite_errorname != "SQLITE_BUSY":
                        raise
                finally:
                    self._serial.release()
                # Another process holds the file (an import, in short turns):
                # ask again soon, the loop serving meanwhile. SQLite's own busy
                # handler would sleep up to 100 ms between tries and miss the
                # gaps an import leaves between its turns.
                if loop.time() > deadline:
                    raise StoreBusy(BUSY_TIMEOUT_S)
                await asyncio.sleep(pause)
                pause = min(pause * 2, 0.004)

    @functools.lru_cache(maxsize=16)  # noqa: B019 - a few hot statements, for the life of the app
    def _prepared(self, statement: UpdateBase) -> _Prepared:
        """A statement compiled once for this database, to run on the driver."""
        return _Prepared.of(statement, self.engine.dialect)

    async def open_async(self) -> None:
        """Give the running event loop its own connections, used by
        :meth:`write_one_async` until :meth:`close_async`.

        On SQLite one connection that never waits for the file (a write that
        finds it locked is handed to a thread); on PostgreSQL a few psycopg ones."""
        if self.is_sqlite and self._loop_sqlite is None:
            connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            connection.exec_driver_sql("PRAGMA busy_timeout = 0")
            self._loop_sqlite = connection
        elif not self.is_sqlite and self._loop_connections is None:
            conninfo = self.url.set(drivername="postgresql").render_as_string(hide_password=False)
            self._loop_connections = _LoopConnections(conninfo, LOOP_CONNECTIONS)

    async def close_async(self) -> None:
        """Close the event loop's connections."""
        if self._loop_sqlite is not None:
            # Not back to the pool: it does not wait for the file, which the
            # pool's users expect.
            self._loop_sqlite.invalidate()
            self._loop_sqlite.close()
            self._loop_sqlite = None
        if self._loop_connections is not None:
            connections, self._loop_connections = self._loop_connections, None
            await connections.close()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Database({self.url.render_as_string(hide_password=True)!r})"
