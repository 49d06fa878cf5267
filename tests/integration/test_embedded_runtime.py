"""The embedded runtime end to end, without HTTP: SQLite, in-process queue and hot state,
the real aiohttp checker against a real target on loopback."""

import time

from tests.support.waiting import eventually
from uptime_sentinel.adapters.aiohttp_checker import AiohttpChecker
from uptime_sentinel.bootstrap import bootstrap
from uptime_sentinel.domain.monitor_spec import MonitorSpec
from uptime_sentinel.entrypoints import loops
from uptime_sentinel.entrypoints.runtime import Runtime
from uptime_sentinel.settings import Settings


class _NotYet:
    health = None
    consecutive_failures = 0


NOT_YET = _NotYet()
ALL_LOOPS = [loops.run_projector, loops.run_scheduler, loops.run_worker, loops.run_ingestor]


def start(data_dir):
    container = bootstrap(
        Settings(data_dir=data_dir, projector_poll_seconds=0.1, ingestor_interval_seconds=0.1),
        checker_factory=lambda: AiohttpChecker(max_concurrency=50),
    )
    container.projector_in_process = True
    runtime = Runtime(container, ALL_LOOPS)
    runtime.start()
    return container, runtime


def view(container, monitor_id):
    """The monitor's read model, or a placeholder until the projector has seen it."""
    found = container.monitor_queries.get(monitor_id)
    return found if found is not None else NOT_YET


def test_up_down_recover_restart(tmp_path, target):
    container, runtime = start(tmp_path)
    try:
        spec = MonitorSpec.create("target", target.url("/switch"), interval_seconds=1)
        created = time.monotonic()
        monitor, _ = container.monitoring.register_monitor(spec)
        eventually(lambda: view(container, monitor.id).health == "UP", timeout=3)
        assert time.monotonic() - created < 3

        target.set_status(503)
        down = eventually(
            lambda: (v := view(container, monitor.id)).consecutive_failures >= 3 and v
        )
        assert down.health == "DOWN" and down.last_error == "HTTP 503"

        target.set_status(200)
        eventually(lambda: view(container, monitor.id).health == "UP")
        eventually(lambda: len(container.telemetry_store.recent(monitor.id, 100)) >= 6)
    finally:
        runtime.shutdown()

    history = None
    container, runtime = start(tmp_path)
    try:
        again = view(container, monitor.id)
        assert (again.name, again.health) == ("target", "UP")
        history = container.telemetry_store.recent(monitor.id, 1000)
        assert any(not r.ok for r in history) and history[0].ok
        hits = target.hits("/switch")
        eventually(lambda: target.hits("/switch") > hits + 1, timeout=5)  # checking resumed
    finally:
        runtime.shutdown()


def test_one_bad_monitor_does_not_stop_the_others(tmp_path, target):
    container, runtime = start(tmp_path)
    try:
        good, _ = container.monitoring.register_monitor(
            MonitorSpec.create("good", target.url("/ok"), interval_seconds=1)
        )
        bad, _ = container.monitoring.register_monitor(
            MonitorSpec.create("bad", "http://127.0.0.1:9/", interval_seconds=1, timeout_ms=300)
        )
        eventually(lambda: view(container, good.id).health == "UP", timeout=3)
        bad_view = eventually(lambda: (v := view(container, bad.id)).health == "DOWN" and v)
        assert "refused" in bad_view.last_error
    finally:
        runtime.shutdown()
