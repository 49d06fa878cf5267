"""rebuild: events per second when every projection is rebuilt from the event log.

Monitors with a health history (registered, up, then incidents: went down, failed again,
recovered) are built through the aggregate and saved in batches through the application,
until the log holds E events. Then every projection is rebuilt in this process in one pass
over the log, as `uptime-sentinel projections rebuild --all` does (Projector.rebuild_all)."""

from __future__ import annotations

import time
from typing import Any

from bench import seed
from bench.context import Context
from bench.report import judged

EVENTS_PER_MONITOR = 50


def run(ctx: Context) -> dict[str, Any]:
    events = ctx.size(100_000, 1_000_000)
    monitors = max(1, events // EVENTS_PER_MONITOR)
    system = ctx.system("rebuild")
    try:
        container = system.container()
        try:
            t0 = time.monotonic()
            stored = seed.history(container, monitors, EVENTS_PER_MONITOR, "http://127.0.0.1:9/")
            generate_s = time.monotonic() - t0
            head = seed.head(container)
            appended = stored / generate_s
            print(f"  {stored:,} events stored in {generate_s:.0f} s ({appended:,.0f}/s)")
            t0 = time.monotonic()
            read = container.projector.rebuild_all()  # what `projections rebuild --all` runs
            total = time.monotonic() - t0
            names = ", ".join(container.projector.runners)
            per_runner: dict[str, dict[str, float]] = {
                "all (one pass)": {"seconds": round(total, 1), "events_per_s": round(read / total)}
            }
            print(f"  {names}: {read:,} events in one pass, {total:.1f} s ({read / total:,.0f}/s)")
        finally:
            container.close()
    finally:
        system.close()
    rate = head / total
    result = {
        "events": head,
        "monitors": monitors,
        "runtime": system.name,
        "generate_s": round(generate_s, 1),
        "store_events_per_s": round(stored / generate_s),
        "rebuild_all_s": round(total, 1),
        "events_per_s": round(rate),
        "per_projection": per_runner,
    }
    ctx.details["rebuild"] = result
    note = ", ".join(f"{n} {r['events_per_s']:,}/s" for n, r in per_runner.items())
    met = judged(rate, ">=", 10_000) if head >= 1_000_000 else None
    label = f"rebuild --all ({head / 1e6:.1f}M events)"
    ctx.add("rebuild", label, rate, "events/s", target=">= 10,000", met=met, note=note)
    ctx.add("rebuild", "event store append", result["store_events_per_s"], "events/s")
    return result
