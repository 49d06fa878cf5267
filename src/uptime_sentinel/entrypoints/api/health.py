"""`GET /health`: asks every component the container registered whether it answers.

Checks run on a small pool of their own with a short timeout: a hung database makes
the endpoint say "degraded" quickly instead of hanging the load balancer's probe, and
cannot exhaust the threads that serve the API."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor

from litestar import Response, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec

from uptime_sentinel.bootstrap import Container
from uptime_sentinel.entrypoints.api.schemas import ComponentOut, HealthOut

CHECK_TIMEOUT_SECONDS = 2.0
ERROR_MAX = 200


class _NoAnswer(Exception):
    pass


class HealthProbe:
    def __init__(self, timeout: float = CHECK_TIMEOUT_SECONDS, workers: int = 8) -> None:
        self.timeout = timeout
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="health")

    async def run(self, checks: Mapping[str, Callable[[], None]]) -> dict[str, ComponentOut]:
        names = list(checks)
        outcomes = await asyncio.gather(
            *(self._run_one(checks[name]) for name in names), return_exceptions=True
        )
        return {name: _component(outcome) for name, outcome in zip(names, outcomes, strict=True)}

    async def _run_one(self, check: Callable[[], None]) -> None:
        future = asyncio.wrap_future(self._executor.submit(check))
        _, pending = await asyncio.wait({future}, timeout=self.timeout)
        if pending:
            future.cancel()  # frees the slot if the check has not started; a hung one runs on
            raise _NoAnswer(f"no answer within {self.timeout:g} s")
        future.result()

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def _component(outcome: BaseException | None) -> ComponentOut:
    if outcome is None:
        return ComponentOut(status="up")
    if isinstance(outcome, _NoAnswer):
        return ComponentOut(status="down", error=str(outcome))
    first_line = (str(outcome).strip().splitlines() or [""])[0]
    error = f"{type(outcome).__name__}: {first_line}" if first_line else type(outcome).__name__
    return ComponentOut(status="down", error=error[:ERROR_MAX])


@get(
    "/health",
    operation_id="getHealth",
    tags=["health"],
    responses={503: ResponseSpec(HealthOut, description="A component does not answer.")},
)
async def get_health(
    container: NamedDependency[Container], health_probe: NamedDependency[HealthProbe]
) -> Response[HealthOut]:
    """Whether each backing service answers: 200 when all do, 503 (degraded) otherwise."""
    components = await health_probe.run(container.health_checks)
    healthy = all(c.status == "up" for c in components.values())
    body = HealthOut(
        status="ok" if healthy else "degraded",
        components=components,
        timestamp=container.clock.now(),
    )
    return Response(body, status_code=200 if healthy else 503)
