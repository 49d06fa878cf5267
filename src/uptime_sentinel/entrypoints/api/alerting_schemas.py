"""Wire format of the alerting resources. Ranges and enumerations are checked by the domain
(one place, one wording); a DSN is never echoed back unredacted."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from uptime_sentinel.entrypoints.api.schemas import Patch

ChannelRef = Annotated[
    str, Meta(description="A channel DSN (webhook://…, smtp://…, Slack, apprise) or a channel id.")
]
RuleType = Annotated[str, Meta(description="FAILURE, RECOVERY or BOTH.")]
Threshold = Annotated[int, Meta(description="Consecutive failures before the rule fires, ≥ 1.")]
Cooldown = Annotated[str, Meta(description="ISO-8601 duration between failure notices: PT1H.")]


class ChannelCreate(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    dsn: str


class ChannelOut(msgspec.Struct):
    id: UUID
    name: str
    type: str
    dsn: str  # redacted: passwords, tokens and signing keys as ***
    enabled: bool
    created_at: datetime
    updated_at: datetime


class ChannelTestOut(msgspec.Struct):
    delivered: bool
    error: str | None = None
    retryable: bool | None = None


class AlertRuleCreate(msgspec.Struct, forbid_unknown_fields=True):
    monitor_id: UUID
    channel: ChannelRef
    type: RuleType = "BOTH"
    failure_threshold: Threshold = 3
    cooldown: Cooldown = "PT1H"


class AlertRulePatch(Patch):
    """Absent fields stay as they are."""

    channel: ChannelRef | UnsetType = UNSET
    type: RuleType | UnsetType = UNSET
    failure_threshold: Threshold | UnsetType = UNSET
    cooldown: Cooldown | UnsetType = UNSET


class AlertRuleOut(msgspec.Struct):
    id: UUID
    monitor_id: UUID
    channel: ChannelOut
    type: str
    failure_threshold: int
    cooldown: str
    enabled: bool
    created_at: datetime
    updated_at: datetime


class EscalationPolicyCreate(msgspec.Struct, forbid_unknown_fields=True):
    level: Annotated[int, Meta(description="1, 2, 3 …: the order of escalation.")]
    consecutive_failures: Annotated[int, Meta(description="Fires at exactly this count.")]
    channel: ChannelRef
    monitor_id: UUID | None = None
    """null (or absent): a global policy, overridden per level by a monitor's own."""


class EscalationPolicyOut(msgspec.Struct):
    id: UUID
    monitor_id: UUID | None
    level: int
    consecutive_failures: int
    channel: ChannelOut
    enabled: bool
    created_at: datetime
    updated_at: datetime


class NotificationOut(msgspec.Struct):
    """One decision of alerting: a notice and its delivery, or a suppression and its reason."""

    id: UUID
    monitor_id: UUID
    incident: int
    kind: str  # FAILURE, RECOVERY, ESCALATION
    source: str  # rule, escalation
    rule_id: UUID | None
    escalation_policy_id: UUID | None
    level: int | None
    channel_id: UUID
    channel_name: str | None
    status: str  # pending, sending, delivered, dead_lettered, suppressed
    reason: str | None  # below_threshold, cooldown, already_escalated, disabled, …
    attempts: int
    last_error: str | None
    consecutive_failures: int
    occurred_at: datetime
    next_attempt_at: datetime | None
    delivered_at: datetime | None


class NotificationList(msgspec.Struct):
    items: list[NotificationOut]
    total: int
    limit: int
    offset: int
