"""The production event store: eventsourcing-sqlalchemy on MySQL/MariaDB, commit order = id order.

eventsourcing-sqlalchemy's ``_lock_table`` does nothing on MySQL, so a transaction that got a lower
AUTO_INCREMENT id can commit after one with a higher id, and a follower reading ``id > position``
skips it forever. Here every event insert first locks the single row of a lock table
(``<events table>_lock``, ``SELECT ... FOR UPDATE``), held until commit: inserts into one events
table run one at a time, so ids are allocated and committed in the same order.

Use with ``PERSISTENCE_MODULE=uptime_sentinel.adapters.sql.mysql_event_store`` and
``SQLALCHEMY_URL=mysql+pymysql://user:pass@host/db``. Optional env: ``MYSQL_LOCK_WAIT_TIMEOUT``
(seconds, default 10), ``SQLALCHEMY_POOL_SIZE`` (10), ``SQLALCHEMY_POOL_RECYCLE`` (3600 s).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification, ProgrammingError, StoredEvent
from eventsourcing.utils import Environment, strtobool
from eventsourcing_sqlalchemy import datastore as sa_datastore
from eventsourcing_sqlalchemy import factory as sa_factory
from eventsourcing_sqlalchemy import recorders as sa_recorders
from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    insert,
    select,
)
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy_utils.types.uuid import UUIDType

_MYSQL_DIALECTS = ("mysql", "mariadb")
_TABLE_OPTIONS: dict[str, Any] = {
    "mysql_engine": "InnoDB",
    "mysql_charset": "utf8mb4",
    "mysql_collate": "utf8mb4_bin",  # topics and application names are case-sensitive
}
_BIGINT = BigInteger().with_variant(Integer(), "sqlite")
_STATE = LargeBinary().with_variant(mysql.LONGBLOB(), *_MYSQL_DIALECTS)  # BLOB caps at 64 KB


class _Base(DeclarativeBase):
    """Own metadata, apart from eventsourcing-sqlalchemy's (same table names may coexist)."""


class StoredEventRecord(_Base):
    __abstract__ = True
    __table_args__: Any = (
        Index("aggregate_idx", "originator_id", "originator_version", unique=True),
    )
    id: Mapped[int] = mapped_column(_BIGINT, primary_key=True, autoincrement=True)
    originator_id: Mapped[UUID] = mapped_column(UUIDType(), nullable=False)
    originator_version: Mapped[int] = mapped_column(_BIGINT, nullable=False)
    topic: Mapped[str] = mapped_column(Text(), nullable=False)
    state: Mapped[bytes] = mapped_column(_STATE, nullable=False)


class SnapshotRecord(_Base):
    __abstract__ = True
    originator_id: Mapped[UUID] = mapped_column(UUIDType(), primary_key=True)
    originator_version: Mapped[int] = mapped_column(_BIGINT, primary_key=True)
    topic: Mapped[str] = mapped_column(Text(), nullable=False)
    state: Mapped[bytes] = mapped_column(_STATE, nullable=False)


class NotificationTrackingRecord(_Base):
    __abstract__ = True
    application_name: Mapped[str] = mapped_column(String(length=32), primary_key=True)
    notification_id: Mapped[int | None] = mapped_column(_BIGINT)


class MySQLDatastore(sa_datastore.SQLAlchemyDatastore):
    """Defines record classes on the models above, with InnoDB/utf8mb4 table options."""

    base_snapshot_record_cls = SnapshotRecord
    base_stored_event_record_cls = StoredEventRecord
    base_notification_tracking_record_cls = NotificationTrackingRecord
    record_classes: dict[str, tuple[Any, Any]] = {}  # own registry, apart from the base's
    _define_lock = threading.Lock()

    @classmethod
    def define_record_class(
        cls, cls_name: str, table_name: str, schema_name: str | None, base_cls: Any
    ) -> Any:
        key = (schema_name or "public") + "." + table_name
        with cls._define_lock:
            if key in cls.record_classes:
                record_cls, known_base = cls.record_classes[key]
                if known_base is not base_cls:
                    raise ValueError(f"Table {key} already defined from {known_base}")
                return record_cls
            indexes = [
                Index(f"{table_name}_aggregate_idx", *arg.expressions, unique=arg.unique)
                for arg in base_cls.__dict__.get("__table_args__", ())
                if isinstance(arg, Index)
            ]
            options: dict[str, Any] = dict(_TABLE_OPTIONS)
            if schema_name is not None:
                options["schema"] = schema_name
            attrs = {"__tablename__": table_name, "__table_args__": (*indexes, options)}
            record_cls = type(cls_name, (base_cls,), attrs)
            cls.record_classes[key] = (record_cls, base_cls)
            return record_cls


class MySQLAggregateRecorder(sa_recorders.SQLAlchemyAggregateRecorder):
    """Serialises inserts into an events table with auto-increment ids (MySQL/MariaDB only)."""

    def __init__(self, datastore: sa_datastore.SQLAlchemyDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        self.lock_table: Table | None = None
        engine = self.datastore.engine
        if self._has_autoincrementing_ids and engine and engine.dialect.name in _MYSQL_DIALECTS:
            self.lock_table = Table(
                f"{self.events_table_name}_lock",
                MetaData(),
                Column("id", SmallInteger(), primary_key=True, autoincrement=False),
                schema=self.schema_name,
                **_TABLE_OPTIONS,
            )

    def create_table(self) -> None:
        super().create_table()
        if self.lock_table is not None:
            assert isinstance(self.datastore.engine, Engine)
            with self.datastore.engine.begin() as connection:
                self.lock_table.create(connection, checkfirst=True)
                connection.execute(insert(self.lock_table).prefix_with("IGNORE").values(id=1))

    def _lock_table(self, session: Session) -> None:
        if self.lock_table is None:
            super()._lock_table(session)
            return
        lock = self.lock_table
        row = session.execute(select(lock.c.id).where(lock.c.id == 1).with_for_update()).first()
        if row is None:
            raise ProgrammingError(f"Lock row missing in {lock.fullname}: call create_table()")


class MySQLApplicationRecorder(sa_recorders.SQLAlchemyApplicationRecorder, MySQLAggregateRecorder):
    def _insert_stored_events(
        self, session: Session, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> list[int]:
        if not stored_events:  # tracking only: no need to queue behind the writers
            return []
        return list(super()._insert_stored_events(session, stored_events, **kwargs))

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> list[Notification]:
        """The library's version loads ORM instances; projections only need the columns,
        and reading the log is a fifth of a rebuild. Same filters, same order."""
        table = self.events_record_cls.__table__
        query = select(
            table.c.id,
            table.c.originator_id,
            table.c.originator_version,
            table.c.topic,
            table.c.state,
        )
        if start is not None:
            query = query.where(table.c.id >= start if inclusive_of_start else table.c.id > start)
        if stop is not None:
            query = query.where(table.c.id <= stop)
        if topics:
            query = query.where(table.c.topic.in_(topics))
        query = query.order_by(table.c.id).limit(limit)
        with self.transaction(commit=False) as session:
            return [
                Notification(
                    id=row[0],
                    originator_id=row[1],
                    originator_version=row[2],
                    topic=row[3],
                    state=bytes(row[4]),
                )
                for row in session.execute(query)
            ]


class MySQLProcessRecorder(sa_recorders.SQLAlchemyProcessRecorder, MySQLApplicationRecorder):
    pass


class MySQLFactory(sa_factory.SQLAlchemyFactory):
    """Infrastructure factory: MySQL recorders, engine with pre-ping, recycling and timeouts."""

    MYSQL_LOCK_WAIT_TIMEOUT = "MYSQL_LOCK_WAIT_TIMEOUT"
    SQLALCHEMY_POOL_SIZE = "SQLALCHEMY_POOL_SIZE"
    SQLALCHEMY_POOL_RECYCLE = "SQLALCHEMY_POOL_RECYCLE"

    datastore_class = MySQLDatastore
    aggregate_recorder_class = MySQLAggregateRecorder
    application_recorder_class = MySQLApplicationRecorder
    process_recorder_class = MySQLProcessRecorder

    def __init__(self, env: Environment) -> None:
        # Skip SQLAlchemyFactory.__init__: it cannot pass engine options to the datastore.
        super(sa_factory.SQLAlchemyFactory, self).__init__(env)
        url = self.env.get(self.SQLALCHEMY_URL)
        if not url:
            keys = ", ".join(self.env.create_keys(self.SQLALCHEMY_URL))
            raise OSError(f"SQLAlchemy URL not found in environment with keys: {keys}")
        self._schema_name = self.env.get(self.SQLALCHEMY_SCHEMA)
        self.datastore = self.datastore_class(
            url=url,
            autoflush=strtobool(self.env.get(self.SQLALCHEMY_AUTOFLUSH) or "True"),
            **self._engine_options(url),
        )

    def _engine_options(self, url: str) -> dict[str, Any]:
        if make_url(url).get_backend_name() not in _MYSQL_DIALECTS:
            return {}
        timeout = int(self.env.get(self.MYSQL_LOCK_WAIT_TIMEOUT) or 10)
        connect_args: dict[str, Any] = {
            "connect_timeout": 10,
            "init_command": f"SET SESSION innodb_lock_wait_timeout = {timeout}",
        }
        if "charset" not in make_url(url).query:
            connect_args["charset"] = "utf8mb4"
        return {
            "pool_pre_ping": True,
            "pool_recycle": int(self.env.get(self.SQLALCHEMY_POOL_RECYCLE) or 3600),
            "pool_size": int(self.env.get(self.SQLALCHEMY_POOL_SIZE) or 10),
            "pool_timeout": 30,
            "connect_args": connect_args,
        }

    def close(self) -> None:
        if isinstance(self.datastore.engine, Engine):
            self.datastore.engine.dispose()
        super().close()


Factory = MySQLFactory

__all__ = [
    "Factory",
    "MySQLAggregateRecorder",
    "MySQLApplicationRecorder",
    "MySQLDatastore",
    "MySQLFactory",
    "MySQLProcessRecorder",
]
