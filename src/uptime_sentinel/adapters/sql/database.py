"""Engines for the read models and telemetry, tuned per dialect."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, create_engine, event
from sqlalchemy.engine import make_url


class Database:
    """A write engine and a read engine on one database URL.

    On SQLite every write transaction starts with BEGIN IMMEDIATE, so two writers queue on
    the lock instead of failing on a stale snapshot; reads run in autocommit and never take
    the write lock. WAL lets readers run beside the writer."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        if self.is_sqlite:
            if self.url.database and self.url.database != ":memory:":
                Path(self.url.database).parent.mkdir(parents=True, exist_ok=True)
            self.writer = _sqlite_engine(url, immediate=True)
            self.reader = _sqlite_engine(url, immediate=False)
        else:
            self.writer = create_engine(url, pool_pre_ping=True, pool_recycle=3600, pool_size=10)
            self.reader = self.writer

    @contextmanager
    def write(self) -> Iterator[Connection]:
        with self.writer.begin() as connection:
            yield connection

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.reader.connect() as connection:
            yield connection

    def create_all(self, metadata: MetaData) -> None:
        metadata.create_all(self.writer)

    def lock_name(self, purpose: str) -> str:
        """MySQL named locks are server-wide: scope them to this database, so two
        deployments sharing a server never wait on each other."""
        return f"uptime_sentinel:{self.url.database}:{purpose}"[:64]

    @contextmanager
    def schema_lock(self, timeout: int = 60) -> Iterator[None]:
        """Serialise schema creation between processes starting together: on MySQL, two
        CREATE TABLE of the same table race ("already exists"). SQLite needs nothing."""
        if self.is_sqlite:
            yield
            return
        from sqlalchemy import text

        with self.writer.connect() as connection:
            got = connection.execute(
                text("SELECT GET_LOCK(:n, :t)"), {"n": self.lock_name("schema"), "t": timeout}
            ).scalar()
            if got != 1:
                raise TimeoutError("another process held the schema lock for too long")
            try:
                yield
            finally:
                connection.execute(text("SELECT RELEASE_LOCK(:n)"), {"n": self.lock_name("schema")})

    def ping(self) -> None:
        from sqlalchemy import text

        with self.reader.connect() as connection:
            connection.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.writer.dispose()
        if self.reader is not self.writer:
            self.reader.dispose()


def _sqlite_engine(url: str, *, immediate: bool) -> Engine:
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    if immediate:

        @event.listens_for(engine, "begin")
        def _on_begin(connection: Connection) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
