"""Daily partitions of the MySQL telemetry table: create ahead, drop past retention.

The table keeps a catch-all partition `p_future`; new days are split off it, which is
instant while it is empty, and inserts never fail for want of a partition."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import text

from uptime_sentinel.adapters.sql.database import Database

TABLE = "check_results"
FUTURE = "p_future"

CREATE_PARTITIONED = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    id BIGINT NOT NULL AUTO_INCREMENT,
    monitor_id CHAR(36) NOT NULL,
    checked_at DATETIME(6) NOT NULL,
    ok BOOL NOT NULL,
    status_code SMALLINT NULL,
    latency_ms DOUBLE NOT NULL,
    error VARCHAR(500) NULL,
    PRIMARY KEY (id, checked_at),
    UNIQUE KEY ux_check_results_monitor_time (monitor_id, checked_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
PARTITION BY RANGE COLUMNS (checked_at) (PARTITION {FUTURE} VALUES LESS THAN (MAXVALUE))
"""


@dataclass(frozen=True)
class Partition:
    name: str
    day: date | None  # None for the catch-all
    rows: int


def _name(day: date) -> str:
    return f"p{day:%Y%m%d}"


def _day(name: str) -> date | None:
    if name == FUTURE:
        return None
    return date(int(name[1:5]), int(name[5:7]), int(name[7:9]))


class TelemetryPartitions:
    def __init__(self, database: Database) -> None:
        if database.is_sqlite:
            raise ValueError("telemetry partitions need MySQL/MariaDB; SQLite keeps one table")
        self._db = database

    def create_table(self) -> None:
        """Create the partitioned table (before the generic create_all, which then skips it)."""
        with self._db.write() as c:
            c.execute(text(CREATE_PARTITIONED))

    def partitions(self) -> list[Partition]:
        with self._db.read() as c:
            rows = c.execute(
                text(
                    "SELECT partition_name, table_rows FROM information_schema.partitions "
                    "WHERE table_schema = DATABASE() AND table_name = :t "
                    "ORDER BY partition_ordinal_position"
                ),
                {"t": TABLE},
            )
            return [Partition(r[0], _day(r[0]), int(r[1] or 0)) for r in rows if r[0]]

    def create(self, today: date, days_ahead: int) -> list[str]:
        """Make sure a partition exists for each day from today to today + days_ahead."""
        existing = {p.day for p in self.partitions() if p.day is not None}
        last = max(existing, default=today - timedelta(days=1))
        wanted = [
            today + timedelta(days=n)
            for n in range(days_ahead + 1)
            if today + timedelta(days=n) > last
        ]
        if not wanted:
            return []
        parts = ", ".join(
            f"PARTITION {_name(d)} VALUES LESS THAN ('{d + timedelta(days=1):%Y-%m-%d}')"
            for d in wanted
        )
        with self._db.write() as c:
            c.execute(
                text(
                    f"ALTER TABLE {TABLE} REORGANIZE PARTITION {FUTURE} INTO "
                    f"({parts}, PARTITION {FUTURE} VALUES LESS THAN (MAXVALUE))"
                )
            )
        return [_name(d) for d in wanted]

    def cleanup(self, today: date, retention_days: int) -> list[str]:
        """Drop the partitions whose whole day is older than the retention."""
        oldest_kept = today - timedelta(days=retention_days)
        old = [p.name for p in self.partitions() if p.day is not None and p.day < oldest_kept]
        if old:
            with self._db.write() as c:
                c.execute(text(f"ALTER TABLE {TABLE} DROP PARTITION {', '.join(old)}"))
        return old
