"""saturation: the highest sustained end-to-end check rate.

More monitors at a 1 s interval than the system can check are registered, the system runs
in its runtime (child processes), and the rows landing in the telemetry store are counted
once a second over the steady state (every monitor already UP: successful checks are then
telemetry only, health kept in the health cache). CPU use per process over the same window
shows the bottleneck."""

from __future__ import annotations

import time
from itertools import pairwise
from typing import Any

from bench import seed
from bench.context import Context
from bench.procs import CpuMeter, service_pids
from bench.report import judged

WARMUP_TIMEOUT = 180.0
OFFERED_PER_PROCESS = 4000  # checks/s offered per worker process: above what one can do


def run(ctx: Context) -> dict[str, Any]:
    target = ctx.target()
    system = ctx.system("saturation")
    offered = ctx.monitors or OFFERED_PER_PROCESS * system.workers
    steady = ctx.duration(10, 30)
    try:
        container = system.container()
        try:
            seed.register(container, offered, target.url("/ok"), interval=1)
        finally:
            container.close()
        system.start(("projector", "scheduler", "ingestor", "worker"))
        warm_s = _wait_all_up(system, offered)
        result = _measure(system, target.pids, steady)
        settings = system.settings()
        per_worker = min(settings.worker_concurrency, settings.worker_prefetch * 50)
        result |= {
            "runtime": system.name,
            "target": target.kind,
            "offered_checks_per_s": offered,
            "warmup_s": round(warm_s, 1),
            "concurrency": per_worker * system.workers,
            "workers": system.workers,
        }
    finally:
        system.close()
    result["bottleneck"] = bottleneck(result["cpu_percent"], result["checks_per_s"], offered)
    ctx.details["saturation"] = result
    ctx.add(
        "saturation",
        f"checks/s ({system.name})",
        result["checks_per_s"],
        "checks/s",
        note=result["bottleneck"],
    )
    return result


def _wait_all_up(system: Any, monitors: int) -> float:
    """Until every monitor's first check has been recorded (UNKNOWN -> UP is an event)."""
    t0 = time.monotonic()
    while system.healthy() < monitors:
        if time.monotonic() - t0 > WARMUP_TIMEOUT:
            print(f"  warm-up: only {system.healthy()}/{monitors} UP; measuring anyway")
            break
        system.check_alive()
        time.sleep(1.0)
    time.sleep(2.0)
    return time.monotonic() - t0


def _measure(system: Any, target_pids: dict[str, int], seconds: float) -> dict[str, Any]:
    services = service_pids() if system.name == "production" else {}
    meter = CpuMeter({**system.pids(), **target_pids, **services})
    samples = [(time.monotonic(), system.telemetry_rows())]
    meter.start()
    end = samples[0][0] + seconds
    while time.monotonic() < end:
        time.sleep(max(0.0, min(1.0, end - time.monotonic())))
        samples.append((time.monotonic(), system.telemetry_rows()))
    cpu = meter.stop()
    system.check_alive()
    (t0, r0), (t1, r1) = samples[0], samples[-1]
    per_second = [round((b[1] - a[1]) / (b[0] - a[0])) for a, b in pairwise(samples) if b[0] > a[0]]
    rate = (r1 - r0) / (t1 - t0)
    print(f"  {rate:,.0f} checks/s over {t1 - t0:.0f} s; per second {per_second}; cpu {cpu}")
    return {
        "checks_per_s": round(rate, 1),
        "seconds": round(t1 - t0, 1),
        "rows": r1 - r0,
        "per_second": per_second,
        "cpu_percent": cpu,
    }


def bottleneck(cpu: dict[str, float], rate: float, offered: int) -> str:
    if judged(rate, ">=", 0.9 * offered):
        return f"not saturated: offered {offered}/s is the limit (raise --monitors)"
    top, share = max(cpu.items(), key=lambda kv: kv[1])  # services included (production)
    total = sum(cpu.values())
    if share >= 85:
        return f"{top} at {share:.0f}% of a core (GIL-bound); machine {total:.0f}%/200%"
    if total >= 180:
        return f"both cores busy ({total:.0f}%/200%); top: {top} {share:.0f}%"
    return f"no process CPU-bound (top {top} {share:.0f}%, total {total:.0f}%): waits/IO"
