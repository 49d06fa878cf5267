"""ProjectionStore contract: the same scenarios on the in-memory and the SQL stores."""

from contextlib import ExitStack
from datetime import UTC, datetime

import pytest

from tests.support.mysql import scratch_mysql_url
from uptime_sentinel.adapters.memory.projection_store import InMemoryProjectionStore
from uptime_sentinel.adapters.sql import tables
from uptime_sentinel.adapters.sql.database import Database
from uptime_sentinel.adapters.sql.projection_store import SqlProjectionStore

NOW = datetime(2026, 1, 1, tzinfo=UTC)
ROW = {
    "name": "a",
    "url": "http://h",
    "method": "GET",
    "interval_seconds": 60,
    "timeout_ms": 5000,
    "status": "ACTIVE",
    "created_at": NOW,
    "updated_at": NOW,
}


@pytest.fixture(params=["memory", "sqlite", "mysql"])
def store(request, tmp_path):
    if request.param == "memory":
        yield InMemoryProjectionStore()
        return
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path / 'views.db'}"
        else:
            url = stack.enter_context(scratch_mysql_url())
        db = Database(url)
        db.create_all(tables.views)
        yield SqlProjectionStore(db)
        db.dispose()


def monitors(store):
    if isinstance(store, InMemoryProjectionStore):
        return sorted(r["id"] for r in store.tables.get("monitors", []))
    from sqlalchemy import select

    with store._db.read() as c:
        return sorted(c.execute(select(tables.monitors.c.id)).scalars())


def test_batch_moves_position_with_rows(store):
    assert store.position("catalogue") == 0
    assert store.apply_batch("catalogue", 0, 3, lambda v: v.upsert("monitors", {"id": "1"}, ROW))
    assert store.position("catalogue") == 3
    assert monitors(store) == ["1"]


def test_stale_expected_position_writes_nothing(store):
    store.apply_batch("catalogue", 0, 3, lambda v: v.upsert("monitors", {"id": "1"}, ROW))
    assert not store.apply_batch(
        "catalogue", 0, 5, lambda v: v.upsert("monitors", {"id": "2"}, ROW)
    )
    assert not store.apply_batch(
        "catalogue", 2, 5, lambda v: v.upsert("monitors", {"id": "2"}, ROW)
    )
    assert monitors(store) == ["1"] and store.position("catalogue") == 3


def test_failing_batch_rolls_back(store):
    def boom(view):
        view.upsert("monitors", {"id": "1"}, ROW)
        raise RuntimeError("projection bug")

    with pytest.raises(RuntimeError):
        store.apply_batch("catalogue", 0, 1, boom)
    assert monitors(store) == [] and store.position("catalogue") == 0


def test_update_delete_and_null_matching(store):
    def write(view):
        view.upsert("monitors", {"id": "1"}, ROW)
        view.upsert("monitors", {"id": "1"}, {**ROW, "name": "b"})
        view.insert(
            "incidents",
            {"monitor_id": "1", "started_at": NOW, "ended_at": None, "failures": 1},
        )
        view.update("incidents", {"monitor_id": "1", "ended_at": None}, {"failures": 2})
        view.upsert("monitors", {"id": "2"}, ROW)
        view.delete("monitors", {"id": "2"})

    store.apply_batch("p", 0, 1, write)
    assert monitors(store) == ["1"]


def test_reset_empties_tables_and_position(store):
    store.apply_batch("catalogue", 0, 3, lambda v: v.upsert("monitors", {"id": "1"}, ROW))
    store.reset("catalogue", ("monitors",))
    assert store.position("catalogue") == 0 and monitors(store) == []
