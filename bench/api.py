"""api: latency of create, get and list (a page of 100) with N monitors, over HTTP on loopback.

The whole system runs (embedded: `serve`; production: `api` beside the other processes); the
N monitors are registered through the application at a 1 h interval, so background checks
stay light (~N/3600 per second). Requests are sequential on one keep-alive connection;
list pages start at random offsets; get asks for random registered monitors."""

from __future__ import annotations

import http.client
import json
import random
import statistics
import time
from typing import Any

from bench import seed
from bench.context import Context
from bench.report import judged

INTERVAL = 3600
WARMUP = 10


def run(ctx: Context) -> dict[str, Any]:
    monitors = ctx.size(10_000, 100_000)
    requests = 100 if ctx.quick else 300
    target = ctx.target()
    system = ctx.system("api")
    rng = random.Random(7)
    try:
        system.start()
        container = system.container()
        try:
            ids = seed.register(container, monitors, target.url("/ok"), INTERVAL)
            head = seed.head(container)
        finally:
            container.close()
        seed.wait_projected(system, head, timeout=900)
        client = Client(system.api_port)
        body = {"url": target.url("/ok"), "interval_seconds": INTERVAL}
        timings = {
            "create": client.time(
                lambda i: ("POST", "/api/monitors", {**body, "name": f"api-{i}"}), 201, requests
            ),
            "get": client.time(
                lambda _: ("GET", f"/api/monitors/{rng.choice(ids)}", None), 200, requests
            ),
            "list": client.time(
                lambda _: ("GET", f"/api/monitors?limit=100&offset={_offset(rng, monitors)}", None),
                200,
                requests,
            ),
        }
        client.close()
    finally:
        system.close()
    result = {"monitors": monitors, "requests_each": requests, "runtime": system.name} | timings
    ctx.details["api"] = result
    label = f"{monitors // 1000}k"
    for op, t in timings.items():
        print(f"  {op}: {t}")
        ctx.add("api", f"{op} p50 ({label})", t["p50_ms"], "ms")
        ctx.add(
            "api",
            f"{op} p95 ({label})",
            t["p95_ms"],
            "ms",
            target="< 50 ms",
            met=judged(t["p95_ms"], "<", 50) if monitors >= 100_000 else None,
        )
    return result


def _offset(rng: random.Random, monitors: int) -> int:
    return rng.randrange(0, max(1, monitors - 100))


class Client:
    def __init__(self, port: int) -> None:
        self._conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def call(self, method: str, path: str, body: Any) -> int:
        payload = None if body is None else json.dumps(body)
        headers = {"content-type": "application/json"} if body is not None else {}
        self._conn.request(method, path, payload, headers)
        response = self._conn.getresponse()
        response.read()
        return response.status

    def time(self, make: Any, expect: int, count: int) -> dict[str, Any]:
        for i in range(WARMUP):
            self.call(*make(-1 - i))
        laps = []
        for i in range(count):
            t0 = time.perf_counter()
            status = self.call(*make(i))
            laps.append(1000 * (time.perf_counter() - t0))
            if status != expect:
                raise RuntimeError(f"{make(i)[:2]} answered {status}, expected {expect}")
        q = statistics.quantiles(laps, n=100, method="inclusive")
        return {
            "n": count,
            "p50_ms": round(q[49], 1),
            "p95_ms": round(q[94], 1),
            "p99_ms": round(q[98], 1),
            "mean_ms": round(statistics.fmean(laps), 1),
        }

    def close(self) -> None:
        self._conn.close()
