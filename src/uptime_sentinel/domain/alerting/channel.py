"""NotificationChannel: where notices go. Its DSN may hold a password or token, so it lives
only in (encrypted) events and this aggregate; everything shown to people is `redacted`."""

from __future__ import annotations

import hashlib
import hmac
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from uptime_sentinel.domain.alerting.errors import InvalidAlertConfig

_NAMESPACE = UUID("5f0b8f0e-6a61-4d8e-9a4c-1c2b3d4e5f60")
NAME_MAX = 200


def channel_id_for(dsn: str, key: bytes) -> UUID:
    """One channel per DSN: the id is a keyed hash of it, so finding or creating the
    channel for a DSN needs no lookup table, and the id reveals nothing of the secret."""
    digest = hmac.new(key, dsn.strip().encode("utf-8"), hashlib.sha256).hexdigest()
    return uuid5(_NAMESPACE, digest)


class NotificationChannel(Aggregate):
    id: UUID  # given by the creator: channel_id_for(dsn, key)

    class Created(Aggregate.Created):
        name: str
        type: str
        dsn: str
        redacted: str

    class Enabled(Aggregate.Event):
        pass

    class Disabled(Aggregate.Event):
        pass

    @event(Created)
    def __init__(self, name: str, type: str, dsn: str, redacted: str) -> None:
        self.name = name
        self.type = type
        self.dsn = dsn
        self.redacted = redacted
        self.enabled = True

    @classmethod
    def create(
        cls, *, channel_id: UUID, name: str, type: str, dsn: str, redacted: str
    ) -> NotificationChannel:
        name = " ".join(name.split())
        if not 1 <= len(name) <= NAME_MAX:
            raise InvalidAlertConfig("name", f"must be 1 to {NAME_MAX} characters")
        # `id` is declared on the class (eventsourcing passes it through); mypy cannot see that.
        return cls(id=channel_id, name=name, type=type, dsn=dsn.strip(), redacted=redacted)  # type: ignore[call-arg]

    def __repr__(self) -> str:
        # The default repr lists every attribute: the DSN must never reach a log that way.
        return f"NotificationChannel(id={self.id}, type={self.type}, dsn={self.redacted})"

    def enable(self) -> None:
        if not self.enabled:
            self._enable()

    @event(Enabled)
    def _enable(self) -> None:
        self.enabled = True

    def disable(self) -> None:
        if self.enabled:
            self._disable()

    @event(Disabled)
    def _disable(self) -> None:
        self.enabled = False
