"""One active runner per projection across processes.

On MySQL a named lock (GET_LOCK) held by a dedicated connection: if the process dies, the
server drops the connection and the lock with it, so a standby takes over without any
lease to expire. SQLite serves one process, whose in-process runner is the only one."""

from __future__ import annotations

import logging

from sqlalchemy import Connection, text

from uptime_sentinel.adapters.sql.database import Database

log = logging.getLogger(__name__)


class SqlLeaderLock:
    def __init__(self, database: Database, name: str) -> None:
        self._db = database
        self._name = database.lock_name(name)
        self._connection: Connection | None = None

    def acquire(self) -> bool:
        """Take the lock if free; True while this process holds it."""
        if self._db.is_sqlite:
            return True
        if self._connection is not None:
            if self._still_held():
                return True
            self.release()
        connection = self._db.writer.connect()
        got = connection.execute(text("SELECT GET_LOCK(:n, 0)"), {"n": self._name}).scalar()
        connection.commit()
        if got == 1:
            self._connection = connection
            return True
        connection.close()
        return False

    def _still_held(self) -> bool:
        assert self._connection is not None
        try:
            held = self._connection.execute(
                text("SELECT IS_USED_LOCK(:n) = CONNECTION_ID()"), {"n": self._name}
            ).scalar()
            self._connection.commit()
            return bool(held)
        except Exception:
            log.warning("lost the connection holding %s", self._name)
            return False

    def release(self) -> None:
        if self._connection is not None:
            try:
                self._connection.execute(text("SELECT RELEASE_LOCK(:n)"), {"n": self._name})
                self._connection.close()
            except Exception:
                pass
            self._connection = None
