"""TelemetryStore contract on SQLite and MariaDB (partitioned by day)."""

from contextlib import ExitStack
from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest

from tests.support.mysql import scratch_mysql_url
from uptime_sentinel.adapters.sql import tables
from uptime_sentinel.adapters.sql.database import Database
from uptime_sentinel.adapters.sql.partitions import TelemetryPartitions
from uptime_sentinel.adapters.sql.telemetry_store import SqlTelemetryStore
from uptime_sentinel.domain.check import CheckResult

T0 = datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "mysql"])
def database(request, tmp_path):
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path / 'telemetry.db'}"
        else:
            url = stack.enter_context(scratch_mysql_url())
        db = Database(url)
        if not db.is_sqlite:
            TelemetryPartitions(db).create_table()
        db.create_all(tables.telemetry)
        yield db
        db.dispose()


def at(seconds):
    return T0 + timedelta(seconds=seconds)


def test_write_recent_last_and_uptime(database):
    store = SqlTelemetryStore(database)
    a, b = uuid4(), uuid4()
    store.write(
        [
            CheckResult(a, at(0), 10.5, 200),
            CheckResult(a, at(1), 20.0, 503),
            CheckResult(a, at(2), 5000.0, None, "timeout after 5000 ms"),
            CheckResult(b, at(0), 1.0, 204),
        ]
    )
    recent = store.recent(a, 10)
    assert [r.checked_at for r in recent] == [at(2), at(1), at(0)]
    assert recent[0].error == "timeout after 5000 ms" and recent[1].status_code == 503
    assert store.last_checks([a, b]) == {a: recent[0], b: CheckResult(b, at(0), 1.0, 204)}
    assert store.uptime(a, at(0)) == (1, 3)


def test_duplicates_and_older_results_change_nothing(database):
    store = SqlTelemetryStore(database)
    a = uuid4()
    store.write([CheckResult(a, at(5), 1.0, 200)])
    store.write([CheckResult(a, at(5), 1.0, 200), CheckResult(a, at(1), 1.0, 500)])
    assert len(store.recent(a, 10)) == 2
    assert store.last_checks([a])[a].checked_at == at(5)


def test_bulk_write_over_one_insert(database):
    store = SqlTelemetryStore(database)
    ids = [uuid4() for _ in range(30)]
    results = [CheckResult(ids[n % 30], at(n), 1.0, 200) for n in range(2500)]
    store.write(results)
    assert sum(len(store.recent(i, 1000)) for i in ids) == 2500
    store.delete_monitor(ids[0])
    assert store.recent(ids[0], 10) == [] and ids[0] not in store.last_checks(ids)


def test_partitions_create_and_cleanup():
    with scratch_mysql_url() as url:
        db = Database(url)
        parts = TelemetryPartitions(db)
        parts.create_table()
        db.create_all(tables.telemetry)
        today = date(2026, 3, 10)
        assert parts.create(today, 2) == ["p20260310", "p20260311", "p20260312"]
        assert parts.create(today, 2) == []
        store = SqlTelemetryStore(db)
        old = uuid4()
        store.write([CheckResult(old, datetime(2026, 3, 10, 1, tzinfo=UTC), 1.0, 200)])
        store.write([CheckResult(old, datetime(2026, 3, 12, 1, tzinfo=UTC), 1.0, 200)])
        assert parts.cleanup(date(2026, 3, 12), retention_days=1) == ["p20260310"]
        assert [r.checked_at.day for r in store.recent(old, 10)] == [12]
        assert [p.name for p in parts.partitions()] == ["p20260311", "p20260312", "p_future"]
        db.dispose()


def test_partitions_refuse_sqlite(tmp_path):
    with pytest.raises(ValueError, match="MySQL"):
        TelemetryPartitions(Database(f"sqlite:///{tmp_path / 't.db'}"))
