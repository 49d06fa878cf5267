"""The exactly-once scenarios of tests/unit/alerting/test_exactly_once.py on MariaDB, where
each application has its own events table and eventsourcing-sqlalchemy's tracking."""

import pytest

from tests.support.clock import ManualClock
from tests.support.mysql import scratch_mysql_url
from tests.unit.alerting.test_exactly_once import (  # noqa: F401 (collected here too)
    test_a_long_incident_is_snapshotted_and_reloads_alike,
    test_a_restart_neither_decides_nor_sends_anything_twice,
    test_channel_secrets_are_not_stored_in_clear,
    test_events_recorded_while_alerting_was_down_are_decided_once_after_restart,
    test_replaying_processed_events_decides_nothing,
)
from uptime_sentinel.adapters.memory.projection_store import InMemoryProjectionStore


@pytest.fixture
def world():
    with scratch_mysql_url() as url:
        yield {"database_url": url, "store": InMemoryProjectionStore(), "clock": ManualClock()}
