"""What every controller shares: the parameter markers, the path id convention, the
get-or-404 lookup, and alerting's read-your-writes answer.

Path ids are declared `str` in the route (`id_path`) and `PathId` (a UUID) in the handler
signature: the router matches any segment and the signature converts it, so a malformed
id is a 422 naming the parameter (`rule_id: must be a UUID`) instead of a bare 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from uuid import UUID

from litestar.di import NamedDependency
from litestar.params import FromPath

from uptime_sentinel.bootstrap import Container
from uptime_sentinel.domain.alerting.channel import NotificationChannel

Deps = NamedDependency[Container]
PathId = FromPath[UUID]

Found = TypeVar("Found")
Saved = TypeVar("Saved")
Out = TypeVar("Out")


def id_path(name: str) -> str:
    """The route segment of a path id: `/{name:str}`, converted by `PathId`."""
    return f"/{{{name}:str}}"


def require(
    lookup: Callable[[UUID], Found | None], id_: UUID, not_found: Callable[[UUID], Exception]
) -> Found:
    """`lookup(id_)`, or `not_found(id_)` raised (a 404) when there is nothing."""
    found = lookup(id_)
    if found is None:
        raise not_found(id_)
    return found


def settle_alerting(container: Container, position: int) -> None:
    """Wait until alerting's read models have applied a command's events, so a GET right
    after sees the change; a command that changed nothing (position 0) waits for nothing."""
    if position:
        container.wait_for_alerting_views(position)


def answer_alerting(
    container: Container,
    saved: tuple[Saved, NotificationChannel, int],
    present: Callable[[Saved, NotificationChannel], Out],
) -> Out:
    """A rule or policy command's answer, from the aggregate it saved and its channel."""
    item, channel, position = saved
    settle_alerting(container, position)
    return present(item, channel)
