"""Every setting, read from the environment in one place, each with an embedded default."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    database_url: str | None = None
    telemetry_url: str | None = None
    amqp_url: str | None = None
    redis_url: str | None = None
    cipher_key: str | None = None
    queue_name: str = "sentinel.checks"
    redis_prefix: str = "sentinel:"
    scheduler_tick_seconds: float = 1.0
    worker_concurrency: int = 1000
    worker_prefetch: int = 16
    projector_poll_seconds: float = 0.1
    ingestor_interval_seconds: float = 0.5
    read_your_writes_timeout: float = 5.0
    alerting_poll_seconds: float = 0.5
    notifier_poll_seconds: float = 0.5
    notifier_max_attempts: int = 5  # then dead-lettered
    notifier_backoff_seconds: float = 40.0  # first retry delay, doubling: 40+80+160+320 s
    notifier_backoff_max_seconds: float = 3600.0
    notifier_lease_seconds: float = 120.0  # a claimed attempt is retried after this
    notifier_concurrency: int = 16
    notifier_channel_limit_per_minute: int = 60  # flood guard: the excess waits, in order

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        env = os.environ if env is None else env
        settings = cls(
            data_dir=Path(env.get("SENTINEL_DATA_DIR", "data")),
            http_host=env.get("SENTINEL_HTTP_HOST", "127.0.0.1"),
            http_port=int(env.get("SENTINEL_HTTP_PORT", "8000")),
            database_url=env.get("SENTINEL_DATABASE_URL") or None,
            telemetry_url=env.get("SENTINEL_TELEMETRY_URL") or None,
            amqp_url=env.get("SENTINEL_AMQP_URL") or None,
            redis_url=env.get("SENTINEL_REDIS_URL") or None,
            cipher_key=env.get("SENTINEL_CIPHER_KEY") or None,
            queue_name=env.get("SENTINEL_QUEUE_NAME", "sentinel.checks"),
            redis_prefix=env.get("SENTINEL_REDIS_PREFIX", "sentinel:"),
            worker_concurrency=int(env.get("SENTINEL_WORKER_CONCURRENCY", "1000")),
            worker_prefetch=int(env.get("SENTINEL_WORKER_PREFETCH", "16")),
            notifier_max_attempts=int(env.get("SENTINEL_NOTIFIER_MAX_ATTEMPTS", "5")),
            notifier_backoff_seconds=float(env.get("SENTINEL_NOTIFIER_BACKOFF_SECONDS", "40")),
            notifier_channel_limit_per_minute=int(
                env.get("SENTINEL_NOTIFIER_CHANNEL_LIMIT_PER_MINUTE", "60")
            ),
        )
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(settings, **given)  # type: ignore[arg-type]

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'sentinel.db').resolve()}"

    @property
    def effective_telemetry_url(self) -> str:
        return self.telemetry_url or self.effective_database_url
