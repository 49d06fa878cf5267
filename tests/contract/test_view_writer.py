"""The batched SQL view writer gives the same rows as applying each operation at once."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uptime_sentinel.adapters.memory.projection_store import InMemoryProjectionStore
from uptime_sentinel.adapters.sql import tables
from uptime_sentinel.adapters.sql.database import Database
from uptime_sentinel.adapters.sql.projection_store import SqlProjectionStore

T0 = datetime(2026, 1, 1, tzinfo=UTC)
MONITORS = ["a", "b"]

# Operations shaped like the health projection's: open an incident, count failures, close it.
operation = st.one_of(
    st.tuples(st.just("open"), st.sampled_from(MONITORS), st.integers(0, 50)),
    st.tuples(st.just("fail"), st.sampled_from(MONITORS), st.integers(1, 99)),
    st.tuples(st.just("close"), st.sampled_from(MONITORS), st.integers(0, 50)),
    st.tuples(st.just("forget"), st.sampled_from(MONITORS), st.just(0)),
)


def apply(view, ops):
    for op, monitor, n in ops:
        if op == "open":
            view.insert(
                "incidents",
                {
                    "monitor_id": monitor,
                    "started_at": T0 + timedelta(seconds=n),
                    "ended_at": None,
                    "failures": 1,
                },
            )
        elif op == "fail":
            view.update("incidents", {"monitor_id": monitor, "ended_at": None}, {"failures": n})
        elif op == "close":
            when = T0 + timedelta(seconds=100 + n)
            view.update("incidents", {"monitor_id": monitor, "ended_at": None}, {"ended_at": when})
        else:
            view.delete("incidents", {"monitor_id": monitor})


def as_key(monitor_id, started_at, ended_at, failures):
    return (monitor_id, started_at, ended_at or datetime.max.replace(tzinfo=UTC), failures)


def rows_of(store):
    from sqlalchemy import select

    with store._db.read() as c:
        found = c.execute(select(tables.incidents)).mappings()
        return sorted(
            as_key(r["monitor_id"], r["started_at"], r["ended_at"], r["failures"]) for r in found
        )


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('views') / 'views.db'}")
    db.create_all(tables.views)
    yield db
    db.dispose()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=st.lists(operation, max_size=30))
def test_batched_rows_equal_one_by_one_rows(database, ops):
    sql = SqlProjectionStore(database)
    sql.reset("p", ("incidents",))
    assert sql.apply_batch("p", 0, 1, lambda view: apply(view, ops))
    plain = InMemoryProjectionStore()
    plain.apply_batch("p", 0, 1, lambda view: apply(view, ops))
    expected = sorted(
        as_key(r["monitor_id"], r["started_at"], r["ended_at"], r["failures"])
        for r in plain.tables.get("incidents", [])
    )
    assert rows_of(sql) == expected
