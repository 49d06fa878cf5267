"""Read-model and telemetry tables (SQLAlchemy Core), portable between SQLite and MySQL."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
)

from uptime_sentinel.adapters.sql.types import UtcDateTime

views = MetaData()
telemetry = MetaData()

ID = String(36)

projection_positions = Table(
    "projection_positions",
    views,
    Column("name", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),
)

monitors = Table(
    "monitors",
    views,
    Column("id", ID, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("url", String(2048), nullable=False),
    Column("method", String(8), nullable=False),
    Column("interval_seconds", Integer, nullable=False),
    Column("timeout_ms", Integer, nullable=False),
    Column("status", String(8), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Index("ix_monitors_status_created", "status", "created_at"),
    Index("ix_monitors_created", "created_at", "id"),
)

monitor_health = Table(
    "monitor_health",
    views,
    Column("id", ID, primary_key=True),
    Column("health", String(8), nullable=False),
    Column("consecutive_failures", Integer, nullable=False),
    Column("last_error", Text),
    Column("last_failure_at", UtcDateTime),
    Column("changed_at", UtcDateTime),
    Index("ix_monitor_health_health", "health"),
)

incidents = Table(
    "incidents",
    views,
    Column(
        "seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("monitor_id", ID, nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("ended_at", UtcDateTime),
    Column("failures", Integer, nullable=False),
    Column("first_error", Text),
    Column("last_error", Text),
    Index("ix_incidents_monitor", "monitor_id", "ended_at"),
)

schedule = Table(
    "schedule",
    views,
    Column("monitor_id", ID, primary_key=True),
    Column("interval_seconds", Integer, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("added_at", UtcDateTime, nullable=False),
    Column("position", BigInteger, nullable=False),
    Index("ix_schedule_position", "position"),
)

check_results = Table(
    "check_results",
    telemetry,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("monitor_id", ID, nullable=False),
    Column("checked_at", UtcDateTime, nullable=False),
    Column("ok", Boolean, nullable=False),
    Column("status_code", SmallInteger),
    Column("latency_ms", Float, nullable=False),
    Column("error", String(500)),
    Index("ux_check_results_monitor_time", "monitor_id", "checked_at", unique=True),
)

last_checks = Table(
    "last_checks",
    telemetry,
    Column("monitor_id", ID, primary_key=True),
    Column("checked_at", UtcDateTime, nullable=False),
    Column("ok", Boolean, nullable=False),
    Column("status_code", SmallInteger),
    Column("latency_ms", Float, nullable=False),
    Column("error", String(500)),
)
