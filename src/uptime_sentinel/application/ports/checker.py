from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from uptime_sentinel.domain.check import CheckResult


@dataclass(frozen=True, slots=True)
class CheckRequest:
    monitor_id: UUID
    url: str
    method: str
    timeout_ms: int


class Checker(Protocol):
    async def check_many(self, requests: Sequence[CheckRequest]) -> list[CheckResult]:
        """Run the checks concurrently; never raises for a target's failure: every error
        (timeout, DNS, refused, TLS, bad status) comes back as a failed CheckResult with a
        readable `error`. Results come back in request order."""
        ...
