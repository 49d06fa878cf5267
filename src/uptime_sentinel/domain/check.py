"""The outcome of one HTTP check, as the health policy and telemetry see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(frozen=True, slots=True)
class CheckResult:
    monitor_id: UUID
    checked_at: datetime
    latency_ms: float
    status_code: int | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """A check succeeds on a 2xx answer (redirects already followed) and no error."""
        return self.error is None and self.status_code is not None and 200 <= self.status_code < 300

    @property
    def reason(self) -> str:
        """One line saying why a check failed, for events, the API and notifications."""
        if self.error is not None:
            return self.error
        if self.status_code is not None and not self.ok:
            return f"HTTP {self.status_code}"
        return ""
