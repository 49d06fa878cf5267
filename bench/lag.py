"""lag: how late each check starts against the due time it was dispatched for.

The real scheduler, worker, ingestor and projector loops run in this process (the chosen
runtime's adapters: in-memory or Redis/RabbitMQ/MariaDB). Two thin wrappers observe them:
the worker's queue remembers each monitor's due time as batches are taken, and the checker
compares it with the `checked_at` the aiohttp checker takes when a check really starts.

Monitors are registered first, already UP (as if checked before; the health cache knows
it), and the schedule is loaded as after a restart, each at its stable phase slot (the read
model's `added_at` is presented as an hour old, so none takes the 'just added: due now'
path). Two intervals run; the figures judged are those of the last full one. In production,
`--workers N` adds N - 1 worker processes on the same queue: the checks observed are the
share this process's worker takes, a sample of all."""

from __future__ import annotations

import dataclasses
import statistics
import time
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from bench import seed
from bench.context import Context
from bench.report import judged


class DueRecorder:
    """The worker's view of the check queue: remembers, for each monitor taken, the due time
    and when the worker received it."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.due: dict[UUID, tuple[datetime, float]] = {}

    def get(self, timeout: float) -> Any:
        delivery = self._inner.get(timeout)
        if delivery is not None:
            received = time.time()
            for check in delivery.batch.checks:
                self.due[check.monitor_id] = (check.due_at, received)
        return delivery

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


Sample = tuple[float, float, float]  # due (epoch s), started - due, received - due (s)


class LatenessChecker:
    """Delegates to the real checker; records a Sample per result."""

    def __init__(self, inner: Any, due: dict[UUID, tuple[datetime, float]], sink: list[Sample]):
        self._inner = inner
        self._due = due
        self._sink = sink

    async def check_many(self, requests: Any) -> Any:
        results = await self._inner.check_many(requests)
        for r in results:
            seen = self._due.get(r.monitor_id)
            if seen is not None:
                due, received = seen[0].timestamp(), seen[1]
                self._sink.append((due, r.checked_at.timestamp() - due, received - due))
        return results

    async def close(self) -> None:
        await self._inner.close()


class AgedSchedule:
    """The schedule read model, with every row registered an hour ago (phase-slot start)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def changes_since(self, position: int, limit: int) -> Any:
        rows = self._inner.changes_since(position, limit)
        return [dataclasses.replace(r, added_at=r.added_at - timedelta(hours=1)) for r in rows]


def run(ctx: Context) -> dict[str, Any]:
    from uptime_sentinel.adapters.sql.queries import SqlScheduleQueries
    from uptime_sentinel.application.scheduler import Scheduler
    from uptime_sentinel.bootstrap import default_checker_factory
    from uptime_sentinel.entrypoints import loops
    from uptime_sentinel.entrypoints.runtime import Runtime

    monitors = ctx.size(5_000, 50_000)
    interval = 10 if ctx.quick else 60
    intervals = 2
    target = ctx.target()
    system = ctx.system("lag")
    samples: list[Sample] = []
    try:
        settings = system.settings()
        recorder_box: dict[str, DueRecorder] = {}
        inner_factory = default_checker_factory(settings, _clock())

        def checker() -> LatenessChecker:
            return LatenessChecker(inner_factory(), recorder_box["queue"].due, samples)

        container = system.container(checker_factory=checker)
        t0 = time.monotonic()
        seed.register(container, monitors, target.url("/ok"), interval, up=True)
        while container.projector.run_once():
            pass
        print(f"  {monitors:,} monitors registered and projected in {time.monotonic() - t0:.0f} s")
        container.scheduler = Scheduler(
            container.schedule_index,
            AgedSchedule(SqlScheduleQueries(container.views)),
            container.check_queue,
            container.clock,
        )
        recorder_box["queue"] = container.check_queue = DueRecorder(container.check_queue)
        runtime = Runtime(
            container,
            [loops.run_projector, loops.run_scheduler, loops.run_worker, loops.run_ingestor],
        )
        for i in range(1, system.workers):
            system.spawn(f"worker-{i}", "worker")
        started = time.time()
        runtime.start()
        try:
            time.sleep(interval * intervals + 3)
        finally:
            runtime.shutdown()
    finally:
        system.close()
    result = summarise(samples, started, interval, monitors)
    result |= {"monitors": monitors, "interval_s": interval, "runtime": system.name}
    ctx.details["lag"] = result
    warm = result["warm"]
    label = f"{monitors // 1000}k@{interval}s"
    ctx.add("lag", f"p50 lateness {label}", warm["p50_ms"], "ms")
    ctx.add(
        "lag",
        f"p99 lateness {label}",
        warm["p99_ms"],
        "ms",
        target="< 1000 ms",
        met=judged(warm["p99_ms"], "<", 1000) if monitors >= 50_000 else None,
        note=f"first interval p99 {result['first']['p99_ms']} ms; workers {system.workers}",
    )
    ctx.add("lag", f"share later than 1 s {label}", warm["late_share"], "%")
    return result


def _clock() -> Any:
    from uptime_sentinel.adapters.clock import SystemClock

    return SystemClock()


def summarise(
    samples: list[Sample], started: float, interval: int, monitors: int
) -> dict[str, Any]:
    """First: checks due in the first interval after the start; warm: the last full one.
    `received_*`: when the worker got the batch against the due time (dispatch + broker),
    so lateness splits into arriving late and starting late once arrived."""
    last_full = started + interval * ((time.time() - started) // interval)
    first = [s for s in samples if s[0] < started + interval]
    warm = [s for s in samples if last_full - interval <= s[0] < last_full]
    out = {
        "first": _stats([s[1] for s in first]),
        "warm": _stats([s[1] for s in warm]),
        "warm_received": _stats([s[2] for s in warm]),
        "checks": len(samples),
    }
    print(f"  first {out['first']}\n  warm {out['warm']} (expected ~{monitors} per interval)")
    print(f"  warm, batch received vs due: {out['warm_received']}")
    return out


def _stats(values: list[float]) -> dict[str, Any]:
    if not values:
        return {"n": 0, "p50_ms": None, "p99_ms": None, "max_ms": None, "late_share": None}
    values = sorted(values)
    q = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else values * 99
    return {
        "n": len(values),
        "p50_ms": round(1000 * q[49], 1),
        "p99_ms": round(1000 * q[98], 1),
        "max_ms": round(1000 * values[-1], 1),
        "late_share": round(100 * sum(v > 1.0 for v in values) / len(values), 2),
    }
