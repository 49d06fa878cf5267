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

# Alerting read models (projections of the Alerting application's events) --------------------

alert_channels = Table(
    "alert_channels",
    views,
    Column("id", ID, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("type", String(16), nullable=False),
    Column("dsn", String(2048), nullable=False),  # redacted: secrets stay in encrypted events
    Column("enabled", Boolean, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

alert_rules = Table(
    "alert_rules",
    views,
    Column("id", ID, primary_key=True),
    Column("monitor_id", ID, nullable=False),
    Column("channel_id", ID, nullable=False),
    Column("type", String(8), nullable=False),
    Column("failure_threshold", Integer, nullable=False),
    Column("cooldown", String(32), nullable=False),
    Column("cooldown_seconds", Float, nullable=False),
    Column("enabled", Boolean, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("position", BigInteger, nullable=False),
    Index("ix_alert_rules_monitor", "monitor_id", "position"),
)

escalation_policies = Table(
    "escalation_policies",
    views,
    Column("id", ID, primary_key=True),
    Column("monitor_id", ID),  # NULL: global
    Column("level", Integer, nullable=False),
    Column("consecutive_failures", Integer, nullable=False),
    Column("channel_id", ID, nullable=False),
    Column("enabled", Boolean, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("position", BigInteger, nullable=False),
    Index("ix_escalation_policies_monitor", "monitor_id", "level"),
)

alert_notifications = Table(
    "alert_notifications",
    views,
    Column("id", ID, primary_key=True),
    Column("monitor_id", ID, nullable=False),
    Column("incident", Integer, nullable=False),
    Column("kind", String(12), nullable=False),
    Column("source", String(12), nullable=False),
    Column("source_id", ID, nullable=False),
    Column("level", Integer),
    Column("channel_id", ID, nullable=False),
    Column("status", String(16), nullable=False),
    Column("reason", String(32)),
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text),
    Column("consecutive_failures", Integer, nullable=False),
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("next_attempt_at", UtcDateTime),
    Column("delivered_at", UtcDateTime),
    Column("position", BigInteger, nullable=False),
    Column("ordinal", Integer, nullable=False),
    Index("ix_alert_notifications_due", "status", "next_attempt_at"),
    Index("ix_alert_notifications_stream", "monitor_id", "channel_id", "status", "position"),
    Index("ix_alert_notifications_log", "monitor_id", "position", "ordinal"),
    Index("ix_alert_notifications_status", "status", "position"),
)
