"""The health policy: pure, so thresholds can change without touching the aggregate."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Health(StrEnum):
    UP = "UP"
    DOWN = "DOWN"
    UNKNOWN = "UNKNOWN"


@dataclass(frozen=True, slots=True)
class HealthState:
    health: Health = Health.UNKNOWN
    consecutive_failures: int = 0


@dataclass(frozen=True, slots=True)
class HealthPolicy:
    """Seed rule: one success makes a monitor UP and resets the count; each failure counts
    and makes it DOWN once `failures_to_down` consecutive failures are reached."""

    failures_to_down: int = 1

    def next_state(self, current: HealthState, succeeded: bool) -> HealthState:
        if succeeded:
            return HealthState(Health.UP, 0)
        failures = current.consecutive_failures + 1
        health = Health.DOWN if failures >= self.failures_to_down else current.health
        return HealthState(health, failures)
