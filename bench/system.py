"""The system under test in one of its two runtimes, on scratch state that is removed at the end.

embedded:   a temp data dir (SQLite), `uptime-sentinel serve` as one child process.
production: a scratch MariaDB database, Redis db 14, RabbitMQ on loopback; `worker` x N,
            `scheduler`, `ingestor`, `projector` and `api` as child processes.
"""

from __future__ import annotations

import base64
import dataclasses
import os
import sqlite3
import time
import uuid
from collections.abc import Iterable
from pathlib import Path

from bench.procs import CLI, Child, free_port, wait_port

MYSQL_ADMIN_URL = "mysql+pymysql://root@127.0.0.1:3306/test"
AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/%2F"
REDIS_URL = "redis://127.0.0.1:6379/14"
ROLES = ("scheduler", "worker", "ingestor", "projector", "api")


def clean_env(extra: dict[str, str]) -> dict[str, str]:
    """This process's environment without any SENTINEL_* setting, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENTINEL_")}
    return {**env, **extra}


class System:
    name = "?"

    def __init__(self, workdir: Path, workers: int = 1) -> None:
        self.workdir = workdir
        self.workers = workers
        self.api_port = free_port()
        self.children: dict[str, Child] = {}
        self.data_dir = workdir / "data"  # SQLite (embedded), key files (both)
        self.env: dict[str, str] = {
            "SENTINEL_HTTP_PORT": str(self.api_port),
            "SENTINEL_DATA_DIR": str(self.data_dir),
        }

    # --- in this process --------------------------------------------------------------------

    def settings(self):  # type: ignore[no-untyped-def]
        from uptime_sentinel.settings import Settings

        return Settings.from_env(clean_env(self.env))

    def container(self, **kwargs):  # type: ignore[no-untyped-def]
        from uptime_sentinel.bootstrap import bootstrap

        return bootstrap(self.settings(), **kwargs)

    # --- child processes --------------------------------------------------------------------

    def spawn(self, name: str, *argv: str) -> Child:
        child = Child(name, [CLI, *argv], self.workdir, env=clean_env(self.env))
        self.children[name] = child
        return child

    def start(self, roles: Iterable[str] = ROLES) -> None:
        raise NotImplementedError

    def pids(self) -> dict[str, int]:
        return {n: c.pid for n, c in self.children.items()}

    def check_alive(self) -> None:
        for child in self.children.values():
            if not child.alive():
                raise RuntimeError(f"{child.name} exited: {child.tail()}")

    def stop(self) -> None:
        for child in reversed(list(self.children.values())):
            child.stop()
        self.children.clear()

    def scalar(self, sql: str) -> int:
        """One integer from the system's database (read models and telemetry share it)."""
        raise NotImplementedError

    def telemetry_rows(self) -> int:
        return self.scalar("SELECT count(*) FROM check_results")

    def healthy(self) -> int:
        return self.scalar("SELECT count(*) FROM monitor_health WHERE health = 'UP'")

    def close(self) -> None:
        self.stop()


class Embedded(System):
    name = "embedded"

    def __init__(self, workdir: Path, workers: int = 1) -> None:
        super().__init__(workdir, workers=1)  # one process: serve runs one worker loop
        self._db: sqlite3.Connection | None = None

    def start(self, roles: Iterable[str] = ROLES) -> None:
        child = self.spawn("serve", "serve")
        wait_port(self.api_port, 60, child)

    def scalar(self, sql: str) -> int:
        if self._db is None:
            path = self.data_dir / "sentinel.db"
            self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        return int(self._db.execute(sql).fetchone()[0] or 0)

    def close(self) -> None:
        super().close()
        if self._db is not None:
            self._db.close()


class Production(System):
    name = "production"

    def __init__(self, workdir: Path, workers: int = 1) -> None:
        super().__init__(workdir, workers)
        from sqlalchemy import create_engine, text

        self.database = f"sentinel_bench_{uuid.uuid4().hex[:10]}"
        self._admin = create_engine(MYSQL_ADMIN_URL)
        with self._admin.begin() as c:
            c.execute(text(f"CREATE DATABASE {self.database} CHARACTER SET utf8mb4"))
        self.queue = f"sentinel.bench.{uuid.uuid4().hex[:8]}"
        self.env |= {
            "SENTINEL_DATABASE_URL": f"mysql+pymysql://root@127.0.0.1:3306/{self.database}",
            "SENTINEL_AMQP_URL": AMQP_URL,
            "SENTINEL_REDIS_URL": REDIS_URL,
            # every process must share it; events are then compressed and encrypted
            "SENTINEL_CIPHER_KEY": base64.b64encode(os.urandom(32)).decode(),
        }
        self.queue_setting = _has_setting("queue_name")
        if self.queue_setting:
            self.env["SENTINEL_QUEUE_NAME"] = self.queue
        if _has_setting("redis_prefix"):
            self.env["SENTINEL_REDIS_PREFIX"] = f"bench{self.queue[-8:]}:"
        self._flush_redis()
        self._engine = create_engine(self.env["SENTINEL_DATABASE_URL"])

    def start(self, roles: Iterable[str] = ROLES) -> None:
        roles = list(roles)
        if "projector" in roles:
            self.spawn("projector", "projector")
        if "scheduler" in roles:
            self.spawn("scheduler", "scheduler")
        if "ingestor" in roles:
            self.spawn("ingestor", "ingestor")
        if "worker" in roles:
            for i in range(self.workers):
                self.spawn(f"worker-{i}", "worker")
        if "api" in roles:
            wait_port(self.api_port, 60, self.spawn("api", "api"))
        time.sleep(1.0)
        self.check_alive()

    def scalar(self, sql: str) -> int:
        from sqlalchemy import text

        with self._engine.connect() as c:
            return int(c.execute(text(sql)).scalar() or 0)

    def close(self) -> None:
        super().close()
        from sqlalchemy import text

        self._engine.dispose()
        with self._admin.begin() as c:
            c.execute(text(f"DROP DATABASE IF EXISTS {self.database}"))
        self._admin.dispose()
        self._flush_redis()
        self._drop_queues()

    def _flush_redis(self) -> None:
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        try:
            client.flushdb()  # db 14 belongs to the benchmarks
        finally:
            client.close()

    def _drop_queues(self) -> None:
        """Our own queues are deleted; the shared default queue (when the settings name no
        queue) is purged, so no batch of ours is left for anyone else."""
        import pika

        connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
        try:
            channel = connection.channel()
            if self.queue_setting:
                for name in (self.queue, f"{self.queue}.failed"):
                    channel.queue_delete(name)
            else:
                for name in ("sentinel.checks", "sentinel.checks.failed"):
                    try:
                        channel.queue_purge(name)
                    except pika.exceptions.ChannelClosedByBroker:
                        channel = connection.channel()  # no such queue
        finally:
            connection.close()


def _has_setting(name: str) -> bool:
    """Whether this version of the settings has `name` (read from SENTINEL_<NAME>)."""
    from uptime_sentinel.settings import Settings

    return any(f.name == name for f in dataclasses.fields(Settings))


def make_system(runtime: str, workdir: Path, workers: int) -> System:
    return Production(workdir, workers) if runtime == "production" else Embedded(workdir)
