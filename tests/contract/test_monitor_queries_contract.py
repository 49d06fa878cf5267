"""Monitor read-side queries on SQLite and MariaDB: pages, filters, totals."""

from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from tests.support.mysql import scratch_mysql_url
from uptime_sentinel.adapters.sql import tables
from uptime_sentinel.adapters.sql.database import Database
from uptime_sentinel.adapters.sql.projection_store import SqlProjectionStore
from uptime_sentinel.adapters.sql.queries import SqlMonitorQueries

T0 = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "mysql"])
def queries(request, tmp_path):
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path / 'views.db'}"
        else:
            url = stack.enter_context(scratch_mysql_url())
        db = Database(url)
        db.create_all(tables.views)
        SqlProjectionStore(db).apply_batch("seed", 0, 1, seed)
        yield SqlMonitorQueries(db)
        db.dispose()


def ident(n: int) -> str:
    return str(UUID(int=n))


def seed(view) -> None:
    """Ten monitors: odd ones paused, every third one DOWN, the last has no health row."""
    for n in range(10):
        at = T0 + timedelta(seconds=n // 2)  # pairs share a created_at: id breaks the tie
        view.insert(
            "monitors",
            {
                "id": ident(n),
                "name": f"m{n}",
                "url": "http://h",
                "method": "GET",
                "interval_seconds": 60,
                "timeout_ms": 5000,
                "status": "PAUSED" if n % 2 else "ACTIVE",
                "created_at": at,
                "updated_at": at,
            },
        )
        if n < 9:
            view.insert(
                "monitor_health",
                {
                    "id": ident(n),
                    "health": "DOWN" if n % 3 == 0 else "UP",
                    "consecutive_failures": 0,
                },
            )


def names(page) -> list[str]:
    return [m.name for m in page.items]


def test_pages_in_creation_order(queries):
    first = queries.page(status=None, health=None, limit=4, offset=0)
    rest = queries.page(status=None, health=None, limit=100, offset=4)
    assert first.total == rest.total == 10
    assert names(first) + names(rest) == [f"m{n}" for n in range(10)]
    assert queries.page(status=None, health=None, limit=5, offset=50).items == []


def test_filters_and_their_totals(queries):
    paused = queries.page(status="PAUSED", health=None, limit=2, offset=1)
    assert (names(paused), paused.total) == (["m3", "m5"], 5)
    down = queries.page(status=None, health="DOWN", limit=10, offset=0)
    assert (names(down), down.total) == (["m0", "m3", "m6"], 3)
    both = queries.page(status="ACTIVE", health="DOWN", limit=10, offset=0)
    assert (names(both), both.total) == (["m0", "m6"], 2)


def test_a_monitor_without_health_reads_unknown(queries):
    (last,) = queries.page(status=None, health=None, limit=1, offset=9).items
    assert (last.name, last.health) == ("m9", "UNKNOWN")
    assert queries.get(UUID(ident(9))).health == "UNKNOWN"
    assert set(queries.get_many([UUID(ident(1)), UUID(ident(2))])) == {
        UUID(ident(1)),
        UUID(ident(2)),
    }
