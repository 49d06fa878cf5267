"""memory: resident memory of each process with N monitors registered and scheduled.

The system starts on empty state; once settled, each process's RSS (/proc/<pid>/statm) is
the baseline. N monitors are then registered through the application in this process,
already UP (as if checked before: the steady state, not the first pass, whose one
event-store write per monitor is a cost of its own). Once the read models have them, the
scheduler has indexed them and every monitor has a stored check (so each worker has seen
them all), RSS is read again. Bytes per monitor = (RSS - baseline) / N, per process."""

from __future__ import annotations

import time
from typing import Any

from bench import seed
from bench.context import Context
from bench.procs import rss_bytes
from bench.report import judged

SETTLE_S = 5.0
CHECKED = "SELECT count(*) FROM last_checks"
LIMIT = 2048  # bytes per monitor, scheduler and worker


def run(ctx: Context) -> dict[str, Any]:
    monitors = ctx.size(10_000, 100_000)
    interval = 10 if ctx.quick else 60
    target = ctx.target()
    system = ctx.system("memory")
    try:
        system.start()
        time.sleep(SETTLE_S)
        baseline = _rss(system)
        redis_before = _redis_used(system)
        container = system.container()
        try:
            t0 = time.monotonic()
            seed.register(container, monitors, target.url("/ok"), interval, up=True)
            head = seed.head(container)
        finally:
            container.close()
        registered_s = time.monotonic() - t0
        seed.wait_projected(system, head, timeout=600)
        projected_s = time.monotonic() - t0
        up_s = _wait_checked(system, monitors, timeout=max(60, 4 * interval))
        time.sleep(3.0)
        after = _rss(system)
        redis_after = _redis_used(system)
    finally:
        system.close()
    per_monitor = {n: round((after[n] - baseline[n]) / monitors, 1) for n in after}
    result = {
        "monitors": monitors,
        "interval_s": interval,
        "runtime": system.name,
        "register_s": round(registered_s, 1),
        "projected_s": round(projected_s, 1),
        "all_checked_s": up_s,
        "baseline_mib": {n: round(v / 2**20, 1) for n, v in baseline.items()},
        "after_mib": {n: round(v / 2**20, 1) for n, v in after.items()},
        "bytes_per_monitor": per_monitor,
    }
    if redis_before is not None and redis_after is not None:
        result["redis_bytes_per_monitor"] = round((redis_after - redis_before) / monitors, 1)
    ctx.details["memory"] = result
    print(f"  RSS MiB before {result['baseline_mib']} after {result['after_mib']}")
    label = f"{monitors // 1000}k monitors"
    for name in per_monitor:
        judged_here = name in ("serve", "scheduler", "worker-0") and monitors >= 100_000
        ctx.add("memory", f"RSS {name} ({label})", result["after_mib"][name], "MiB")
        ctx.add(
            "memory",
            f"bytes/monitor {name}",
            per_monitor[name],
            "B",
            target="<= 2048" if name in ("serve", "scheduler", "worker-0") else "",
            met=judged(per_monitor[name], "<=", LIMIT) if judged_here else None,
        )
    if "redis_bytes_per_monitor" in result:
        ctx.add("memory", "redis used_memory/monitor", result["redis_bytes_per_monitor"], "B")
    return result


def _rss(system: Any) -> dict[str, int]:
    system.check_alive()
    return {name: rss_bytes(pid) for name, pid in system.pids().items()}


def _wait_checked(system: Any, monitors: int, timeout: float) -> float | None:
    """Until every monitor has a stored check: all were scheduled, checked and ingested."""
    t0 = time.monotonic()
    while (checked := system.scalar(CHECKED)) < monitors:
        if time.monotonic() - t0 > timeout:
            print(f"  only {checked:,}/{monitors:,} monitors checked after {timeout} s")
            return None
        system.check_alive()
        time.sleep(1.0)
    return round(time.monotonic() - t0, 1)


def _redis_used(system: Any) -> int | None:
    if system.name != "production":
        return None
    import redis

    from bench.system import REDIS_URL

    client = redis.Redis.from_url(REDIS_URL)
    try:
        return int(client.info("memory")["used_memory"])
    finally:
        client.close()
