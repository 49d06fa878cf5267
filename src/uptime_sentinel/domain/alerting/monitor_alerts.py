"""MonitorAlerts: what alerting has done for one monitor (incident number, levels fired,
each rule's last failure notice), and every decision it took, one event per fact.

The id is derived from the monitor's, so the alerting process finds it without an index."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from uptime_sentinel.domain.alerting.policy import (
    AlertConfig,
    Decision,
    Failure,
    FiredLevel,
    Incident,
    decide_failure,
    decide_recovery,
    open_incident,
    starts_incident,
)
from uptime_sentinel.domain.alerting.values import NoticeKind, Source, SuppressionReason

_NAMESPACE = UUID("a7d1c9e2-3b4f-4c5d-8e6f-7a8b9c0d1e2f")
Record = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Verdict:
    """A decision with its id (also the notification's id and idempotency key)."""

    id: UUID
    decision: Decision
    incident: Incident


class MonitorAlerts(Aggregate):
    class Started(Aggregate.Created):
        monitor_id: UUID

    class FailureEvaluated(Aggregate.Event):
        monitor_id: UUID  # repeated in each event for the delivery-log projection
        checked_at: datetime
        consecutive_failures: int
        error: str | None
        incident: int
        opened: bool
        decisions: list[Record]

    class RecoveryEvaluated(Aggregate.Event):
        monitor_id: UUID
        checked_at: datetime
        incident: int
        decisions: list[Record]

    class Forgotten(Aggregate.Event):
        pass

    @event(Started)
    def __init__(self, monitor_id: UUID) -> None:
        self.monitor_id = monitor_id
        # Plain types only: snapshots serialise these attributes as they are.
        self.incident_number = 0
        self.incident_open = False
        self.incident_started_at: datetime | None = None
        self.last_count = 0
        self.max_failures = 0
        self.last_error: str | None = None
        self.fired_levels: dict[str, dict[str, str]] = {}
        self.alerted_rules: list[str] = []
        self.rule_notices: dict[str, datetime] = {}

    @staticmethod
    def create_id(monitor_id: UUID) -> UUID:
        return uuid5(_NAMESPACE, str(monitor_id))

    @property
    def incident(self) -> Incident:
        return Incident(
            number=self.incident_number,
            open=self.incident_open,
            started_at=self.incident_started_at,
            last_count=self.last_count,
            max_failures=self.max_failures,
            last_error=self.last_error,
            fired_levels={
                int(level): FiredLevel(UUID(f["policy_id"]), UUID(f["channel_id"]))
                for level, f in self.fired_levels.items()
            },
            alerted_rules=frozenset(UUID(r) for r in self.alerted_rules),
        )

    # Commands ---------------------------------------------------------------------------

    def evaluate_failure(self, failure: Failure, config: AlertConfig) -> list[Verdict]:
        opened = starts_incident(self.incident, failure)
        incident = open_incident(self.incident, failure) if opened else self.incident
        notices = {UUID(k): v for k, v in self.rule_notices.items()}
        decisions = decide_failure(self.monitor_id, incident, notices, failure, config)
        decided = self._identify(decisions, incident)
        self._failure_evaluated(
            self.monitor_id,
            failure.checked_at,
            failure.consecutive_failures,
            failure.error,
            incident.number,
            opened,
            [_record(d) for d in decided],
        )
        return decided

    def evaluate_recovery(self, checked_at: datetime, config: AlertConfig) -> list[Verdict]:
        """Closes the open incident; outside one there is nothing to decide or record."""
        if not self.incident_open:
            return []
        incident = self.incident
        decided = self._identify(decide_recovery(incident, config), incident)
        records = [_record(d) for d in decided]
        self._recovery_evaluated(self.monitor_id, checked_at, incident.number, records)
        return decided

    def forget(self) -> None:
        """The monitor was deleted: close any incident without notices."""
        if self.incident_open or self.rule_notices:
            self._forget()

    def _identify(self, decisions: Sequence[Decision], incident: Incident) -> list[Verdict]:
        # The next event's version makes ids unique and the same on every retry.
        version = self.version + 1
        return [
            Verdict(uuid5(self.id, f"{version}:{i}"), d, incident) for i, d in enumerate(decisions)
        ]

    # Events -------------------------------------------------------------------------------

    @event(FailureEvaluated)
    def _failure_evaluated(
        self,
        monitor_id: UUID,
        checked_at: datetime,
        consecutive_failures: int,
        error: str | None,
        incident: int,
        opened: bool,
        decisions: list[Record],
    ) -> None:
        if opened:
            self.incident_number = incident
            self.incident_open = True
            self.incident_started_at = checked_at
            self.max_failures = 0
            self.fired_levels = {}
            self.alerted_rules = []
        self.last_count = consecutive_failures
        self.max_failures = max(self.max_failures, consecutive_failures)
        self.last_error = error
        for d in decisions:
            if d["reason"] is not None:
                continue
            if d["source"] == Source.RULE:
                self.rule_notices[d["source_id"]] = checked_at
                if d["source_id"] not in self.alerted_rules:
                    self.alerted_rules.append(d["source_id"])
            else:
                self.fired_levels[str(d["level"])] = {
                    "policy_id": d["source_id"],
                    "channel_id": d["channel_id"],
                }

    @event(RecoveryEvaluated)
    def _recovery_evaluated(
        self, monitor_id: UUID, checked_at: datetime, incident: int, decisions: list[Record]
    ) -> None:
        self.incident_open = False
        self.last_count = 0

    @event(Forgotten)
    def _forget(self) -> None:
        self.incident_open = False
        self.last_count = 0
        self.rule_notices = {}


def _record(decided: Verdict) -> Record:
    d = decided.decision
    return {
        "id": str(decided.id),
        "kind": d.kind.value,
        "source": d.source.value,
        "source_id": str(d.source_id),
        "channel_id": str(d.channel_id),
        "level": d.level,
        "reason": None if d.reason is None else d.reason.value,
    }


def decision_of(record: Record) -> tuple[UUID, Decision]:
    """A recorded decision back as (id, Decision): for read models and tests."""
    reason = record["reason"]
    return UUID(record["id"]), Decision(
        NoticeKind(record["kind"]),
        Source(record["source"]),
        UUID(record["source_id"]),
        UUID(record["channel_id"]),
        record["level"],
        None if reason is None else SuppressionReason(reason),
    )
