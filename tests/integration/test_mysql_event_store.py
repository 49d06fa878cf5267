"""The MySQL/MariaDB event store: round trips, large states, commit order = notification order."""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from uuid import UUID, uuid4

import pytest
from eventsourcing.application import Application
from eventsourcing.cryptography import AESCipher
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import StoredEvent, Tracking
from eventsourcing.utils import Environment
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from tests.support.services import MYSQL_URL, require_service
from uptime_sentinel.adapters.sql.event_store_env import event_store_env
from uptime_sentinel.adapters.sql.mysql_event_store import MySQLFactory, MySQLProcessRecorder

PLAIN_ENV = {"PERSISTENCE_MODULE": "eventsourcing_sqlalchemy.factory"}  # no serialisation


class Probe(Aggregate):
    @event("Created")
    def __init__(self, payload: str) -> None:
        self.payload = payload
        self.ticks = 0

    @event("Ticked")
    def tick(self) -> None:
        self.ticks += 1


class Probes(Application[UUID]):
    """Tables probes_events (+ probes_events_lock, probes_snapshots)."""


@pytest.fixture
def database_url() -> Iterator[str]:
    """A fresh database per test, dropped afterwards."""
    require_service("mysql")
    name = f"sentinel_test_{uuid.uuid4().hex}"
    server = create_engine(MYSQL_URL, pool_pre_ping=True)
    with server.begin() as connection:
        connection.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
    try:
        yield make_url(MYSQL_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.begin() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
        server.dispose()


def _close(app: Probes) -> None:
    app.close()  # MySQLFactory disposes its engine; the plain factory does not
    engine = getattr(getattr(app.factory, "datastore", None), "engine", None)
    if isinstance(engine, Engine):
        engine.dispose()


def test_saves_reads_back_and_lists_notifications(database_url: str) -> None:
    require_service("mysql")
    app = Probes(env=event_store_env(database_url, None))
    try:
        first, second = Probe("a"), Probe("b")
        second.tick()
        app.save(first, second)
        first.tick()
        app.save(first)

        assert app.repository.get(first.id).ticks == 1
        assert app.repository.get(second.id).payload == "b"
        notifications = app.recorder.select_notifications(start=1, limit=10)
        assert [n.id for n in notifications] == [1, 2, 3, 4]
        assert [n.originator_id for n in notifications] == [
            first.id,
            second.id,
            second.id,
            first.id,
        ]
        assert app.recorder.select_notifications(start=2, limit=10, stop=3)[-1].id == 3
        assert app.recorder.max_notification_id() == 4
    finally:
        _close(app)


def test_tables_are_innodb_utf8mb4_with_longblob_state(database_url: str) -> None:
    require_service("mysql")
    app = Probes(env={**event_store_env(database_url, None), "IS_SNAPSHOTTING_ENABLED": "y"})
    _close(app)
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            for table in ("probes_events", "probes_events_lock", "probes_snapshots"):
                ddl = connection.execute(text(f"SHOW CREATE TABLE {table}")).one()[1].lower()
                assert "engine=innodb" in ddl and "charset=utf8mb4" in ddl, ddl
                assert table.endswith("_lock") or "`state` longblob" in ddl, ddl
            lock_rows = connection.execute(text("SELECT id FROM probes_events_lock")).scalars()
            assert list(lock_rows) == [1]
    finally:
        engine.dispose()


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_state_over_64_kb_round_trips(database_url: str, encrypted: bool) -> None:
    require_service("mysql")
    key = AESCipher.create_key(32) if encrypted else None
    app = Probes(env={**event_store_env(database_url, key), "IS_SNAPSHOTTING_ENABLED": "y"})
    try:
        payload = os.urandom(512 * 1024).hex()  # 1 MiB of incompressible text
        probe = Probe(payload)
        app.save(probe)
        app.take_snapshot(probe.id)
        assert app.repository.get(probe.id).payload == payload
        assert app.snapshots is not None
        assert len(list(app.snapshots.get(probe.id))) == 1
        (notification,) = app.recorder.select_notifications(start=1, limit=1)
        assert len(notification.state) > 64 * 1024
    finally:
        _close(app)


def test_process_recorder_records_tracking_with_and_without_events(database_url: str) -> None:
    require_service("mysql")
    factory = MySQLFactory(Environment("Reactor", {"SQLALCHEMY_URL": database_url}))
    try:
        recorder = factory.process_recorder()
        assert isinstance(recorder, MySQLProcessRecorder)
        stored = StoredEvent(uuid4(), 1, "tests:Probe.Created", b"{}")
        ids = recorder.insert_events([stored], tracking=Tracking("upstream", 5))
        assert ids == [1]
        assert recorder.insert_events([], tracking=Tracking("upstream", 6)) == []
        assert recorder.max_tracking_id("upstream") == 6
        assert [n.id for n in recorder.select_notifications(start=1, limit=10)] == [1]
    finally:
        factory.close()


# --- concurrent writers and a pulling follower -------------------------------------------


@dataclass
class FollowOutcome:
    written: int  # rows in the events table at the end
    seconds: float  # wall time of the writers
    skipped: list[int] = field(default_factory=list)  # ids the follower never saw

    @property
    def rate(self) -> float:
        return self.written / self.seconds


def run_writers_and_follower(
    env: dict[str, str], writers: int, saves: int, timeout: float = 90.0
) -> FollowOutcome:
    """`writers` threads each save `saves` new aggregates (2 events each) as fast as they can,
    while a follower pulls select_notifications(position + 1) like a projection runner."""
    apps = [Probes(env=env) for _ in range(writers + 1)]
    follower_app, writer_apps = apps[0], apps[1:]
    start = threading.Barrier(writers + 1, timeout=timeout)
    writers_done = threading.Event()
    errors: list[BaseException] = []
    seen: list[int] = []
    deadline = time.monotonic() + timeout

    def write(app: Probes) -> None:
        try:
            start.wait()
            for _ in range(saves):
                probe = Probe("x")
                probe.tick()
                app.save(probe)
        except BaseException as e:
            errors.append(e)

    def follow() -> None:
        position = 0
        try:
            start.wait()
            while time.monotonic() < deadline:
                drained = writers_done.is_set()  # read before selecting: an empty read then ends
                batch = follower_app.recorder.select_notifications(start=position + 1, limit=500)
                for notification in batch:
                    seen.append(notification.id)
                    position = notification.id
                if not batch:
                    if drained:
                        return
                    time.sleep(0.0005)
            raise TimeoutError("follower did not drain in time")
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=write, args=(app,)) for app in writer_apps]
    follower = threading.Thread(target=follow)
    try:
        follower.start()
        for thread in threads:
            thread.start()
        began = time.monotonic()
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        seconds = time.monotonic() - began
        writers_done.set()
        follower.join(max(0.0, deadline - time.monotonic()) + 5)
        assert not follower.is_alive() and not any(t.is_alive() for t in threads), "timed out"
        assert not errors, errors
        all_ids = [n.id for n in follower_app.recorder.select_notifications(None, 10**9)]
        assert len(all_ids) == writers * saves * 2
        assert seen == sorted(seen)
        skipped = sorted(set(all_ids) - set(seen))
        return FollowOutcome(written=len(all_ids), seconds=seconds, skipped=skipped)
    finally:
        for app in apps:
            _close(app)


def test_follower_sees_every_notification_with_concurrent_writers(database_url: str) -> None:
    require_service("mysql")
    outcome = run_writers_and_follower(event_store_env(database_url, None), writers=8, saves=150)
    print(f"serialised, 8 writers: {outcome.rate:.0f} events/s, skipped {len(outcome.skipped)}")
    assert outcome.skipped == []


def test_the_unserialised_recorder_skips_events(database_url: str) -> None:
    """Proves the scenario above can fail: plain eventsourcing-sqlalchemy loses events."""
    require_service("mysql")
    env = {**PLAIN_ENV, "SQLALCHEMY_URL": database_url}
    for attempt in range(5):  # a skip needs an unlucky interleaving: allow a few rounds
        outcome = run_writers_and_follower(env, writers=8, saves=150)
        print(f"unserialised round {attempt}: skipped {len(outcome.skipped)} of {outcome.written}")
        if outcome.skipped:
            return
        _truncate(database_url)
    pytest.fail("the unserialised recorder skipped nothing in 5 rounds")


def _truncate(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("TRUNCATE TABLE probes_events"))
    finally:
        engine.dispose()
