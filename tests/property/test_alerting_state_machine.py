"""Alerting under random failures, recoveries, clock jumps, rule and policy changes,
notifier runs, channel outages, replays and restarts (one SQLite file, as embedded):

1. each escalation level fires at most once per incident;
2. a rule's failure notices are never closer together than its cooldown;
3. every incident that alerted gets its recovery notice (rules of type BOTH, every level);
4. a replay or a restart decides nothing new, and no notice is ever delivered twice."""

import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from uuid import UUID

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    multiple,
    rule,
)

from tests.support.alerting import AlertingHarness, FakeChannels
from tests.support.clock import ManualClock
from uptime_sentinel.adapters.memory.projection_store import InMemoryProjectionStore
from uptime_sentinel.application.alerting.process import TOPICS
from uptime_sentinel.domain.alerting.errors import AlertingConflict
from uptime_sentinel.domain.alerting.values import parse_cooldown

DSNS = ("webhook://http://127.0.0.1:9/a", "webhook://http://127.0.0.1:9/b")
COOLDOWNS = ("PT0S", "PT1M", "PT5M", "PT1H")
# Shrinking a failure replays thousands of examples: give it time rather than let the
# timeout interrupt it (hypothesis would then report the failure as flaky).
pytestmark = pytest.mark.timeout(900)
seconds = st.integers(min_value=1, max_value=900)
# Every step commits to SQLite: on tmpfs a commit costs microseconds, not an fsync.
FAST_TMP = "/dev/shm" if Path("/dev/shm").is_dir() else None


@dataclass
class RuleModel:
    type: str
    cooldown: timedelta
    enabled: bool = True
    last_notice: datetime | None = None


@dataclass
class Model:
    rules: dict[UUID, RuleModel] = field(default_factory=dict)
    failing: bool = False
    failures: int = 0  # consecutive
    incident: int = 0
    alerted_rules: set[UUID] = field(default_factory=set)  # in the open incident
    fired_levels: set[int] = field(default_factory=set)
    seen_levels: set[tuple[int, int]] = field(default_factory=set)  # (incident, level)


class AlertingMachine(RuleBasedStateMachine):
    rules_ = Bundle("rules")
    policies = Bundle("policies")

    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="alerting-sm-", dir=FAST_TMP))
        self.url = f"sqlite:///{self.dir / 'sentinel.db'}"
        self.store = InMemoryProjectionStore()
        self.clock = ManualClock()
        self.channels = FakeChannels()
        self.h = self._start()
        self.monitor_id = self.h.register()
        self.model = Model()
        self.rows_seen = 0

    def _start(self) -> AlertingHarness:
        return AlertingHarness(
            self.clock, database_url=self.url, store=self.store, channels=self.channels
        )

    def teardown(self) -> None:
        self.h.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def _new_rows(self) -> list[dict]:
        rows = self.h.log()
        new, self.rows_seen = rows[self.rows_seen :], len(rows)
        return [r for r in new if r["reason"] is None]

    # Checks ----------------------------------------------------------------------------

    @initialize(target=rules_, threshold=st.integers(1, 4), cooldown=st.sampled_from(COOLDOWNS))
    def configure_rule(self, threshold: int, cooldown: str) -> UUID:
        """Start from a typical setup (a BOTH rule, global levels) so that incidents alert."""
        return self.create_rule("BOTH", threshold, cooldown, DSNS[0])

    @initialize(target=policies, counts=st.lists(st.integers(1, 8), max_size=3))
    def configure_levels(self, counts: list[int]) -> object:
        created = [
            self.create_policy(level, count, False, DSNS[level % 2])
            for level, count in enumerate(counts, start=1)
        ]
        return multiple(*created)

    @rule(times=st.integers(1, 6), every=seconds)
    def fail(self, times: int, every: int) -> None:
        for _ in range(times):
            self._fail_once(every)

    def _fail_once(self, after: int) -> None:
        self.clock.advance(after)
        if not self.model.failing:
            self.model.failing, self.model.incident = True, self.model.incident + 1
            self.model.alerted_rules, self.model.fired_levels = set(), set()
        self.model.failures += 1
        self.h.check(self.monitor_id, ok=False)
        now = self.clock.now()
        for row in self._new_rows():
            assert row["incident"] == self.model.incident
            if row["kind"] == "ESCALATION":
                key = (row["incident"], row["level"])
                assert key not in self.model.seen_levels, "a level fired twice in one incident"
                self.model.seen_levels.add(key)
                self.model.fired_levels.add(row["level"])
            elif row["kind"] == "FAILURE":
                r = self.model.rules[UUID(row["source_id"])]
                if r.last_notice is not None:
                    assert now - r.last_notice >= r.cooldown, "failure notices inside cooldown"
                r.last_notice = now
                self.model.alerted_rules.add(UUID(row["source_id"]))
            else:
                raise AssertionError(f"unexpected notice on a failure: {row}")

    @rule(after=seconds)
    def recover(self, after: int) -> None:
        self.clock.advance(after)
        was_failing, self.model.failing = self.model.failing, False
        self.model.failures = 0
        self.h.check(self.monitor_id, ok=True)
        recoveries = self._new_rows()
        assert all(r["kind"] == "RECOVERY" for r in recoveries)
        if not was_failing:
            assert recoveries == []
            return
        told_rules = {UUID(r["source_id"]) for r in recoveries if r["source"] == "rule"}
        told_levels = {r["level"] for r in recoveries if r["source"] == "escalation"}
        owed = {
            rid
            for rid in self.model.alerted_rules
            if rid in self.model.rules
            and self.model.rules[rid].type == "BOTH"
            and self.model.rules[rid].enabled
        }
        assert owed <= told_rules, "an incident that alerted got no recovery notice"
        assert told_levels == self.model.fired_levels

    @rule(after=seconds)
    def wait(self, after: int) -> None:
        self.clock.advance(after)

    # Configuration ---------------------------------------------------------------------

    @rule(
        target=rules_,
        type=st.sampled_from(["FAILURE", "RECOVERY", "BOTH"]),
        threshold=st.integers(1, 6),
        cooldown=st.sampled_from(COOLDOWNS),
        dsn=st.sampled_from(DSNS),
    )
    def create_rule(self, type: str, threshold: int, cooldown: str, dsn: str) -> UUID:
        created, _, _ = self.h.config.create_rule(self.monitor_id, dsn, type, threshold, cooldown)
        self.model.rules[created.id] = RuleModel(type, parse_cooldown(cooldown))
        return created.id

    @rule(rule_id=rules_, threshold=st.integers(1, 6), cooldown=st.sampled_from(COOLDOWNS))
    def change_rule(self, rule_id: UUID, threshold: int, cooldown: str) -> None:
        if rule_id in self.model.rules:
            self.h.config.update_rule(rule_id, failure_threshold=threshold, cooldown=cooldown)
            self.model.rules[rule_id].cooldown = parse_cooldown(cooldown)

    @rule(rule_id=rules_, enabled=st.booleans())
    def toggle_rule(self, rule_id: UUID, enabled: bool) -> None:
        if rule_id in self.model.rules:
            self.h.config.set_rule_enabled(rule_id, enabled)
            self.model.rules[rule_id].enabled = enabled

    @rule(rule_id=consumes(rules_))
    def delete_rule(self, rule_id: UUID) -> None:
        if self.model.rules.pop(rule_id, None) is not None:
            self.h.config.delete_rule(rule_id)

    @rule(
        target=policies,
        level=st.integers(1, 3),
        count=st.integers(1, 8),
        mine=st.booleans(),
        dsn=st.sampled_from(DSNS),
    )
    def create_policy(self, level: int, count: int, mine: bool, dsn: str) -> UUID | None:
        self.h.settle()  # the level check reads the read model
        try:
            policy, _, _ = self.h.config.create_policy(
                self.monitor_id if mine else None, level, count, dsn
            )
        except AlertingConflict:
            return None
        return policy.id

    @rule(target=policies, policy_id=consumes(policies), ahead=st.integers(1, 3))
    def move_policy(self, policy_id: UUID | None, ahead: int) -> UUID | None:
        """Replace a level's policy with one a few failures ahead: mid-incident, the level
        could match a second time, which must not fire it twice."""
        count = self.model.failures + ahead
        view = None if policy_id is None else self.h.queries.policy(policy_id)
        if view is None:
            return None
        self.h.config.delete_policy(view.id)
        self.h.settle()
        moved, _, _ = self.h.config.create_policy(
            view.monitor_id, view.level, count, str(view.channel.id)
        )
        return moved.id

    @rule(policy_id=policies, enabled=st.booleans())
    def toggle_policy(self, policy_id: UUID | None, enabled: bool) -> None:
        if policy_id is not None and self.h.queries.policy(policy_id) is not None:
            self.h.config.set_policy_enabled(policy_id, enabled)

    @rule(policy_id=consumes(policies))
    def delete_policy(self, policy_id: UUID | None) -> None:
        if policy_id is not None and self.h.queries.policy(policy_id) is not None:
            self.h.config.delete_policy(policy_id)
            self.h.settle()

    # Delivery, replays and restarts -----------------------------------------------------

    @rule(down=st.sets(st.sampled_from(DSNS)))
    def deliver(self, down: set[str]) -> None:
        self.channels.down = set(down)
        self.h.deliver()

    @rule()
    def replay(self) -> None:
        head = self.h.alerting.recorder.max_notification_id()
        for notification in self.h.monitoring.recorder.select_notifications(1, 10_000):
            if notification.topic in TOPICS and self.h.process.handle(notification):
                # Only never-decided events may be decided: none are left after settle().
                raise AssertionError(f"replayed {notification.id} was decided again")
        assert self.h.alerting.recorder.max_notification_id() == head

    @rule()
    def restart(self) -> None:
        self.h.close()
        self.h = self._start()
        assert self.h.settle() == 0, "a restart decided something again"

    @invariant()
    def nothing_is_delivered_twice(self) -> None:
        keys = [m.notification_id for m in self.channels.all_sent()]
        assert len(keys) == len(set(keys))


AlertingMachine.TestCase.settings = settings(
    max_examples=80,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestAlertingStateMachine = AlertingMachine.TestCase
