"""The delivery log: every decision alerting took, notices and suppressions alike, with
each notice's delivery state, attempts and last error."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import get
from litestar.params import FromQuery, QueryParameter

from uptime_sentinel.domain.alerting.errors import InvalidAlertConfig
from uptime_sentinel.domain.alerting.notification import DeliveryStatus
from uptime_sentinel.entrypoints.api.alerting_errors import alerting_responses
from uptime_sentinel.entrypoints.api.alerting_presenters import notification_out
from uptime_sentinel.entrypoints.api.alerting_schemas import NotificationList
from uptime_sentinel.entrypoints.api.common import Deps

STATUSES = tuple(s.value for s in DeliveryStatus)


@get(
    "/api/notifications",
    operation_id="listNotifications",
    tags=["notifications"],
    sync_to_thread=True,
    responses=alerting_responses(),
)
def list_notifications(
    container: Deps,
    monitor_id: FromQuery[UUID | None] = None,
    status: Annotated[
        str | None, QueryParameter(description=f"One of {', '.join(STATUSES)}.")
    ] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=500)] = 100,
    offset: Annotated[int, QueryParameter(ge=0)] = 0,
) -> NotificationList:
    """Newest decision first; `reason` says why a suppressed notice was not sent."""
    if status is not None and status not in STATUSES:
        raise InvalidAlertConfig("status", f"must be one of {', '.join(STATUSES)}")
    page = container.alerting.queries.notifications(
        monitor_id=monitor_id, status=status, limit=limit, offset=offset
    )
    items = [notification_out(n) for n in page.items]
    return NotificationList(items=items, total=page.total, limit=limit, offset=offset)
