"""The API's wire format: msgspec Structs kept apart from domain objects, so the HTTP
contract changes only when we decide it should.

Request Structs forbid unknown fields: a misspelt field is an error, not a silent no-op.
Value ranges are left to the domain (`MonitorSpec`), the one place that knows them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

StatusName = Literal["ACTIVE", "PAUSED"]
HealthName = Literal["UP", "DOWN", "UNKNOWN"]

Name = Annotated[str, Meta(description="Display name, 1..200 characters.")]
Url = Annotated[str, Meta(description="http:// or https:// URL to check.")]
Method = Annotated[str, Meta(description="GET, POST, HEAD or PUT.")]
Interval = Annotated[int, Meta(description="Seconds between checks, 1..86400.")]
Timeout = Annotated[int, Meta(description="Milliseconds, 100..60000 and below the interval.")]


class MonitorCreate(msgspec.Struct, forbid_unknown_fields=True):
    name: Name
    url: Url
    method: Method = "GET"
    interval_seconds: Interval = 60
    timeout_ms: Timeout | None = None
    """Default: 5000, or shorter when the interval is under 6 seconds."""


class Patch(msgspec.Struct, forbid_unknown_fields=True):
    """Base of the partial updates: every field defaults to UNSET, meaning "leave it"."""

    def changes(self) -> dict[str, object]:
        """The fields the request gave, by name."""
        return {f: v for f in self.__struct_fields__ if (v := getattr(self, f)) is not UNSET}


class MonitorPatch(Patch):
    """Absent fields stay as they are; null is rejected (no field may be cleared)."""

    name: Name | UnsetType = UNSET
    url: Url | UnsetType = UNSET
    method: Method | UnsetType = UNSET
    interval_seconds: Interval | UnsetType = UNSET
    timeout_ms: Timeout | UnsetType = UNSET


class MonitorOut(msgspec.Struct):
    id: UUID
    name: str
    url: str
    method: str
    interval_seconds: int
    timeout_ms: int
    status: StatusName
    health: HealthName
    consecutive_failures: int
    last_error: str | None
    last_checked_at: datetime | None
    next_check_at: datetime | None
    created_at: datetime
    updated_at: datetime


class MonitorList(msgspec.Struct):
    items: list[MonitorOut]
    total: int
    limit: int
    offset: int


class CheckOut(msgspec.Struct):
    checked_at: datetime
    status_code: int | None
    latency_ms: float
    ok: bool
    error: str | None


class IncidentOut(msgspec.Struct):
    started_at: datetime
    ended_at: datetime | None
    failures: int
    first_error: str | None
    last_error: str | None


class ComponentOut(msgspec.Struct, omit_defaults=True):
    status: Literal["up", "down"]
    error: str | None = None


class HealthOut(msgspec.Struct):
    status: Literal["ok", "degraded"]
    components: dict[str, ComponentOut]
    timestamp: datetime


class ErrorOut(msgspec.Struct, omit_defaults=True):
    """Every error body: `detail` says what is wrong, naming the field when there is one."""

    status_code: int
    detail: str
    field: str | None = None
